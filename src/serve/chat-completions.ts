import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { toKnowhowError } from '../core/errors.js';
import { sourceLocationJson } from '../core/source-location.js';
import type { Citation, SearchHit } from '../core/types.js';
import {
  assembleLongContext,
  LONG_CONTEXT_RANKED_HITS,
  type LongContext,
  uniqueInOrder,
} from '../eval/index.js';
import { type AnswerResult, generateAnswer } from '../generate/index.js';
import type { ChatCompletionResponse, LongContextJson } from './api-types.js';
import { type ChatRequest, chatRequestSchema, readConversation } from './chat-request.js';
import { fieldError, toErrorResponse } from './error-response.js';
import {
  ARM_HEADER,
  ARM_OVERRIDE_HEADER,
  type Assignment,
  findExperiment,
  resolveAssignment,
} from './experiments-assign.js';
import { parseRequest } from './parse-request.js';
import { readJsonBody } from './read-body.js';
import { retrieveForRequest } from './retrieve-for-request.js';
import type { ServeEnv, ServeRuntime } from './serve-runtime.js';
import { describeModel, requireUsableModel, type ServedModel } from './served-models.js';

export interface CitationJson {
  marker: number;
  chunk_id: string;
  document_id: string;
  title: string;
  heading_path: string[];
  source: string;
  start: number;
  end: number;
  /** Where the passage stands in the file (see SourceLocation): file offsets, lines, PDF pages. */
  source_start?: number;
  source_end?: number;
  line?: number;
  end_line?: number;
  page?: number;
  end_page?: number;
}

export function toCitationJson(citation: Citation): CitationJson {
  return {
    marker: citation.marker,
    chunk_id: citation.chunkId,
    document_id: citation.documentId,
    title: citation.title,
    heading_path: citation.headingPath,
    source: citation.source,
    start: citation.start,
    end: citation.end,
    ...sourceLocationJson(citation),
  };
}

interface PreparedChat {
  request: ChatRequest;
  served: ServedModel;
  question: string;
  systemPrompt?: string;
  history: { question: string; answer: string }[];
  maxTokens: number;
  hits: SearchHit[];
  retrievalMs: number;
  /** The long-context architecture: how the reader's documents were packed. */
  longContext?: LongContext;
  /** The request named an experiment: the arm answering it. */
  assignment?: Assignment;
}

function selectModel(runtime: ServeRuntime, name: string): ServedModel {
  const served = runtime.served.find((entry) => entry.id === name);
  if (served) return served;
  const names = runtime.served.map((entry) => entry.id).join(', ');
  const tunedHint =
    (name === 'tuned' || name === 'hybrid') && !runtime.served.some((entry) => entry.id === 'tuned')
      ? ' (tuned and hybrid need a tuned model: `knowhow tune register`, or models.tuned in knowhow.yaml)'
      : '';
  throw fieldError(
    'INPUT_NOT_FOUND',
    'model',
    `The model "${name}" is not served here${tunedHint}.`,
    `Use one of: ${names} (GET /v1/models lists them).`,
  );
}

