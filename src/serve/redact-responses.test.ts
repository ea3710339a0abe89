import { afterEach, describe, expect, it } from 'vitest';
import { KnowhowError } from '../core/errors.js';
import { forgetSecrets, REDACTED, registerSecret } from '../core/secrets.js';
import type { LanguageModel, StreamPart } from '../providers/spec.js';
import { ADMIN_KEY, bearer, buildTestApp, postJson, type TestApp } from './__fixtures__/build-test-app.js';

const LEAKED = 'sk-upstream-abcdef0123456789';

/** A model whose upstream fails mid-stream with the key in its message (the stream error). */
function leakyModel(): LanguageModel {
  return {
    provider: 'test',
    modelId: 'leaky',
    contextWindow: 8192,
    capabilities: { streaming: true, jsonSchema: false, extractive: false },
    async doGenerate() {
      throw new Error(`upstream said: bad key ${LEAKED}`);
    },
    async *doStream(): AsyncIterable<StreamPart> {
      yield { type: 'text-delta', text: 'Partial ' };
      throw new KnowhowError('PROVIDER_UNAVAILABLE', `stream died for key ${LEAKED}`);
    },
  };
}

const apps: TestApp[] = [];
afterEach(async () => {
  forgetSecrets();
  for (const built of apps.splice(0)) await built.cleanup();
});

describe('redactResponses', () => {
  it('redacts registered secrets from JSON errors, SSE error events and logs', async () => {
    const built = await buildTestApp({ keys: [ADMIN_KEY], overrides: { models: { answer: leakyModel() } } });
    apps.push(built);
    registerSecret(LEAKED);
    registerSecret(ADMIN_KEY.key);
    const chat = (body: Record<string, unknown>) =>
      built.app.request(
        '/v1/chat/completions',
        postJson(
          { model: 'prompt', messages: [{ role: 'user', content: 'hi' }], ...body },
          bearer(ADMIN_KEY),
        ),
      );
    const unknown = await (await chat({ model: ADMIN_KEY.key })).text();
    expect(unknown).toContain(REDACTED);
    expect(unknown).not.toContain(ADMIN_KEY.key);
    const stream = await (await chat({ stream: true })).text();
    expect(stream).toContain('Partial');
    expect(stream).toContain(`stream died for key ${REDACTED}`);
    const plain = await (await chat({})).text();
    expect(`${stream}${plain}${built.logs.join('\n')}`).not.toContain(LEAKED);
  });

  it('leaves responses alone when nothing is registered', async () => {
    const built = await buildTestApp();
    apps.push(built);
    const response = await built.app.request('/healthz');
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
