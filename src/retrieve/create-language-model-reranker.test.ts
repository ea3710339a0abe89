import { describe, expect, it } from 'vitest';
import type { GenerateRequest, LanguageModel } from '../providers/spec.js';
import { createLanguageModelReranker, parseRelevanceScores } from './create-language-model-reranker.js';

/** A scripted model standing in for a remote LLM: it replies with a fixed text and records the request. */
function scriptedModel(reply: string, seen: GenerateRequest[] = []): LanguageModel {
  return {
    provider: 'scripted',
    modelId: 'judge',
    contextWindow: 8192,
    capabilities: { streaming: false, jsonSchema: true, extractive: false },
    async doGenerate(request) {
      seen.push(request);
      return { text: reply, usage: { promptTokens: 10, completionTokens: 5 }, finishReason: 'stop' };
    },
    async *doStream() {},
  };
}

describe('createLanguageModelReranker', () => {
  it('asks for one score per passage with a JSON schema and returns them', async () => {
    const seen: GenerateRequest[] = [];
    const reranker = createLanguageModelReranker(scriptedModel('{"scores":[2,9,5]}', seen));
    const result = await reranker.doRerank({ query: 'refund window', documents: ['a', 'b', 'c'] });
    expect(result.scores).toEqual([2, 9, 5]);
    expect(seen[0]!.jsonSchema?.name).toBe('relevance_scores');
    expect(seen[0]!.messages[1]!.content).toContain('[2] b');
  });
  it('fails clearly on an unusable reply', async () => {
    const reranker = createLanguageModelReranker(scriptedModel('I think passage 2.'));
    await expect(reranker.doRerank({ query: 'q', documents: ['a', 'b'] })).rejects.toMatchObject({
      code: 'OUTPUT_INVALID',
    });
  });
  it('parses fenced or bare lists and rejects wrong lengths', () => {
    expect(parseRelevanceScores('```json\n{"scores": [1, 2]}\n```', 2)).toEqual([1, 2]);
    expect(parseRelevanceScores('[3, 4]', 2)).toEqual([3, 4]);
    expect(parseRelevanceScores('[3]', 2)).toBeNull();
  });
});
