import { KnowhowError } from '../../core/errors.js';
import { type ReporterName, reporterNames } from './eval-reporter.js';

/** One `--reporter` value: a reporter, and where to write a copy besides the run folder. */
export interface ReporterRequest {
  name: ReporterName;
  /** As given (relative to the working directory); absent: the run folder only. */
  path?: string;
}

/**
 * `--reporter junit`, `--reporter junit=reports/junit.xml`, `--reporter junit,csv` (Vitest's
 * `--reporter` names with its `--outputFile.<name>=path` folded into one value). The same
 * reporter asked twice keeps every path.
 */
export function parseReporterOption(values: readonly string[]): ReporterRequest[] {
  const requests: ReporterRequest[] = [];
  for (const value of values) {
    const parts = value.includes('=') ? [value] : value.split(',');
    for (const part of parts) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const separator = trimmed.indexOf('=');
      const name = (separator === -1 ? trimmed : trimmed.slice(0, separator)).trim();
      const path = separator === -1 ? undefined : trimmed.slice(separator + 1).trim();
      if (!(reporterNames as readonly string[]).includes(name)) {
        throw new KnowhowError('USAGE', `--reporter "${trimmed}": unknown reporter "${name}".`, {
          hint: `Use one of ${reporterNames.join(', ')}, optionally with a path: --reporter junit=reports/junit.xml.`,
        });
      }
      if (path === '') {
        throw new KnowhowError('USAGE', `--reporter "${trimmed}" names no file after "=".`, {
          hint: `Write --reporter ${name}=<path>, or --reporter ${name} for the run folder only.`,
        });
      }
      requests.push({ name: name as ReporterName, ...(path === undefined ? {} : { path }) });
    }
  }
  return requests;
}
