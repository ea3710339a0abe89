import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../load-cases.js';
import { runChecks } from './run-checks.js';
import { summarizeVerdicts } from './summarize-verdicts.js';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/helpdesk');

/**
 * The answers the extractive answerer gave under `rag` in the demo before cases could rule out a
 * superseded value: each quotes a stale article next to the changelog entry that replaced it.
 */
const staleAnswers: Record<string, string> = {
  'webhook-retry-schedule':
    'Failed deliveries are retried up to 5 times over 6 hours, with increasing gaps between attempts. [1] Failed webhook deliveries are now retried up to 8 times over 24 hours, with exponential backoff between attempts. [2]',
  'export-link-expiry':
    'When the export is ready, we email a download link to the person who started it. [1] The link is valid for 7 days and works only for that person, signed in to Quillstack. [1] Download links for data exports now expire after 72 hours instead of 7 days, to reduce the time that a full copy of your data is available for download. [2]',
};

describe('stale and contradicting facts in the bundled example', () => {
  const loaded = loadCases({ directory: 'cases', root: example });

  for (const [caseId, answer] of Object.entries(staleAnswers)) {
    it(`${caseId}: an answer that states the superseded value next to the current one fails on content`, async () => {
      const { cases, problems } = await loaded;
      expect(problems).toEqual([]);
      const testCase = cases.find((candidate) => candidate.id === caseId);
      if (!testCase) throw new Error(`no case ${caseId} in the example`);
      const checks = await runChecks({ testCase, answer, citations: [], context: [], k: 5 });
      expect(summarizeVerdicts(checks).content).toBe('fail');
      const forbidden = checks.find((check) => check.name === 'must-not-contain');
      expect(forbidden?.verdict).toBe('fail');
    });
  }
});
