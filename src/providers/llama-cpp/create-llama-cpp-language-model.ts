import type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaChat,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
} from 'node-llama-cpp';
import { estimateTokens } from '../../core/text/count-tokens.js';
import { importOptional, nodeLlamaCpp } from '../shared/index.js';
import type {
  FinishReason,
  GenerateRequest,
  GenerateResult,
  JsonSchemaSpec,
  LanguageModel,
  StreamPart,
} from '../spec.js';
import { contextLifecycle } from './context-lifecycle.js';
import { createLazyLoad } from './lazy-load.js';
import {
  cancelledError,
  createLlamaCppError,
  LLAMA_CPP_PROVIDER,
  type LlamaCppErrorContext,
  messageOf,
  settingOf,
} from './llama-cpp-error.js';
import type { LlamaCppModelOptions } from './llama-cpp-options.js';
import { resolveThreadCount } from './load-llama.js';
import { loadConfiguredModel } from './load-llama-model.js';
import { mapChatHistory } from './map-chat-history.js';
import { describeNativeLogSince, markNativeLog } from './native-log.js';
import { prepareGrammarSchema } from './prepare-grammar-schema.js';
import { resolveModelPath } from './resolve-model-path.js';
import { createSerialQueue } from './serial-queue.js';
import { streamFromCallbacks } from './stream-from-callbacks.js';
import { validateLoraAdapter } from './validate-lora-adapter.js';

export interface LlamaCppLanguageModelOptions extends LlamaCppModelOptions {
  /** A LoRA adapter (GGUF path or `hf:` URI) applied when the context is created. */
  lora?: string;
  /** How strongly the adapter applies; 1 by default. */
  loraScale?: number;
  /** Default for requests that set no maxTokens; otherwise the rest of the context. */
  maxTokens?: number;
  /** Default for requests that set no temperature; otherwise 0 (greedy, deterministic). */
  temperature?: number;
}

export interface LlamaCppLanguageModel extends LanguageModel {
  /** Loads the model now; otherwise the first request does. */
  load(): Promise<void>;
  /** Frees the context (the weights stay cached for other models on the same file). */
  dispose(): Promise<void>;
}

/** Generous for answers, and small enough that a default context fits in memory beside the weights. */
const defaultContextCap = 4096;

interface LoadedLanguageModel {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  chatWrapper: ChatWrapper;
  createChat: (sequence: LlamaContextSequence) => LlamaChat;
}

const chatWrappers = new WeakMap<LlamaModel, ChatWrapper>();

/** The grammar node-llama-cpp builds from a JSON schema; `parse` validates against that schema. */
type SchemaGrammar = LlamaGrammar & { parse(json: string): unknown };

function finishReasonOf(stopReason: string): FinishReason {
  switch (stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return 'stop';
    case 'maxTokens':
      return 'length';
    default:
      return 'other';
  }
}

/**
 * An embedded GGUF model run by node-llama-cpp: the model's own chat template, JSON-schema output
 * through llama.cpp's grammar, a LoRA adapter at load time. Requests are independent (each starts
 * from an empty context) and run one at a time per model.
 */
