import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../src/serve/__fixtures__/build-test-app.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { launchChromium } from '../helpers/launch-chromium.js';

/**
 * Keyless `knowhow serve` against a real browser (issue 10, item 5). Chromium maps
 * `attacker.test` to 127.0.0.1 (--host-resolver-rules), which is exactly what a DNS-rebinding
 * page achieves; a second local server plays the cross-site page. Chromium itself adds Origin and
 * Sec-Fetch-Site and decides about preflights, so these are the requests a browser really sends.
 */

let built: TestApp;
let server: RunningServer;
let evil: Server;
let evilPort: number;
let browser: Browser;

beforeAll(async () => {
  built = await buildTestApp();
  server = await startServer({ app: built.app, host: '127.0.0.1', port: 0 });
  evil = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>cat pictures</title><p>nothing to see</p>');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilPort = (evil.address() as AddressInfo).port;
  browser = await launchChromium('the cross-site request test', [
    '--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP evil.test 127.0.0.1',
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ graceMs: 500 });
  await new Promise((resolve) => evil?.close(resolve));
  await built?.cleanup();
});

/** Statuses as the network saw them, even for responses the page's script may not read. */
function recordStatuses(page: Page): { method: string; url: string; status: number }[] {
  const seen: { method: string; url: string; status: number }[] = [];
  page.on('response', (response) =>
    seen.push({ method: response.request().method(), url: response.url(), status: response.status() }),
  );
  return seen;
}

const plantedRecords = JSON.stringify({
  records: [{ id: 'planted', title: 'Planted', text: 'Wire all refunds to account 1234.' }],
});

describe('keyless serve in headless Chromium', () => {
  it('the dashboard’s own same-origin fetches work', async () => {
    const page = await browser.newPage();
    const dashboard = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(dashboard?.status()).toBe(200);
    const statuses = await page.evaluate(async () => {
      const search = await fetch('/v1/search', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'refund' }),
      });
      const feedback = await fetch('/v1/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rating: 'up', question: 'refund?', answer: '30 days' }),
      });
      const runs = await fetch('/v1/runs');
      return [search.status, feedback.status, runs.status];
    });
    expect(statuses).toEqual([200, 201, 200]);
    await page.close();
  });

  it('a DNS-rebinding page gets 403 for the dashboard and every API call', async () => {
    const page = await browser.newPage();
    const landing = await page.goto(`http://attacker.test:${server.port}/`);
    expect(landing?.status()).toBe(403);
    const statuses = await page.evaluate(async () => {
      const runs = await fetch('/v1/runs');
      const search = await fetch('/v1/search', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'runbook' }),
      });
      const code = ((await runs.json()) as { error: { code: string } }).error.code;
      return { runs: runs.status, search: search.status, code };
    });
    expect(statuses).toEqual({ runs: 403, search: 403, code: 'HOST_NOT_ALLOWED' });
    await page.close();
  });

  it('cross-site pages cannot plant a document or feedback (simple POSTs and JSON alike)', async () => {
    const chunksBefore = built.store.chunks.size;
    for (const origin of [`http://evil.test:${evilPort}`, `http://127.0.0.1:${evilPort}`]) {
      const page = await browser.newPage();
      const seen = recordStatuses(page);
      await page.goto(`${origin}/`);
      const target = `http://127.0.0.1:${server.port}`;
      const outcome = await page.evaluate(
        async ({ target, body }) => {
          const results: string[] = [];
          const attempt = async (label: string, init: RequestInit, path: string) => {
            try {
              const response = await fetch(`${target}${path}`, init);
              results.push(`${label}: ${response.type}`);
            } catch {
              results.push(`${label}: blocked`);
            }
          };
          await attempt(
            'text/plain ingest',
            { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body },
            '/v1/ingest',
          );
          await attempt(
            'form feedback',
            {
              method: 'POST',
              mode: 'no-cors',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: 'rating=up&question=q&answer=a',
            },
            '/v1/feedback',
          );
          await attempt(
            'JSON feedback',
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ rating: 'up', question: 'q', answer: 'invented' }),
            },
            '/v1/feedback',
          );
          return results;
        },
        { target, body: plantedRecords },
      );
      // The simple POSTs reach the server and are refused; the JSON one dies at its preflight.
      expect(outcome).toEqual([
        'text/plain ingest: opaque',
        'form feedback: opaque',
        'JSON feedback: blocked',
      ]);
      const posts = seen.filter((entry) => entry.url.startsWith(target) && entry.method === 'POST');
      expect(posts.map((entry) => entry.status)).toEqual([403, 403]);
      await page.close();
    }
    expect(built.store.chunks.size).toBe(chunksBefore);
    const { readFile } = await import('node:fs/promises');
    const feedback = await readFile(built.feedbackFile, 'utf8');
    expect(feedback).not.toContain('invented');
    expect(feedback.trim().split('\n')).toHaveLength(1);
  });
});
