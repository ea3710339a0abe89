import type { EvalRow } from '../../core/eval-types.js';
import type { EvalReporter, ReporterInput } from './eval-reporter.js';
import {
  type CaseIndex,
  describeFailure,
  failedChecks,
  indexCases,
  latestRowsByVariant,
} from './report-rows.js';

type JUnitBuilder = import('junit-report-builder').Builder;
type JUnitSuite = import('junit-report-builder').TestSuite;

/**
 * JUnit XML, the format CI systems (GitLab, Jenkins, GitHub test-report actions, Azure) show
 * natively: one <testsuite> per variant, one <testcase> per case (classname = the variant, so that
 * the same case under two variants stays two tests; file = the case file), <failure> with the
 * failing checks' messages, <error> for a failed model call, <skipped> for a variant that did not
 * run. Written with junit-report-builder (maintained, escapes attributes, splits `]]>` in CDATA
 * and drops characters XML 1.0 forbids); its CommonJS bundle takes 150–300 ms to load here, so
 * it is loaded only when a JUnit report is asked for.
 */
export const junitReporter: EvalReporter = {
  name: 'junit',
  fileName: 'junit.xml',
  async render(input) {
    // The bundle sets `module.exports = builder` while its types declare `export default`, which
    // NodeNext reads as `{ default: builder }`: at run time the default import is the builder.
    const rootBuilder = (await import('junit-report-builder')).default as unknown as JUnitBuilder;
    const builder = rootBuilder.newBuilder();
    builder.name(`knowhow ${input.project} run ${input.runId}`);
    const cases = indexCases(input);
    for (const [variant, rows] of latestRowsByVariant(input.rows)) {
      addVariantSuite(builder, { input, cases, variant, rows });
    }
    for (const skipped of input.skippedVariants) addSkippedSuite(builder, input, skipped);
    return builder.build();
  },
};

interface VariantSuite {
  input: ReporterInput;
  cases: CaseIndex;
  variant: string;
  rows: EvalRow[];
}

function addVariantSuite(builder: JUnitBuilder, options: VariantSuite): void {
  const { rows, variant } = options;
  const suite = builder.testSuite().name(variant);
  const started = rows.map((row) => row.startedAt).sort()[0];
  if (started) suite.timestamp(started.slice(0, 19));
  suite.time(seconds(rows.reduce((sum, row) => sum + row.latencyMs, 0)));
  addProperties(suite, options.input, rows[0]?.model);
  for (const row of rows) {
    const testCase = suite.testCase().className(variant).name(row.caseId).time(seconds(row.latencyMs));
    const file = options.cases.get(row.caseId)?.origin.file;
    if (file) testCase.file(file);
    if (row.error) {
      testCase.error(row.error.message, row.error.code, details(row));
    } else if (!row.passed) {
      const failed = failedChecks(row);
      const kinds = [...new Set(failed.map((check) => check.kind))];
      testCase
        .failure(describeFailure(row), kinds.length > 0 ? kinds.join(',') : 'not-passed')
        .stacktrace(details(row));
    }
  }
}

function addSkippedSuite(
  builder: JUnitBuilder,
  input: ReporterInput,
  skipped: ReporterInput['skippedVariants'][number],
): void {
  const suite = builder.testSuite().name(skipped.variant);
  addProperties(suite, input, undefined);
  suite.property('skipped', skipped.reason);
  // The cases the run asked (train-split cases never run, so they are not "skipped" either).
  const cases = indexCases(input);
  for (const caseId of new Set(input.rows.map((row) => row.caseId))) {
    const node = suite.testCase().className(skipped.variant).name(caseId);
    const file = cases.get(caseId)?.origin.file;
    if (file) node.file(file);
    node.skipped();
  }
}

function addProperties(suite: JUnitSuite, input: ReporterInput, model: string | undefined): void {
  suite.property('project', input.project).property('run', input.runId);
  if (model) suite.property('model', model);
}

/** The body of a failure or error: what was asked, what came back, and every check's verdict. */
function details(row: EvalRow): string {
  const checks = row.checks.map(
    (check) => `${check.verdict.toUpperCase().padEnd(7)} ${check.kind}/${check.name}: ${check.reason}`,
  );
  return [
    `question: ${row.question}`,
    `answer: ${row.answer}`,
    ...(row.error ? [`error: ${row.error.code}: ${row.error.message}`] : []),
    `model: ${row.model}`,
    '',
    ...checks,
  ].join('\n');
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
