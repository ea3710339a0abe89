import type { LazyLoad } from './lazy-load.js';
import { createLlamaCppError, type LlamaCppErrorContext, messageOf, settingOf } from './llama-cpp-error.js';
import { describeNativeLogSince, markNativeLog } from './native-log.js';
import type { SerialQueue } from './serial-queue.js';

/**
 * Creates a llama.cpp context; a failure becomes MODEL_LOAD naming `contextSize`, with the lines
 * llama.cpp logged meanwhile (its own reason is only there, not in the exception).
 */
export async function createNativeContext<T>(
  errorContext: LlamaCppErrorContext,
  request: { what: string; hint: string; create: () => Promise<T> },
): Promise<T> {
  const mark = markNativeLog();
  try {
    return await request.create();
  } catch (error) {
    throw createLlamaCppError(errorContext, {
      code: 'MODEL_LOAD',
      setting: settingOf(errorContext, 'contextSize'),
      message: `could not create ${request.what}: ${messageOf(error)}${describeNativeLogSince(mark)}.`,
      hint: request.hint,
      cause: error,
    });
  }
}

/**
 * `load` and `dispose` of every llama-cpp model: loading is lazy and shared; disposing frees the
 * context after the work queued on it (the weights stay cached for other models on the same file).
 */
export function contextLifecycle(
  loader: LazyLoad<{ context: { dispose(): Promise<void> } }>,
  queue: SerialQueue,
): { load(): Promise<void>; dispose(): Promise<void> } {
  return {
    async load() {
      await loader.get();
    },
    async dispose() {
      const loaded = loader.current;
      loader.reset();
      if (loaded !== undefined) await queue.run(() => loaded.context.dispose());
    },
  };
}
