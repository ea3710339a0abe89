import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import { hashText } from '../core/text/hash.js';

/**
 * The chat template used for training. It is written next to the dataset, copied into the
 * adapter by the training script and recorded in models.json, because serving a tuned model
 * with a different template than it was trained with is the most reported cause of garbage
 * output after fine-tuning.
 */
export interface ChatTemplate {
  /** `chatml`, `llama3`, or the file it was read from. */
  name: string;
  template: string;
  sha256: string;
}

const chatml =
  "{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}";

const llama3 =
  "{{- bos_token }}{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}";

export const builtinChatTemplates: Record<string, string> = { chatml, llama3 };

export const DEFAULT_CHAT_TEMPLATE = 'chatml';

/** Llama 3 models get their own header tokens; every other family ChatML, the most widely supported. */
export function defaultChatTemplateFor(model: string | undefined): string {
  return model !== undefined && /llama[-_ ]?3/i.test(model) ? 'llama3' : DEFAULT_CHAT_TEMPLATE;
}

export function toTemplate(name: string, template: string): ChatTemplate {
  return { name, template, sha256: hashText(template) };
}

/**
 * `spec` is a built-in name, a `.jinja` file, or a Hugging Face `tokenizer_config.json` (its
 * `chat_template` field: use the base model's own template to stay compatible with it).
 */
export async function resolveChatTemplate(
  spec: string | undefined,
  cwd: string,
  model?: string,
): Promise<ChatTemplate> {
  const name = spec ?? defaultChatTemplateFor(model);
  const builtin = builtinChatTemplates[name];
  if (builtin !== undefined) return toTemplate(name, builtin);
  const file = path.resolve(cwd, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new KnowhowError(
      'INPUT_NOT_FOUND',
      `Chat template "${name}" is neither built in nor a readable file.`,
      {
        cause: error,
        hint: `Use one of ${Object.keys(builtinChatTemplates).join(', ')}, a .jinja file, or the base model's tokenizer_config.json.`,
        details: { file },
      },
    );
  }
  if (file.endsWith('.json')) {
    let template: unknown;
    try {
      template = (JSON.parse(text) as { chat_template?: unknown }).chat_template;
    } catch (error) {
      throw new KnowhowError('INPUT_INVALID', `${file} is not valid JSON.`, { cause: error });
    }
    if (Array.isArray(template)) {
      template = (template as { name?: string; template?: string }[]).find(
        (entry) => entry.name === 'default',
      )?.template;
    }
    if (typeof template !== 'string' || template.trim() === '') {
      throw new KnowhowError('INPUT_INVALID', `${file} has no "chat_template" string.`, {
        hint: 'Point --chat-template at a tokenizer_config.json that defines chat_template, or at a .jinja file.',
      });
    }
    return toTemplate(file, template);
  }
  if (text.trim() === '') {
    throw new KnowhowError('INPUT_INVALID', `Chat template file ${file} is empty.`);
  }
  return toTemplate(file, text);
}
