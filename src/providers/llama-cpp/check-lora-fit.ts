/**
 * Whether a GGUF LoRA adapter fits a GGUF base model, checked from the two headers before any
 * weights load. llama.cpp applies the same rules only when a context is created (llama-adapter.cpp,
 * `llama_adapter_lora_init_impl`), which for a registered model means deep inside `eval`; here the
 * mismatching tensor is named at `tune register` and at model load.
 */

/** A tensor as GGUF lists it: name and ggml `ne` (fastest-varying dimension first). */
export interface LoraFitTensor {
  name: string;
  dimensions: readonly (number | bigint)[];
}

export interface LoraFitProblem {
  /** The base-model tensor the adapter pair targets (or the adapter tensor itself). */
  tensor: string;
  /** What does not fit, naming the sizes on both sides. */
  message: string;
  /** A vocabulary mismatch (token embedding or output head): a different tokenizer, not only a different size. */
  vocabulary: boolean;
}

export interface CheckLoraFitOptions {
  adapterTensors: readonly LoraFitTensor[];
  baseTensors: readonly LoraFitTensor[];
}

// Tensors whose second dimension is the vocabulary (llama.cpp names).
const vocabularyTensors = new Set(['token_embd.weight', 'output.weight']);

interface Pair {
  a?: LoraFitTensor;
  b?: LoraFitTensor;
}

function dimension(tensor: LoraFitTensor, index: number): number {
  return Number(tensor.dimensions[index] ?? 1);
}

function shape(tensor: LoraFitTensor): string {
  return tensor.dimensions.map(Number).join(' × ');
}

/** Every pair that llama.cpp would reject, in adapter order; empty when the adapter fits. */
export function checkLoraFit(options: CheckLoraFitOptions): LoraFitProblem[] {
  const problems: LoraFitProblem[] = [];
  const pairs = new Map<string, Pair>();
  for (const tensor of options.adapterTensors) {
    const suffix = tensor.name.endsWith('.lora_a') ? 'a' : tensor.name.endsWith('.lora_b') ? 'b' : undefined;
    if (suffix === undefined) {
      // llama.cpp skips norm vectors and rejects anything else.
      if (!tensor.name.endsWith('_norm.weight')) {
        problems.push({
          tensor: tensor.name,
          message: `adapter tensor ${tensor.name} is neither a .lora_a nor a .lora_b tensor`,
          vocabulary: false,
        });
      }
      continue;
    }
    const target = tensor.name.slice(0, -'.lora_a'.length);
    const pair = pairs.get(target) ?? {};
    pair[suffix] = tensor;
    pairs.set(target, pair);
  }
  const base = new Map(options.baseTensors.map((tensor) => [tensor.name, tensor]));
  for (const [target, pair] of pairs) {
    const problem = checkPair(target, pair, base.get(target));
    if (problem) problems.push(problem);
  }
  return problems;
}

function checkPair(target: string, pair: Pair, model: LoraFitTensor | undefined): LoraFitProblem | undefined {
  const vocabulary = vocabularyTensors.has(target);
  const fail = (message: string, isVocabulary = false) => ({
    tensor: target,
    message,
    vocabulary: isVocabulary,
  });
  if (!pair.a || !pair.b) {
    return fail(
      `tensor ${target} has a ${pair.a ? 'lora_a' : 'lora_b'} but no ${pair.a ? 'lora_b' : 'lora_a'}`,
    );
  }
  if (!model) return fail(`tensor ${target} is not in the base model (a different architecture or depth)`);
  const { a, b } = pair;
  // The token embedding is applied as a lookup, so its pair is stored flipped (llm_build_inp_embd).
  const flipped = target.endsWith('token_embd.weight');
  const input = flipped ? dimension(b, 1) : dimension(a, 0);
  const output = flipped ? dimension(a, 1) : dimension(b, 1);
  const modelInput = dimension(model, 0);
  const modelOutput = dimension(model, 1);
  if (vocabulary && output !== modelOutput && input === modelInput) {
    return fail(
      `tensor ${target} is for a vocabulary of ${output} tokens, the base model's has ${modelOutput} (a different tokenizer)`,
      true,
    );
  }
  if (input !== modelInput || output !== modelOutput) {
    return fail(
      `tensor ${target} is ${shape(model)} in the base model, the adapter's pair makes ${input} × ${output} (lora_a ${shape(a)}, lora_b ${shape(b)})`,
      vocabulary,
    );
  }
  if (!flipped && dimension(a, 1) !== dimension(b, 0)) {
    return fail(
      `tensor ${target}: lora_a (${shape(a)}) and lora_b (${shape(b)}) disagree on the rank; the adapter is not in llama.cpp's layout`,
    );
  }
  return undefined;
}

/** One line for an error message: the first problem, and how many more there are. */
export function describeLoraFitProblems(problems: readonly LoraFitProblem[]): string {
  const first = problems[0];
  if (!first) return 'the adapter fits';
  const more = problems.length - 1;
  return `${first.message}${more > 0 ? ` (and ${more} more tensor${more === 1 ? '' : 's'})` : ''}`;
}

export interface GgufTensorsAndMetadata {
  architecture: string | undefined;
  tensors: LoraFitTensor[];
}

/** The architecture and tensor list of a GGUF file, read by node-llama-cpp's maintained GGUF parser. */
export async function readGgufTensors(filePath: string): Promise<GgufTensorsAndMetadata> {
  const { readGgufFileInfo } = await import('node-llama-cpp');
  const info = await readGgufFileInfo(filePath, {
    readTensorInfo: true,
    sourceType: 'filesystem',
    logWarnings: false,
    // The vocabulary itself is not needed, only the tensor sizes: skipping it saves reading ~150k strings.
    ignoreKeys: [
      'tokenizer.ggml.tokens',
      'tokenizer.ggml.scores',
      'tokenizer.ggml.token_type',
      'tokenizer.ggml.merges',
    ],
  });
  const architecture = (info.metadata as { general?: { architecture?: unknown } }).general?.architecture;
  return {
    architecture: typeof architecture === 'string' ? architecture : undefined,
    tensors: (info.tensorInfo ?? []).map((tensor) => ({ name: tensor.name, dimensions: tensor.dimensions })),
  };
}
