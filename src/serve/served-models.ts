import type { LanguageModel } from '../providers/spec.js';

/** The architectures `serve` answers with, by the name a client puts in `model`. */
export type ServedArchitecture = 'rag' | 'prompt' | 'tuned' | 'hybrid';

export interface ServedModel {
  id: ServedArchitecture;
  model: LanguageModel;
  /** Retrieve for the question and answer from the passages (with citations). */
  retrieval: boolean;
  description: string;
}

export interface ServeModels {
  /** The configured answer model (the extractive answerer when none is configured). */
  answer: LanguageModel;
  /** A fine-tuned model: adds the `tuned` and `hybrid` architectures. */
  tuned?: LanguageModel;
}

export function listServedModels(models: ServeModels): ServedModel[] {
  const served: ServedModel[] = [
    {
      id: 'rag',
      model: models.answer,
      retrieval: true,
      description: 'base model + retrieved passages, cited [n]',
    },
    { id: 'prompt', model: models.answer, retrieval: false, description: 'base model, system prompt only' },
  ];
  if (models.tuned) {
    served.push(
      { id: 'tuned', model: models.tuned, retrieval: false, description: 'fine-tuned model, no retrieval' },
      {
        id: 'hybrid',
        model: models.tuned,
        retrieval: true,
        description: 'fine-tuned model + retrieved passages, cited [n]',
      },
    );
  }
  return served;
}

export function describeModel(model: LanguageModel): string {
  return `${model.provider}:${model.modelId}`;
}
