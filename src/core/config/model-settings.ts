import { z } from 'zod';

/**
 * The settings of one `models.<role>` entry besides its provider, shared by every provider so
 * that knowhow.yaml reads the same everywhere. Which of them a provider reads is stated by its
 * registry entry (src/providers/registry.ts); a setting it does not read is a config error.
 * Kept apart from schema.ts so that provider entries can name these types without a cycle.
 */
export const modelSettingsShape = {
  model: z.string().min(1),
  baseURL: z.string().url().optional(),
  /** Name of the environment variable holding the key; never the key itself. */
  apiKeyEnv: z.string().optional(),
  /** llama-cpp: path or hf: URI of a LoRA adapter applied at load time. */
  lora: z.string().optional(),
  contextSize: z.number().int().positive().optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  timeoutMs: z.number().int().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  maxRetries: z.number().int().min(0).optional(),
  headers: z.record(z.string(), z.string()).optional(),
};

export type ModelSettings = z.infer<z.ZodObject<typeof modelSettingsShape>>;

/** A setting besides `model`. */
export type ModelSettingName = Exclude<keyof ModelSettings, 'model'>;

/** Read by the shared call layer around every wrapped model, whatever its provider. */
export const callPolicySettings: readonly ModelSettingName[] = ['timeoutMs', 'concurrency', 'maxRetries'];