export function createLlamaCppLanguageModel(options: LlamaCppLanguageModelOptions): LlamaCppLanguageModel {
  const errorContext: LlamaCppErrorContext = {
    model: options.model,
    configKey: options.configKey ?? 'models.answer',
  };
  const threads = resolveThreadCount(options.threads);
  const queue = createSerialQueue();
  const grammars = new WeakMap<Record<string, unknown>, Promise<SchemaGrammar>>();

  const loader = createLazyLoad(async (): Promise<LoadedLanguageModel> => {
    const { llama, model } = await loadConfiguredModel(options, errorContext, threads);
    const common = {
      context: errorContext,
      ...(options.cacheDirectory === undefined ? {} : { cacheDirectory: options.cacheDirectory }),
      ...(options.baseDirectory === undefined ? {} : { baseDirectory: options.baseDirectory }),
    };
    let loraPath: string | undefined;
    if (options.lora !== undefined) {
      const loraSetting = settingOf(errorContext, 'lora');
      loraPath = await resolveModelPath({
        ...common,
        reference: options.lora,
        setting: loraSetting,
        kind: 'LoRA adapter',
      });
      await validateLoraAdapter({
        filePath: loraPath,
        modelArchitecture: model.fileInfo.metadata?.general?.architecture,
        context: errorContext,
        setting: loraSetting,
      });
    }
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, defaultContextCap);
    const mark = markNativeLog();
    let context: LlamaContext;
    try {
      context = await model.createContext({
        contextSize,
        ...(threads === undefined ? {} : { threads }),
        ...(loraPath === undefined
          ? {}
          : { lora: { adapters: [{ filePath: loraPath, scale: options.loraScale ?? 1 }] } }),
      });
    } catch (error) {
      const loraFailed = loraPath !== undefined && /lora/i.test(messageOf(error));
      throw createLlamaCppError(errorContext, {
        code: 'MODEL_LOAD',
        setting: settingOf(errorContext, loraFailed ? 'lora' : 'contextSize'),
        message: loraFailed
          ? `the LoRA adapter ${loraPath} does not fit this model: ${messageOf(error)}${describeNativeLogSince(mark)}.`
          : `could not create a ${contextSize}-token context: ${messageOf(error)}${describeNativeLogSince(mark)}.`,
        hint: loraFailed
          ? `Set ${settingOf(errorContext, 'lora')} to an adapter trained on this base model, or remove it.`
          : `Lower ${settingOf(errorContext, 'contextSize')} in knowhow.yaml, or free memory.`,
        cause: error,
      });
    }
    const { LlamaChat, resolveChatWrapper } = await importOptional(
      nodeLlamaCpp,
      () => import('node-llama-cpp'),
    );
    // The model's own template (tokenizer.chat_template). Resolving it probes the Jinja template
    // (about a second), so it is done once per loaded model and shared, e.g. by base and LoRA variants.
    let chatWrapper = chatWrappers.get(model);
    if (chatWrapper === undefined) {
      chatWrapper = resolveChatWrapper(model);
      chatWrappers.set(model, chatWrapper);
    }
    return {
      llama,
      model,
      context,
      sequence: context.getSequence(),
      chatWrapper,
      createChat: (sequence) =>
        new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false }),
    };
  });

  function grammarFor(loaded: LoadedLanguageModel, spec: JsonSchemaSpec): Promise<SchemaGrammar> {
    const cached = grammars.get(spec.schema);
    if (cached !== undefined) return cached;
    const prepared = prepareGrammarSchema(spec.schema);
    if (!prepared.ok) {
      return Promise.reject(
        createLlamaCppError(errorContext, {
          code: 'OUTPUT_INVALID',
          setting: `jsonSchema "${spec.name}"`,
          message:
            `the JSON schema "${spec.name}" cannot be enforced by llama.cpp's grammar, so the output could not ` +
            `be guaranteed to match it: ${prepared.problems.slice(0, 5).join('; ')}` +
            (prepared.problems.length > 5 ? ` (+${prepared.problems.length - 5} more)` : '') +
            '.',
          hint:
            'Simplify the schema to what the grammar enforces (type, properties, required, items, enum, const, ' +
            'oneOf/anyOf, $defs/$ref, min/maxLength, min/maxItems, format date/time/date-time), or use a provider ' +
            'with native structured output for this case.',
          details: { schema: spec.name, problems: prepared.problems },
        }),
      );
    }
    const created = loaded.llama.createGrammarForJsonSchema(
      prepared.schema as Parameters<Llama['createGrammarForJsonSchema']>[0],
    ) as Promise<SchemaGrammar>;
    grammars.set(spec.schema, created);
    created.catch(() => grammars.delete(spec.schema));
    return created;
  }

  function validateJson(
    text: string,
    grammar: SchemaGrammar,
    spec: JsonSchemaSpec,
    finishReason: FinishReason,
  ): void {
    try {
      grammar.parse(text);
    } catch (error) {
      const truncated = finishReason === 'length';
      throw createLlamaCppError(errorContext, {
        code: 'OUTPUT_INVALID',
        setting: truncated ? settingOf(errorContext, 'maxTokens') : `jsonSchema "${spec.name}"`,
        message: truncated
          ? `the JSON for schema "${spec.name}" was cut off at the token limit: ${messageOf(error)}.`
          : `the output does not match the JSON schema "${spec.name}": ${messageOf(error)}.`,
        hint: truncated
          ? `Raise maxTokens (${settingOf(errorContext, 'maxTokens')} in knowhow.yaml), or bound the schema's strings and arrays with maxLength / maxItems.`
          : 'Simplify the schema; if it is already simple, report it: the grammar should not let this through.',
        details: { schema: spec.name, output: text.slice(0, 500) },
        cause: error,
      });
    }
  }

  function countPromptTokens(loaded: LoadedLanguageModel, history: ChatHistoryItem[]): number {
    const { contextText } = loaded.chatWrapper.generateContextState({ chatHistory: history });
    return contextText.tokenize(loaded.model.tokenizer).length;
  }

  async function generate(
    request: GenerateRequest,
    onText?: (text: string) => void,
  ): Promise<GenerateResult> {
    const { signal } = request;
    if (signal?.aborted) throw cancelledError(signal.reason);
    const loaded = await loader.get();
    const grammar =
      request.jsonSchema === undefined ? undefined : await grammarFor(loaded, request.jsonSchema);
    return queue.run(async () => {
      if (signal?.aborted) throw cancelledError(signal.reason);
      const { sequence, context } = loaded;
      // Each request starts from an empty context: nothing of the previous conversation carries over.
      await sequence.clearHistory();
      const history = mapChatHistory(request.messages);
      const promptTokens = countPromptTokens(loaded, history);
      const available = context.contextSize - promptTokens;
      if (available <= 0) {
        throw createLlamaCppError(errorContext, {
          code: 'INPUT_TOO_LARGE',
          setting: settingOf(errorContext, 'contextSize'),
          message: `the prompt is ${promptTokens} tokens but the context holds ${context.contextSize}.`,
          hint: `Raise ${settingOf(errorContext, 'contextSize')} in knowhow.yaml, or give fewer or shorter passages.`,
          details: { promptTokens, contextSize: context.contextSize },
        });
      }
      const maxTokens = Math.min(request.maxTokens ?? options.maxTokens ?? available, available);
      const temperature = request.temperature ?? options.temperature;
      const outputBefore = sequence.tokenMeter.getState().usedOutputTokens;
      const chat = loaded.createChat(sequence);
      const mark = markNativeLog();
      let response: Awaited<ReturnType<LlamaChat['generateResponse']>>;
      try {
        response = await chat.generateResponse(history, {
          maxTokens,
          ...(temperature === undefined ? {} : { temperature }),
          ...(request.stop === undefined || request.stop.length === 0
            ? {}
            : { customStopTriggers: request.stop }),
          ...(grammar === undefined ? {} : { grammar }),
          ...(signal === undefined ? {} : { signal }),
          ...(onText === undefined ? {} : { onTextChunk: onText }),
        });
      } catch (error) {
        if (signal?.aborted) throw cancelledError(error);
        throw createLlamaCppError(errorContext, {
          code: 'PROVIDER_RESPONSE',
          setting: settingOf(errorContext, 'model'),
          message: `generation failed: ${messageOf(error)}${describeNativeLogSince(mark)}.`,
          hint: 'Check the model file and contextSize; run with KNOWHOW_LLAMA_LOG=1 to see llama.cpp’s log.',
          cause: error,
        });
      } finally {
        chat.dispose({ disposeSequence: false });
      }
      const finishReason = finishReasonOf(response.metadata.stopReason);
      if (grammar !== undefined && request.jsonSchema !== undefined) {
        validateJson(response.response, grammar, request.jsonSchema, finishReason);
      }
      return {
        text: response.response,
        usage: {
          promptTokens,
          completionTokens: sequence.tokenMeter.getState().usedOutputTokens - outputBefore,
        },
        finishReason,
      };
    });
  }

  return {
    provider: LLAMA_CPP_PROVIDER,
    modelId: options.model,
    get contextWindow() {
      return loader.current?.context.contextSize ?? options.contextSize;
    },
    capabilities: { streaming: true, jsonSchema: true, extractive: false },
    doGenerate: (request) => generate(request),
    doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
      return streamFromCallbacks({
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        run: async (emit, signal) => {
          const result = await generate({ ...request, signal }, (text) => emit({ type: 'text-delta', text }));
          return { type: 'finish', usage: result.usage, finishReason: result.finishReason };
        },
      });
    },
    countTokens(text: string): number {
      const loaded = loader.current;
      return loaded === undefined ? estimateTokens(text) : loaded.model.tokenize(text).length;
    },
    ...contextLifecycle(loader, queue),
  };
}
