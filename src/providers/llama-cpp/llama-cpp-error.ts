import type { ErrorCode } from '../../core/error-codes.js';
import { KnowhowError } from '../../core/errors.js';

export const LLAMA_CPP_PROVIDER = 'llama-cpp';

/** Which model is failing, and under which knowhow.yaml key it is configured (e.g. `models.answer`). */
export interface LlamaCppErrorContext {
  model: string;
  configKey: string;
}

export interface LlamaCppErrorInput {
  code: ErrorCode;
  message: string;
  hint: string;
  /** The setting to change: a knowhow.yaml key, a request field or an environment variable. */
  setting: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** `models.answer.contextSize` for the key `contextSize`. */
export function settingOf(context: LlamaCppErrorContext, key: string): string {
  return `${context.configKey}.${key}`;
}

/**
 * Every llama-cpp failure names the provider, the model and the setting to change, with the same
 * detail fields as the remote providers (nothing here is worth retrying: it is local and deterministic).
 */
export function createLlamaCppError(context: LlamaCppErrorContext, input: LlamaCppErrorInput): KnowhowError {
  return new KnowhowError(input.code, `${LLAMA_CPP_PROVIDER} model "${context.model}": ${input.message}`, {
    hint: input.hint,
    details: {
      provider: LLAMA_CPP_PROVIDER,
      model: context.model,
      retryable: false,
      setting: input.setting,
      ...input.details,
    },
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error a cancelled llama-cpp call ends with, whatever step it was in. */
export function cancelledError(cause?: unknown): KnowhowError {
  return new KnowhowError('CANCELLED', 'The operation was cancelled.', cause === undefined ? {} : { cause });
}
