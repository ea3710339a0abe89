import type { ErrorCode } from '../core/error-codes.js';
import { KnowhowError } from '../core/errors.js';
import type { IndexWriter } from '../core/index-store.js';

/**
 * The messages between a server and its index writer process (writer-process-child.ts): calls
 * one way; results, errors and "waiting for pid N" notices the other. Sent over Node's IPC
 * channel with the structured-clone serialization, so vectors travel as Float32Arrays.
 */

/** optimize() is maintain() without its report: the store asks for the report to know when to renew its reader. */
export type WriterMethod = 'beginWrite' | 'release' | 'writeDocuments' | 'deleteDocuments' | 'maintain';

export interface WriterCall {
  type: 'call';
  id: number;
  method: WriterMethod;
  args: unknown[];
}

export interface WriterClose {
  type: 'close';
}

export type ToWriter = WriterCall | WriterClose;

export interface SerializedError {
  code?: ErrorCode;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

export type FromWriter =
  | { type: 'result'; id: number; value: unknown; rssBytes: number }
  | { type: 'error'; id: number; error: SerializedError; rssBytes: number }
  | { type: 'waiting'; id: number; message: string; writer: IndexWriter };

/** What crosses the channel of an error: a KnowhowError keeps its code, hint and details. */
export function serializeError(error: unknown): SerializedError {
  if (KnowhowError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      details: error.details,
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The writer's error as the caller would have got it in process (an uncoded one as INDEX_FAILED). */
export function deserializeError(error: SerializedError): KnowhowError {
  return new KnowhowError(error.code ?? 'INDEX_FAILED', error.message, {
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