async function prepareChat(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<PreparedChat> {
  const body = await readJsonBody(c.req.raw, runtime.maxBodyBytes);
  const request = parseRequest(chatRequestSchema, body, 'chat.completions');
  const experiment = findExperiment(runtime.config.serve.experiments, request.model);
  // Sticky per user: OpenAI's `user` field when the client sends one, else the key's name.
  const assignment = experiment
    ? resolveAssignment({
        experiment,
        user: request.user ?? c.get('principal').keyName,
        override: c.req.header(ARM_OVERRIDE_HEADER),
      })
    : undefined;
  const served = selectModel(runtime, assignment?.arm ?? request.model);
  requireUsableModel(c.get('principal'), served);
  const conversation = readConversation(request.messages);
  const asked = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (asked !== undefined && asked > runtime.maxTokens) {
    throw fieldError(
      'INPUT_INVALID',
      request.max_completion_tokens ? 'max_completion_tokens' : 'max_tokens',
      `max_tokens ${asked} is over this server's limit of ${runtime.maxTokens}.`,
      `Ask for at most ${runtime.maxTokens} tokens (the limit follows models.answer.maxTokens).`,
    );
  }
  const maxTokens = asked ?? Math.min(runtime.maxTokens, 1024);
  let hits: SearchHit[] = [];
  let retrievalMs = 0;
  let longContext: LongContext | undefined;
  if (served.context === 'retrieved') {
    const retrieved = await retrieveForRequest(runtime, {
      query: conversation.question,
      reader: c.get('principal').reader,
      signal: c.get('deadline').signal,
    });
    hits = retrieved.hits;
    retrievalMs = retrieved.timings.retrieveMs + retrieved.timings.rerankMs;
  } else if (served.context === 'documents') {
    const started = performance.now();
    longContext = await packReaderDocuments(c, runtime, {
      question: conversation.question,
      served,
      maxTokens,
    });
    hits = longContext.hits;
    retrievalMs = performance.now() - started;
  }
  return {
    request,
    served,
    question: conversation.question,
    history: conversation.history,
    ...(conversation.systemPrompt ? { systemPrompt: conversation.systemPrompt } : {}),
    maxTokens,
    hits,
    retrievalMs,
    ...(longContext ? { longContext } : {}),
    ...(assignment ? { assignment } : {}),
  };
}

/**
 * The long-context architecture's passages, packed by the same code as eval's long-context
 * variant: the documents this key may read (read as this key, never another group's), whole,
 * within the window less this request's max tokens; ranked by retrieval — as this key — when they
 * do not all fit.
 */
async function packReaderDocuments(
  c: Context<ServeEnv>,
  runtime: ServeRuntime,
  options: { question: string; served: ServedModel; maxTokens: number },
): Promise<LongContext> {
  const reader = c.get('principal').reader;
  const signal = c.get('deadline').signal;
  return assembleLongContext({
    documents: await runtime.readerDocuments.read(reader),
    reader,
    question: options.question,
    model: options.served.model,
    answerTokens: options.maxTokens,
    async rankDocuments() {
      const ranked = await retrieveForRequest(runtime, {
        query: options.question,
        reader,
        k: LONG_CONTEXT_RANKED_HITS,
        signal,
      });
      return uniqueInOrder(ranked.hits.map((hit) => hit.chunk.documentId));
    },
  });
}

function longContextJson(packed: LongContext, answer: AnswerResult): LongContextJson {
  return {
    documents: packed.documents,
    readable_documents: packed.readable,
    tokens: packed.tokens,
    readable_tokens: packed.readableTokens,
    budget_tokens: packed.budgetTokens,
    ranked: packed.ranked,
    passages: answer.passages.length,
    dropped_passages: packed.hits.length - answer.passages.length,
  };
}

function answerOptions(runtime: ServeRuntime, chat: PreparedChat, signal: AbortSignal) {
  const systemPrompt = chat.systemPrompt ?? runtime.config.eval.systemPrompt;
  return {
    model: chat.served.model,
    question: chat.question,
    ...(chat.served.context === 'none' ? {} : { hits: chat.hits }),
    ...(systemPrompt ? { systemPrompt } : {}),
    ...(chat.history.length > 0 ? { examples: chat.history } : {}),
    maxTokens: chat.maxTokens,
    ...(chat.request.temperature === null || chat.request.temperature === undefined
      ? {}
      : { temperature: chat.request.temperature }),
    signal,
  };
}

function finishReason(answer: AnswerResult, maxTokens: number): 'stop' | 'length' {
  return answer.usage.completionTokens >= maxTokens && !answer.extractive ? 'length' : 'stop';
}

function usageJson(answer: AnswerResult) {
  return {
    prompt_tokens: answer.usage.promptTokens,
    completion_tokens: answer.usage.completionTokens,
    total_tokens: answer.usage.promptTokens + answer.usage.completionTokens,
  };
}

function extensionJson(chat: PreparedChat, answer: AnswerResult) {
  return {
    architecture: chat.served.id,
    model: describeModel(chat.served.model),
    extractive: answer.extractive,
    retrieval_ms: Math.round(chat.retrievalMs * 10) / 10,
    answer_ms: Math.round(answer.latencyMs * 10) / 10,
    invalid_markers: answer.invalidMarkers,
    ...(chat.longContext ? { long_context: longContextJson(chat.longContext, answer) } : {}),
    ...(chat.assignment
      ? {
          arm: {
            experiment: chat.assignment.experiment,
            arm: chat.assignment.arm,
            overridden: chat.assignment.overridden,
          },
        }
      : {}),
  };
}

/** An experiment's answer goes into its log with its checks; a failed append is logged, never the answer's failure. */
async function recordExperiment(
  runtime: ServeRuntime,
  chat: PreparedChat,
  responseId: string,
  answer: AnswerResult,
): Promise<void> {
  if (!chat.assignment) return;
  try {
    await runtime.experiments.recordResponse({
      assignment: chat.assignment,
      responseId,
      answer,
      latencyMs: chat.retrievalMs + answer.latencyMs,
      now: runtime.now(),
    });
  } catch (error) {
    runtime.log(`experiment log append failed: ${describeForLog(error)}`);
  }
}

/**
 * POST /v1/chat/completions: OpenAI's chat completion (non-streaming and SSE streaming) with the
 * answer grounded in retrieved passages. Citations travel in a `citations` field beside the
 * standard message (and in the last stream chunk), so OpenAI clients work unchanged.
 */
export async function handleChatCompletion(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<Response> {
  const chat = await prepareChat(c, runtime);
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(runtime.now() / 1000);
  if (chat.request.stream) return streamChatCompletion(c, runtime, chat, id, created);

  const answer = await generateAnswer(answerOptions(runtime, chat, c.get('deadline').signal));
  await recordExperiment(runtime, chat, id, answer);
  if (chat.assignment) c.header(ARM_HEADER, `${chat.assignment.experiment}/${chat.assignment.arm}`);
  return c.json({
    id,
    object: 'chat.completion',
    created,
    model: chat.served.id,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.displayText, refusal: null },
        logprobs: null,
        finish_reason: finishReason(answer, chat.maxTokens),
      },
    ],
    usage: usageJson(answer),
    citations: answer.citations.map(toCitationJson),
    knowhow: extensionJson(chat, answer),
  } satisfies ChatCompletionResponse);
}

