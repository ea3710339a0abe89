import { KnowhowError } from '../core/errors.js';
import type { Experiment } from './experiments-assign.js';
import { readExperimentEvents } from './experiments-log.js';
import { buildExperimentReport, type ExperimentReport } from './experiments-report.js';

/** Reports of the configured experiments (or the one named) from the log: `ab report` and GET /v1/experiments. */
export async function readExperimentReports(options: {
  experiments: readonly Experiment[];
  logFile: string;
  name?: string;
}): Promise<ExperimentReport[]> {
  const chosen = options.name
    ? options.experiments.filter((experiment) => experiment.name === options.name)
    : options.experiments;
  if (options.name && chosen.length === 0) {
    throw new KnowhowError('INPUT_NOT_FOUND', `No experiment named "${options.name}" in serve.experiments.`, {
      hint:
        options.experiments.length > 0
          ? `Use one of: ${options.experiments.map((experiment) => experiment.name).join(', ')}.`
          : 'Add one under serve.experiments in knowhow.yaml (name, arms with model and weight).',
    });
  }
  const events = await readExperimentEvents(options.logFile);
  return chosen.map((experiment) => buildExperimentReport(experiment, events));
}
