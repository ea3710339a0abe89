/** LoRA training settings shared by every export (Axolotl, transformers + PEFT) and the hosted jobs. */
export interface TuneHyperparameters {
  epochs: number;
  learningRate: number;
  loraR: number;
  loraAlpha: number;
  loraDropout: number;
  targetModules: string[];
  microBatchSize: number;
  gradientAccumulationSteps: number;
  /** Longest tokenised example; longer ones were dropped by `prepare`, so nothing is truncated. */
  sequenceLength: number;
  warmupRatio: number;
  seed: number;
}

export function defaultHyperparameters(sequenceLength: number): TuneHyperparameters {
  return {
    epochs: 3,
    learningRate: 2e-4,
    loraR: 16,
    loraAlpha: 32,
    loraDropout: 0.05,
    targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj'],
    microBatchSize: 1,
    gradientAccumulationSteps: 8,
    sequenceLength,
    warmupRatio: 0.03,
    seed: 42,
  };
}
