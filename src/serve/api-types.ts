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
import type { DraftJson, draftReviewSchema } from './draft-review.js';
import type { ErrorBody } from './error-response.js';
import type { ExperimentReport } from './experiments-report.js';
import type { FeedbackRequest } from './record-feedback.js';
import type { ServedArchitecture, ServedContext } from './served-models.js';

export type { CitationJson, ErrorBody, FeedbackRequest };

/** GET /v1/models */
export interface ModelListResponse {
  object: 'list';
  data: {
    id: ServedArchitecture;
    object: 'model';
    created: number;
    owned_by: 'knowhow';
    knowhow: {
      model: string;
      retrieval: boolean;
      /** What the model reads beside the question: retrieved passages, whole documents (long-context), none. */
      context: ServedContext;
      extractive: boolean;
      description: string;
    };
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
  /** Where the passage stands in the file (see SourceLocation), when known. */
  source_start?: number;
  source_end?: number;
  line?: number;
  end_line?: number;
  page?: number;
  end_page?: number;
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
    /** Present when the request named an experiment: the arm that answered. */
    arm?: { experiment: string; arm: string; overridden: boolean };
    /** Present for the long-context architecture: what was packed into the prompt. */
    long_context?: LongContextJson;
  };
}

/**
 * The long-context architecture's packing, per response: the reader's documents placed whole
 * (`documents` of `readable_documents`), their tokens against the budget, and `ranked` when they
 * did not all fit and were taken in retrieval's order until the budget was spent.
 */
export interface LongContextJson {
  documents: number;
  readable_documents: number;
  tokens: number;
  readable_tokens: number;
  budget_tokens: number;
  ranked: boolean;
  /** Passages (chunks of the packed documents) the model was given. */
  passages: number;
  /**
   * Packed passages generateAnswer still left out: it counts each passage's heading and framing
   * against the same budget, which the packer's chunk tokens do not include (eval does the same).
   */
  dropped_passages: number;
}

/** POST /v1/feedback: the request is FeedbackRequest (record-feedback.ts, from its schema). */
export interface FeedbackResponse {
  object: 'feedback';
  id: string;
  created_at: string;
  /** Set when `response_id` named an experiment's response: the rating counts for this arm. */
  experiment?: string;
  arm?: string;
}

/** One entry of GET /v1/feedback (review-feedback.ts writes it). */
export interface FeedbackJson {
  object: 'feedback';
  id: string;
  created_at: string;
  rating: 'up' | 'down';
  question: string;
  answer: string;
  corrected_answer?: string;
  comment?: string;
  cited_chunk_ids?: string[];
  model?: string;
  architecture?: string;
  run_id?: string;
  case_id?: string;
  key_name?: string;
  groups: string[];
  review: { status: 'unreviewed' | 'approved' | 'rejected'; reviewer?: string; reviewed_at?: string };
}

/** GET /v1/feedback?status=unreviewed|approved|rejected|all */
export interface FeedbackListResponse {
  object: 'list';
  status: string;
  data: FeedbackJson[];
}

/** POST /v1/feedback/:id/review */
export interface FeedbackReviewResponse {
  object: 'feedback.review';
  id: string;
  status?: 'unreviewed' | 'approved' | 'rejected';
  reviewer?: string;
  reviewed_at?: string;
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

/** GET /v1/experiments (admin keys): one report per configured experiment. */
export interface ExperimentListResponse {
  object: 'list';
  data: ExperimentReport[];
}

export type { DraftJson };

/** GET /v1/drafts (reviewer and admin keys). */
export interface DraftListResponse {
  object: 'list';
  data: DraftJson[];
}

/** POST /v1/drafts/:id/review */
export type DraftReviewRequest = import('zod').input<typeof draftReviewSchema>;
