import { contentWords, isLanguage, type Language, segmentSentences } from '../../analyze/index.js';
import { estimateTokens } from '../../core/text/count-tokens.js';
import type { ContextPassage, GenerateRequest, GenerateResult, LanguageModel, StreamPart } from '../spec.js';

export const EXTRACTIVE_LABEL =
  'extractive answer (no language model configured: sentences quoted from the sources)';

export const NO_CONTEXT_ANSWER =
  'I cannot answer this: no passages were given, and the extractive answerer only quotes from given passages.';

export const NOT_FOUND_ANSWER = 'The given passages do not answer this question.';

export interface ExtractiveOptions {
  /** Most sentences quoted in one answer. */
  maxSentences?: number;
}

interface ScoredSentence {
  passage: ContextPassage;
  text: string;
  position: number;
  score: number;
  /** Distinct question terms the sentence contains. */
  matched: number;
}

/** Markdown decoration removed for quoting: emphasis, links (text kept), list and quote markers. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|\s)\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/^\s*(?:[-*+]|\d+[.)]|>)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The language a passage was indexed in: its words and sentences are read the same way. */
function languageOf(passage: ContextPassage): Language {
  return isLanguage(passage.chunk.language) ? passage.chunk.language : 'english';
}

/**
 * Quotable units of a passage: sentences of prose lines and list items, and table rows read as
 * "cell — cell". Headings and code are context, not answers, so they are never quoted.
 * Sentences are found as the passage's language writes them (analyze/segment-sentences.ts).
 */
function quotableSentences(
  text: string,
  title: string,
  language: Language,
): { text: string; position: number }[] {
  const sentences: { text: string; position: number }[] = [];
  let inCode = false;
  let tableHeader: string[] | null = null;
  // Hard-wrapped Markdown continues a sentence on the next line: prose lines are joined into
  // their paragraph (or list item) before sentences are found.
  let paragraph: string[] = [];
  const flush = () => {
    const joined = paragraph.join(' ');
    paragraph = [];
    for (const span of segmentSentences(joined, language)) {
      const sentence = plainText(joined.slice(span.start, span.end));
      if (tooShort(sentence, language) || sentence.toLowerCase() === title.toLowerCase()) continue;
      sentences.push({ text: sentence, position: sentences.length });
    }
  };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode || !trimmed || /^#{1,6}\s/.test(trimmed) || /^(---+|\*\*\*+)$/.test(trimmed)) {
      flush();
      tableHeader = null;
      continue;
    }
    if (trimmed.startsWith('|')) {
      flush();
      const cells = trimmed
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => plainText(cell));
      if (cells.every((cell) => /^:?-+:?$/.test(cell) || cell === '')) continue;
      if (!tableHeader) {
        tableHeader = cells;
        continue;
      }
      const row = cells
        .map((cell, i) => (tableHeader?.[i] && i > 0 ? `${tableHeader[i]}: ${cell}` : cell))
        .join(' — ');
      sentences.push({ text: row, position: sentences.length });
      continue;
    }
    tableHeader = null;
    // A list item starts a new unit; its wrapped continuation lines join it.
    if (/^(?:[-*+]|\d+[.)])\s/.test(trimmed)) flush();
    paragraph.push(trimmed);
  }
  flush();
  return sentences;
}

/** Fewer than three words is a fragment, not an answer; Thai and CJK words are counted by the analyzer. */
function tooShort(sentence: string, language: Language): boolean {
  if (sentence.split(' ').length >= 3) return false;
  return language === 'english' || contentWords(sentence, language).size < 3;
}

/** Questions that ask for a quantity are answered by sentences that hold a number. */
const asksForQuantity =
  /\b(how (long|many|much|often|far|soon)|when|what (is|are) the .*(price|cost|limit|rate|size|window|fee|retention|timeout|number)|which (day|date|year))\b/i;

/**
 * The no-model answerer as a LanguageModel: it quotes the passages' sentences that best
 * match the question, each with its [n]. It never generates text, so it can only answer
 * from context; every result is marked `extractive`.
 */
