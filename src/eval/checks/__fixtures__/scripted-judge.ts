import type { GenerateRequest, GenerateResult, LanguageModel } from '../../../providers/spec.js';

/**
 * The checks' stand-in for a remote judge model: it answers each request with the reply the
 * test scripts for it and keeps every request, so a test can read the prompts it was sent.
 */
export function createScriptedJudge(
  reply: (request: GenerateRequest) => string | Promise<string>,
  capabilities: Partial<LanguageModel['capabilities']> = {},
): LanguageModel & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    provider: 'test',
    modelId: 'judge',
    contextWindow: 8192,
    capabilities: { streaming: false, jsonSchema: false, extractive: false, ...capabilities },
    requests,
    async doGenerate(request: GenerateRequest): Promise<GenerateResult> {
      requests.push(request);
      return { text: await reply(request), usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop' };
    },
    doStream(): AsyncIterable<never> {
      throw new Error('not used');
    },
  };
}
