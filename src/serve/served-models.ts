import { KnowhowError } from '../core/errors.js';
import type { LanguageModel } from '../providers/spec.js';
import type { Principal } from './api-keys.js';

/** The architectures `serve` answers with, by the name a client puts in `model` (eval's variant names). */
export type ServedArchitecture = 'rag' | 'prompt' | 'long-context' | 'tuned' | 'hybrid';

/**
 * What the model is given beside the question: retrieved passages, the reader's whole documents
 * packed to the window as eval's long-context variant does, or nothing.
 */
export type ServedContext = 'retrieved' | 'documents' | 'none';

export interface ServedModel {
  id: ServedArchitecture;
  model: LanguageModel;
  context: ServedContext;
  /** Retrieve for the question and answer from the passages (with citations). */
  retrieval: boolean;
  description: string;
  /** Groups its weights learned from: only keys that may read all of them are offered it. */
  groups: string[];
}

export interface ServeModels {
  /** The configured answer model (the extractive answerer when none is configured). */
  answer: LanguageModel;
  /** A fine-tuned model: adds the `tuned` and `hybrid` architectures. */
  tuned?: LanguageModel;
  /** The document groups the tuned model's training data came from (model registry); [] = public. */
  tunedGroups?: string[];
}

export function listServedModels(models: ServeModels): ServedModel[] {
  const served: ServedModel[] = [
    {
      id: 'rag',
      model: models.answer,
      context: 'retrieved',
      retrieval: true,
      description: 'base model + retrieved passages, cited [n]',
      groups: [],
    },
    {
      id: 'prompt',
      model: models.answer,
      context: 'none',
      retrieval: false,
      description: 'base model, system prompt only',
      groups: [],
    },
    {
      id: 'long-context',
      model: models.answer,
      context: 'documents',
      // Retrieval only ranks the documents when they do not all fit; the answer reads whole documents.
      retrieval: false,
      description: "base model + the reader's whole documents packed to its context window, cited [n]",
      groups: [],
    },
  ];
  if (models.tuned) {
    const groups = models.tunedGroups ?? [];
    served.push(
      {
        id: 'tuned',
        model: models.tuned,
        context: 'none',
        retrieval: false,
        description: 'fine-tuned model, no retrieval',
        groups,
      },
      {
        id: 'hybrid',
        model: models.tuned,
        context: 'retrieved',
        retrieval: true,
        description: 'fine-tuned model + retrieved passages, cited [n]',
        groups,
      },
    );
  }
  return served;
}

/**
 * Whether a key may be offered a model: its weights may repeat anything they were trained on, so
 * the key must be able to read every group of that data (admin is a role and reads nothing extra).
 */
export function mayUseModel(principal: Principal, served: ServedModel): boolean {
  if (principal.reader.kind === 'all') return true;
  return served.groups.every((group) => principal.groups.includes(group));
}

export function requireUsableModel(principal: Principal, served: ServedModel): void {
  if (mayUseModel(principal, served)) return;
  throw new KnowhowError(
    'FORBIDDEN',
    `The model "${served.id}" was fine-tuned on data restricted to ${served.groups.join(', ')}; this key may not read all of it.`,
    {
      hint: `Use rag, prompt or long-context, or a key whose groups include ${served.groups.join(', ')}.`,
      details: { param: 'model' },
    },
  );
}

export function describeModel(model: LanguageModel): string {
  return `${model.provider}:${model.modelId}`;
}
