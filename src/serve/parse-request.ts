import type { z } from 'zod';
import { fieldError } from './error-response.js';

/** `messages[2].role` from a zod path. */
export function formatParam(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

/** Validates a request body; the first problem becomes a 400 naming the field. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, endpoint: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? formatParam(issue.path) : '';
  const where = param ? `"${param}"` : 'the body';
  throw fieldError(
    'INPUT_INVALID',
    param,
    `${endpoint}: ${where}: ${issue?.message ?? 'invalid request'}.`,
    'Fix that field and send the request again.',
  );
}
