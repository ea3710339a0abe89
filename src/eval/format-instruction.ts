import type { CaseFormat } from '../core/case-types.js';

/**
 * The case's format requirements, told to the model in plain words. A fair test of behaviour:
 * a model that fails a format it was told about has a behaviour gap, not an instruction gap.
 */
export function formatInstructionFor(
  format: CaseFormat,
  options: { hasContext: boolean },
): string | undefined {
  const parts: string[] = [];
  if (format.jsonSchema) {
    parts.push(
      `Respond with only a JSON value (no prose, no code fence) valid against this JSON Schema: ${JSON.stringify(format.jsonSchema)}`,
    );
  }
  if (format.maxWords !== undefined && format.minWords !== undefined) {
    parts.push(`Answer in ${format.minWords} to ${format.maxWords} words.`);
  } else if (format.maxWords !== undefined) {
    parts.push(`Answer in at most ${format.maxWords} words.`);
  } else if (format.minWords !== undefined) {
    parts.push(`Answer in at least ${format.minWords} words.`);
  }
  if (format.cite === 'required' && options.hasContext) parts.push('Cite the passages you use as [n].');
  if (format.cite === 'forbidden') parts.push('Do not include citation markers such as [1].');
  if (format.regex) parts.push(`The answer must match the regular expression /${format.regex}/.`);
  if (format.style) parts.push(`Style: ${format.style}`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
