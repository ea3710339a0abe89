import { csvReporter } from './csv-reporter.js';
import type { EvalReporter, ReporterName } from './eval-reporter.js';
import { jsonlReporter } from './jsonl-reporter.js';
import { junitReporter } from './junit-reporter.js';

export {
  type EvalReporter,
  type ReporterInput,
  type ReporterName,
  reporterNames,
} from './eval-reporter.js';
export { parseReporterOption, type ReporterRequest } from './parse-reporter-option.js';

export const reporters: Record<ReporterName, EvalReporter> = {
  junit: junitReporter,
  csv: csvReporter,
  jsonl: jsonlReporter,
};
