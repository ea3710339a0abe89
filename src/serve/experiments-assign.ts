import { createHash } from 'node:crypto';
import type { ServeConfig } from '../core/config/schema.js';
import { fieldError } from './error-response.js';

export type Experiment = ServeConfig['experiments'][number];
export type ArmName = Experiment['arms'][number]['model'];

/** The header that forces an arm, for testing an experiment by hand. */
export const ARM_OVERRIDE_HEADER = 'x-knowhow-arm';
/** The header each experiment response carries: `<experiment>/<arm>`. */
export const ARM_HEADER = 'x-knowhow-arm';

export interface Assignment {
  experiment: string;
  arm: ArmName;
  /** The user the arm is sticky for, hashed: the log never holds the raw id. */
  userHash: string;
  /** The arm came from the override header, not the hash. */
  overridden: boolean;
}

export function hashUser(user: string): string {
  return createHash('sha256').update(user).digest('hex').slice(0, 16);
}

/**
 * Sticky, deterministic assignment: sha256(experiment, user) read as a number in [0, 1) picks the
 * arm whose cumulative weight share covers it. The same user always gets the same arm (no state
 * to keep), and changing one experiment's weights moves only the users at the boundaries.
 */
export function assignArm(experiment: Experiment, user: string): ArmName {
  const digest = createHash('sha256').update(`${experiment.name}\u0000${user}`).digest();
  const point = digest.readUInt32BE(0) / 2 ** 32;
  const total = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let cumulative = 0;
  for (const arm of experiment.arms) {
    cumulative += arm.weight / total;
    if (point < cumulative) return arm.model;
  }
  return experiment.arms[experiment.arms.length - 1]!.model;
}

export function findExperiment(experiments: readonly Experiment[], name: string): Experiment | undefined {
  return experiments.find((experiment) => experiment.name === name);
}

/** The arm for this request: the override header's when given (it must be an arm), else the user's sticky arm. */
export function resolveAssignment(options: {
  experiment: Experiment;
  user: string;
  override: string | undefined;
}): Assignment {
  const { experiment } = options;
  const userHash = hashUser(options.user);
  if (options.override !== undefined && options.override !== '') {
    const arm = experiment.arms.find((entry) => entry.model === options.override);
    if (!arm) {
      throw fieldError(
        'INPUT_INVALID',
        ARM_OVERRIDE_HEADER,
        `The arm "${options.override}" is not in experiment "${experiment.name}".`,
        `Use one of: ${experiment.arms.map((entry) => entry.model).join(', ')}.`,
      );
    }
    return { experiment: experiment.name, arm: arm.model, userHash, overridden: true };
  }
  return {
    experiment: experiment.name,
    arm: assignArm(experiment, options.user),
    userHash,
    overridden: false,
  };
}
