import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildReporterInput,
  CONTROL_ANSWER,
  FORMULA_QUESTION,
} from '../__fixtures__/sample-reporter-input.js';
import { junitReporter } from './junit-reporter.js';

interface Parsed {
  testsuites: {
    '@_name': string;
    '@_tests': string;
    '@_failures': string;
    '@_errors': string;
    testsuite: {
      '@_name': string;
      '@_tests': string;
      '@_failures': string;
      '@_errors': string;
      '@_skipped': string;
      '@_timestamp'?: string;
      '@_time'?: string;
      properties: { property: { '@_name': string; '@_value': string }[] };
      testcase: {
        '@_name': string;
        '@_classname': string;
        '@_file': string;
        '@_time'?: string;
        failure?: { '@_message': string; '@_type': string; '#text': string };
        error?: { '@_message': string; '@_type': string; '#text': string };
        skipped?: unknown;
      }[];
    }[];
  };
}

/** Parsed by fast-xml-parser, a strict, maintained XML parser independent of the writer. */
function parse(xml: string): Parsed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
    cdataPropName: false,
  }).parse(xml) as Parsed;
}

describe('junitReporter', () => {
  it('writes one testsuite per variant and one testcase per case, with counts CI systems read', async () => {
    const input = buildReporterInput(['prompt', 'few-shot', 'rag', 'oracle']);
    const parsed = parse(await junitReporter.render(input));
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((suite) => suite['@_name'])).toEqual([
      'prompt',
      'few-shot',
      'rag',
      'oracle',
      'tuned',
      'hybrid',
    ]);
    const caseCount = input.cases.length;
    for (const suite of suites) {
      expect(suite.testcase).toHaveLength(caseCount);
      expect(Number(suite['@_tests'])).toBe(caseCount);
    }
    const rag = suites.find((suite) => suite['@_name'] === 'rag')!;
    const ragRows = input.rows.filter((row) => row.variant === 'rag');
    expect(Number(rag['@_failures'])).toBe(ragRows.filter((row) => !row.passed && !row.error).length);
    expect(Number(rag['@_errors'])).toBe(ragRows.filter((row) => row.error).length);
    expect(rag.testcase.map((testCase) => testCase['@_name'])).toEqual(ragRows.map((row) => row.caseId));
    expect(rag.testcase.every((testCase) => testCase['@_classname'] === 'rag')).toBe(true);
    expect(rag.testcase[0]?.['@_file']).toBe('cases/support & billing.yaml');
    expect(rag['@_timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(rag.properties.property).toContainEqual({ '@_name': 'model', '@_value': ragRows[0]?.model });
    expect(Number(parsed.testsuites['@_tests'])).toBe(caseCount * 6);
  });

  it('puts the failing checks in each failure, model errors in <error>, and variants that did not run as skipped', async () => {
    const sample = buildReporterInput(['prompt', 'few-shot', 'rag', 'oracle']);
    // A train-split case is among the cases but never ran: it is no test of any variant.
    const input = {
      ...sample,
      cases: [...sample.cases, { id: 'train-only', tags: [], origin: { file: 'cases/t.yaml', line: 1 } }],
    };
    const suites = parse(await junitReporter.render(input)).testsuites.testsuite;
    expect(
      suites.every((suite) => suite.testcase.every((testCase) => testCase['@_name'] !== 'train-only')),
    ).toBe(true);
    const failingRow = input.rows.find((row) => !row.passed && !row.error)!;
    const failing = suites
      .find((suite) => suite['@_name'] === failingRow.variant)!
      .testcase.find((testCase) => testCase['@_name'] === failingRow.caseId)!;
    const failedChecks = failingRow.checks.filter((check) => check.verdict === 'fail');
    expect(failedChecks.length).toBeGreaterThan(0);
    for (const check of failedChecks) {
      expect(failing.failure?.['@_message']).toContain(`${check.name}: ${check.reason}`);
      expect(failing.failure?.['#text']).toContain(`FAIL    ${check.kind}/${check.name}: ${check.reason}`);
    }
    expect(failing.failure?.['@_type']).toBe([...new Set(failedChecks.map((check) => check.kind))].join(','));

    const erroredRow = input.rows.find((row) => row.error)!;
    const errored = suites
      .find((suite) => suite['@_name'] === erroredRow.variant)!
      .testcase.find((testCase) => testCase['@_name'] === erroredRow.caseId)!;
    expect(errored.error).toMatchObject({
      '@_type': erroredRow.error!.code,
      '@_message': erroredRow.error!.message,
    });
    expect(errored.failure).toBeUndefined();

    const tuned = suites.find((suite) => suite['@_name'] === 'tuned')!;
    expect(Number(tuned['@_skipped'])).toBe(sample.cases.length);
    expect(tuned.testcase.every((testCase) => testCase.skipped !== undefined)).toBe(true);
    expect(tuned.properties.property).toContainEqual({
      '@_name': 'skipped',
      '@_value': input.skippedVariants[0]?.reason,
    });
  });

  it('keeps hostile text intact but for the characters XML 1.0 cannot hold', async () => {
    const input = buildReporterInput(['rag']);
    const xml = await junitReporter.render(input);
    const rag = parse(xml).testsuites.testsuite[0]!;
    const hostile = rag.testcase[0]!;
    const body = hostile.failure?.['#text'] ?? hostile.error?.['#text'] ?? '';
    expect(body).toContain(`question: ${FORMULA_QUESTION}`);
    // The bell character is dropped; `]]>` survives the CDATA split; line breaks stay.
    expect(body).toContain(`answer: ${CONTROL_ANSWER.replace('\u0007', '').replace('\r\n', '\n')}`);
    expect(xml).not.toContain('\u0007');
    expect(hostile.failure?.['@_message']).toContain(
      'must-not-contain: states what the case rules out: "<b>7 days</b> & more"',
    );
  });
});