function streamChatCompletion(
  c: Context<ServeEnv>,
  runtime: ServeRuntime,
  chat: PreparedChat,
  id: string,
  created: number,
): Response {
  const release = c.get('deadline').hold();
  const stop = new AbortController();
  const deadline = c.get('deadline').signal;
  const signal = AbortSignal.any([deadline, stop.signal]);
  const encoder = new TextEncoder();
  let sink: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const send = (data: unknown) => {
    if (!open || !sink) return;
    sink.enqueue(encoder.encode(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`));
  };
  const chunk = (
    delta: Record<string, unknown>,
    reason: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: chat.served.id,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
    ...extra,
  });

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller;
    },
    cancel() {
      // The client went away: stop generating; nothing else is written.
      open = false;
      stop.abort();
    },
  });

  const pump = async () => {
    try {
      send(chunk({ role: 'assistant', content: '' }, null));
      const answer = await generateAnswer({
        ...answerOptions(runtime, chat, signal),
        onDelta: (text) => {
          if (signal.aborted) {
            throw signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');
          }
          send(chunk({ content: text }, null));
        },
      });
      await recordExperiment(runtime, chat, id, answer);
      send(chunk({}, finishReason(answer, chat.maxTokens)));
      if (chat.request.stream_options?.include_usage) {
        send({
          id,
          object: 'chat.completion.chunk',
          created,
          model: chat.served.id,
          choices: [],
          usage: usageJson(answer),
        });
      }
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: chat.served.id,
        choices: [],
        citations: answer.citations.map(toCitationJson),
        knowhow: extensionJson(chat, answer),
      });
      send('[DONE]');
    } catch (error) {
      const known = toKnowhowError(error);
      if (known.code !== 'CANCELLED' && open) {
        const response = toErrorResponse(
          signal.aborted && deadline.aborted ? deadline.reason : error,
          runtime.roots,
        );
        if (response.error.code === 'INTERNAL') runtime.log(`chat stream failed: ${describeForLog(error)}`);
        send(response.body);
      }
    } finally {
      release();
      if (open) {
        open = false;
        try {
          sink?.close();
        } catch {
          // already closed by a cancelled reader
        }
      }
    }
  };
  void pump();
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      ...(chat.assignment ? { [ARM_HEADER]: `${chat.assignment.experiment}/${chat.assignment.arm}` } : {}),
    },
  });
}

export function describeForLog(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
