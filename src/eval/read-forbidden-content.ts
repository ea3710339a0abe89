import type { ForbiddenContent } from '../core/case-types.js';
import { forbiddenRegexFlags } from './case-schema.js';
import {
  compileForbiddenPattern,
  defaultForbiddenFlags,
  describeForbidden,
  findForbidden,
} from './checks/must-not-contain.js';

/**
 * Turns a case's validated `mustNotContain` entries into ForbiddenContent, reporting what would
 * make the case unpassable or the check meaningless: a regex that does not compile, flags that
 * would make a test stateful, and an entry that the case's own reference answer or facts state
 * (then no correct answer could pass, and the author has ruled out the value the case asks for).
 */

type ProblemAt = (fieldPath: (string | number)[], field: string, message: string, hint: string) => void;

export interface ReadForbiddenContentOptions {
  entries: readonly { text?: string | undefined; regex?: string | undefined; flags?: string | undefined }[];
  reference: string | undefined;
  facts: readonly string[];
  problemAt: ProblemAt;
}

export function readForbiddenContent(options: ReadForbiddenContentOptions): ForbiddenContent[] {
  const accepted: { entry: ForbiddenContent; index: number }[] = [];
  for (const [index, raw] of options.entries.entries()) {
    const field = `mustNotContain[${index}]`;
    if (raw.text !== undefined) {
      accepted.push({ entry: { text: raw.text }, index });
      continue;
    }
    if (raw.regex === undefined) continue;
    const flags = raw.flags ?? defaultForbiddenFlags;
    const unknownFlags = [...flags].filter((flag) => !forbiddenRegexFlags.includes(flag));
    if (unknownFlags.length > 0) {
      options.problemAt(
        ['mustNotContain', index, 'flags'],
        `${field}.flags`,
        `flag(s) "${unknownFlags.join('')}" not allowed here`,
        `Use flags among "${forbiddenRegexFlags}" (default "i"); each answer is tested once, so "g" and "y" do not apply.`,
      );
      continue;
    }
    const entry = { regex: raw.regex, flags };
    try {
      compileForbiddenPattern(entry);
    } catch (error) {
      options.problemAt(
        ['mustNotContain', index, 'regex'],
        `${field}.regex`,
        `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
        "Fix the pattern (JavaScript syntax; in YAML, single quotes keep backslashes as written: '\\bretried 5 times').",
      );
      continue;
    }
    accepted.push({ entry, index });
  }
  reportSelfContradictions(options, accepted);
  return accepted.map(({ entry }) => entry);
}

function reportSelfContradictions(
  options: ReadForbiddenContentOptions,
  accepted: readonly { entry: ForbiddenContent; index: number }[],
): void {
  for (const { entry, index } of accepted) {
    const shown = describeForbidden(entry);
    if (options.reference !== undefined && findForbidden(options.reference, [entry]).length > 0) {
      options.problemAt(
        ['mustNotContain', index],
        `mustNotContain[${index}]`,
        `the case's own reference answer states ${shown}, so the reference answer would fail`,
        'Narrow the entry to the stale claim only (e.g. a regex for "are retried up to 5 times" rather than "5 times"), or reword the reference answer.',
      );
      continue;
    }
    const fact = options.facts.find((candidate) => findForbidden(candidate, [entry]).length > 0);
    if (fact !== undefined) {
      options.problemAt(
        ['mustNotContain', index],
        `mustNotContain[${index}]`,
        `rules out ${shown}, which the fact ${JSON.stringify(fact)} requires`,
        'Remove the entry or the fact: an answer cannot both state and avoid it.',
      );
    }
  }
}
