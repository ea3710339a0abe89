/**
 * The JSON the /v1 routes answer with, as the dashboard reads it: one set of types imported by
 * the routes (each response is checked with `satisfies`) and by the browser code
 * (src/serve/dashboard/client/api-client.ts), so a change of shape is a type error on both sides.
 * Type-only: nothing here runs, so the browser bundle imports it for free.
 */
import type { ReportData } from '../core/report-types.js';
import type { Diagnosis } from '../decide/index.js';
import type { Snippet } from '../retrieve/index.js';
import type { CitationJson } from './chat-completions.js';
import type { ErrorBody } from './error-response.js';
import type { FeedbackRequest } from './record-feedback.js';
import type { ServedArchitecture } from './served-models.js';

export type { CitationJson, ErrorBody, FeedbackRequest };

/** GET /v1/models */
export interface ModelListResponse {
  object: 'list';
  data: {
    id: ServedArchitecture;
    object: 'model';
    created: number;
    owned_by: 'knowhow';
    knowhow: { model: string; retrieval: boolean; extractive: boolean; description: string };
  }[];
}

/** POST /v1/search */
export interface SearchRequestJson {
  query: string;
  k?: number;
  mode?: 'bm25' | 'dense' | 'hybrid';
}

export interface SearchHitJson {
  rank: number;
  score: number;
  chunk_id: string;
  document_id: string;
  title: string;
  heading_path: string[];
  source: string;
  start: number;
  end: number;
  text: string;
  snippet: Snippet;
}

export interface SearchResponse {
  object: 'list';
  query: string;
  mode: string;
  reranked: boolean;
  retrieval_ms: number;
  data: SearchHitJson[];
}

/** POST /v1/chat/completions, as the dashboard sends it (the route accepts OpenAI's full request). */
export interface ChatRequestJson {
  model: string;
  messages: { role: 'system' | 'developer' | 'user' | 'assistant'; content: string }[];
}

/** POST /v1/chat/completions without `stream`. */
export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string; refusal: null };
    logprobs: null;
    finish_reason: 'stop' | 'length';
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  citations: CitationJson[];
  knowhow: {
    architecture: string;
    model: string;
    extractive: boolean;
    retrieval_ms: number;
    answer_ms: number;
    invalid_markers: number[];
  };
}

/** POST /v1/feedback: the request is FeedbackRequest (record-feedback.ts, from its schema). */
export interface FeedbackResponse {
  object: 'feedback';
  id: string;
  created_at: string;
}

/** GET /v1/runs */
export interface VariantFigures {
  variant: string;
  cases: number;
  passed: number;
  pass_rate: number;
}

export interface RunSummary {
  id: string;
  created_at: string;
  project: string | null;
  cases: number;
  rows: number;
  variants: VariantFigures[];
  /** The recommended architecture, once `diagnose` wrote report.json. */
  recommendation: string | null;
  has_report: boolean;
  has_report_html: boolean;
}

export interface RunListResponse {
  object: 'list';
  data: RunSummary[];
}

/** GET /v1/runs/:id */
export interface RunDetail extends RunSummary {
  object: 'eval.run';
  /** report.json when diagnose wrote one; otherwise built from rows.jsonl with `diagnosis: null`. */
  report: ReportData<Diagnosis | null>;
}