export function createExtractiveLanguageModel(options: ExtractiveOptions = {}): LanguageModel {
  const maxSentences = options.maxSentences ?? 3;

  const answer = (request: GenerateRequest): GenerateResult => {
    const promptTokens = request.messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
    const lastUser =
      [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    const questionText = lastUser.includes('Question: ')
      ? lastUser.slice(lastUser.lastIndexOf('Question: ') + 10)
      : lastUser;
    const passages = request.context ?? [];
    let text: string;
    if (passages.length === 0) {
      text = NO_CONTEXT_ANSWER;
    } else {
      text = selectSentences(questionText, passages, maxSentences) ?? NOT_FOUND_ANSWER;
    }
    return {
      text,
      usage: { promptTokens, completionTokens: estimateTokens(text) },
      finishReason: 'stop',
      extractive: true,
    };
  };

  return {
    provider: 'extractive',
    modelId: 'extractive',
    contextWindow: 32_768,
    capabilities: { streaming: true, jsonSchema: false, extractive: true },
    async doGenerate(request) {
      request.signal?.throwIfAborted();
      return answer(request);
    },
    async *doStream(request): AsyncIterable<StreamPart> {
      request.signal?.throwIfAborted();
      const result = answer(request);
      for (const piece of result.text.match(/\S+\s*/g) ?? []) yield { type: 'text-delta', text: piece };
      yield { type: 'finish', usage: result.usage, finishReason: 'stop', extractive: true };
    },
    countTokens: estimateTokens,
  };
}

function selectSentences(question: string, passages: ContextPassage[], maxSentences: number): string | null {
  // The question is read in each passage's language, so that its words meet the passage's.
  const questionTermsByLanguage = new Map<Language, Set<string>>();
  const questionTermsFor = (language: Language): Set<string> => {
    let terms = questionTermsByLanguage.get(language);
    if (!terms) {
      terms = contentWords(question, language);
      questionTermsByLanguage.set(language, terms);
    }
    return terms;
  };
  if (passages.every((passage) => questionTermsFor(languageOf(passage)).size === 0)) return null;
  const candidates: ScoredSentence[] = [];
  const documentFrequency = new Map<string, number>();
  const sentenceTerms: { sentence: ScoredSentence; terms: Set<string> }[] = [];
  for (const passage of passages) {
    const language = languageOf(passage);
    for (const sentence of quotableSentences(passage.chunk.text, passage.chunk.title, language)) {
      const terms = contentWords(sentence.text, language);
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      const scored: ScoredSentence = {
        passage,
        text: sentence.text,
        position: sentence.position,
        score: 0,
        matched: 0,
      };
      sentenceTerms.push({ sentence: scored, terms });
    }
  }
  const total = sentenceTerms.length;
  const wantsNumber = asksForQuantity.test(question);
  const titleTerms = (passage: ContextPassage) =>
    contentWords(`${passage.chunk.title} ${passage.chunk.headingPath.join(' ')}`, languageOf(passage));
  for (const { sentence, terms } of sentenceTerms) {
    const questionTerms = questionTermsFor(languageOf(sentence.passage));
    let score = 0;
    let matched = 0;
    for (const term of questionTerms) {
      if (terms.has(term)) {
        score += Math.log(1 + total / (documentFrequency.get(term) ?? 1));
        matched++;
      }
    }
    if (matched === 0) continue;
    sentence.matched = matched;
    // Heading context counts a little: a sentence under "Refund window" answers refund questions.
    const headings = titleTerms(sentence.passage);
    for (const term of questionTerms) if (headings.has(term) && !terms.has(term)) score += 0.25;
    if (wantsNumber && /\d/.test(sentence.text)) score += 1;
    // Very long sentences match by volume; normalise gently.
    // Within-context IDF undervalues the topic word every passage shares, so the retriever's
    // ranking (passage order) weighs in as well.
    score = score / Math.sqrt(Math.max(1, terms.size / 8)) / (1 + 0.15 * (sentence.passage.marker - 1));
    sentence.score = score;
    candidates.push(sentence);
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]!.score;
  const bestMatched = candidates[0]!.matched;
  // Companions must be nearly as good and share most of the best sentence's question terms:
  // a sentence that merely repeats one common word ("customers") is noise, not support.
  const chosen = candidates
    .filter((candidate) => candidate.matched * 2 >= bestMatched && candidate.score >= best * 0.7)
    .slice(0, maxSentences);
  chosen.sort((a, b) => a.passage.marker - b.passage.marker || a.position - b.position);
  return chosen
    .map((sentence) => `${sentence.text.replace(/\s*$/, '')} [${sentence.passage.marker}]`)
    .join(' ');
}
