import { z } from 'zod';
import { indexEngineNames } from '../index-store.js';
import { type LanguageSetting, languageSettingNames, parseLanguageSetting } from '../languages.js';
import { constraintsSchema } from './constraints-schema.js';
import { callPolicySettings, modelSettingsShape } from './model-settings.js';
import { parseOnce } from './parse-once.js';
import { localProviderNames, providerCatalog, providerNames } from './provider-catalog.js';
import { variantNames } from './variant-names.js';

/**
 * knowhow.yaml's schema. Every object is strict: an unknown key is an error (typos must never
 * be silently ignored). Later stages add their sections here; each section stays optional
 * with defaults so that `knowhow init` output is short.
 */

const accessRule = z.strictObject({
  /** Glob over document ids (paths relative to the ingest root). */
  match: z.string().min(1),
  groups: z.array(z.string().min(1)).min(1),
});

const jsonFields = z.strictObject({
  id: z.string().default('id'),
  text: z.union([z.string(), z.array(z.string()).min(1)]).default('text'),
  title: z.string().default('title'),
  metadata: z.array(z.string()).default([]),
  groups: z.string().default('groups'),
});

export const ingestSchema = z.strictObject({
  /** What `knowhow ingest` reads when given no paths. */
  paths: z.array(z.string()).default(['docs']),
  include: z
    .array(z.string())
    .default(['**/*.{md,markdown,mdx,txt,text,html,htm,pdf,docx,json,jsonl,ndjson}']),
  exclude: z.array(z.string()).default(['**/node_modules/**', '**/.git/**', '**/.knowhow/**']),
  /** Files larger than this are reported and skipped. */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  json: jsonFields.default({ id: 'id', text: 'text', title: 'title', metadata: [], groups: 'groups' }),
  access: z.array(accessRule).default([]),
  /**
   * Documents written per index commit (also capped at 8 chunks per document on average and at
   * 32 MB of text): each commit is a LanceDB version and a data fragment, so bigger is faster.
   */
  batchSize: z.number().int().positive().default(2048),
});

export const chunkSchema = z.strictObject({
  maxTokens: z.number().int().min(16).max(8192).default(400),
  overlapTokens: z.number().int().min(0).default(40),
});

export const retrieveSchema = z.strictObject({
  mode: z.enum(['bm25', 'dense', 'hybrid']).default('bm25'),
  /**
   * How BM25 reads words (src/analyze): english, a Snowball language by name or ISO 639-1 code,
   * thai, lao, khmer, burmese, chinese, japanese, korean, none, or auto (detected per document
   * and per query). Changing it needs `ingest --rebuild`.
   */
  language: z
    .string()
    .transform((value, context): LanguageSetting => {
      const setting = parseLanguageSetting(value);
      if (setting === undefined) {
        context.issues.push({ code: 'invalid_value', values: [...languageSettingNames], input: value });
        return z.NEVER;
      }
      return setting;
    })
    .default('english'),
  k: z.number().int().positive().max(200).default(6),
  /** Candidates fetched from each retriever before fusion or reranking. */
  candidates: z.number().int().positive().max(1000).default(50),
  rrfK: z.number().int().positive().default(60),
  rerank: z
    .strictObject({
      enabled: z.boolean().default(false),
      top: z.number().int().positive().default(20),
      /** cross-encoder: models.rerank is a reranker (GGUF or /rerank endpoint); llm: a chat model grades passages. */
      method: z.enum(['cross-encoder', 'llm']).default('cross-encoder'),
    })
    .default({ enabled: false, top: 20, method: 'cross-encoder' }),
});

/** The catalog's provider names, for stages that may read only core (decide prices by them). */
export { localProviderNames, providerNames };

/**
 * One `models.<role>` entry. The provider names and which settings each reads come from the
 * provider catalog (provider-catalog.ts); setting one the provider ignores is an error.
 */
const modelRef = z
  .strictObject({ provider: z.enum(providerNames), ...modelSettingsShape })
  .superRefine((reference, context) => {
    const entry = providerCatalog[reference.provider];
    const reads = new Set<string>(['provider', 'model', ...callPolicySettings, ...entry.settings]);
    for (const key of Object.keys(reference)) {
      if (reads.has(key)) continue;
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `provider "${reference.provider}" does not read ${key} (it reads ${[...reads].filter((name) => name !== 'provider').join(', ')}).`,
      });
    }
  });
export type ModelRef = z.infer<typeof modelRef>;

export const modelsSchema = z.strictObject({
  answer: modelRef.optional(),
  judge: modelRef.optional(),
  embed: modelRef.optional(),
  rerank: modelRef.optional(),
  /**
   * Pins the tuned model: the name of a model in <dataDir>/models.json (`knowhow models` lists
   * them), or a full model entry. Unset: the newest registered model.
   */
  tuned: z.union([z.string().min(1), modelRef]).optional(),
  cache: z.boolean().default(true),
});

const price = z.strictObject({
  inputPerMillion: z.number().min(0).default(0),
  outputPerMillion: z.number().min(0).default(0),
  trainingPerMillion: z.number().min(0).optional(),
  gpuHour: z.number().min(0).optional(),
});

export const pricesSchema = z.strictObject({
  /** ISO date the table was last checked: prices change, reports say how old they are. */
  asOf: z.string().default('2026-11-01'),
  currency: z.string().default('USD'),
  models: z.record(z.string(), price).default({}),
});

const share = z.number().min(0).max(1);

/**
 * The pass marks of the lexical and retrieval checks. Each left out takes its default from the
 * check that uses it (src/eval/checks, where the number is justified); a run records the ones used.
 */
export const thresholdsSchema = z.strictObject({
  /** Token F1 against the reference answer (when the case lists no facts). Default 0.5. */
  f1: share.optional(),
  /** Content-word overlap at which a passage supports a cited sentence (no judge). Default 0.5. */
  support: share.optional(),
  /** Share of cited sentences that must be supported. Default 1. */
  supportedShare: share.optional(),
  /** recall@k at which retrieval passes. Default 0.5. */
  recall: share.optional(),
});

export const evalSchema = z.strictObject({
  cases: z.string().default('cases'),
  examples: z.string().optional(),
  variants: z.array(z.enum(variantNames)).default([...variantNames]),
  concurrency: z.number().int().positive().max(64).default(4),
  fewShot: z.number().int().min(0).max(20).default(3),
  systemPrompt: z.string().optional(),
  thresholds: thresholdsSchema.default({}),
});

export const serveSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8787),
  host: z.string().default('127.0.0.1'),
  /**
   * Host names (besides localhost and loopback addresses) that requests may be addressed to, e.g.
   * the name a reverse proxy forwards; `*.example.com` allows its subdomains. Checked always
   * without keys (DNS rebinding), with keys only when set.
   */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /** API keys by name of env var holding the key → groups. */
  keys: z
    .array(
      z.strictObject({
        name: z.string(),
        keyEnv: z.string().optional(),
        key: z.string().optional(),
        groups: z.array(z.string()),
      }),
    )
    .default([]),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  rateLimitPerMinute: z.number().int().positive().default(600),
  requestTimeoutMs: z.number().int().positive().default(120_000),
  /**
   * Where an embedded (LanceDB) index is written from: `process`, a child process that ends when
   * uploads pause, so that the server's memory does not grow with them (index/writer-process-store.ts);
   * `server`, the server's own process. Server engines (PostgreSQL) write in the database either way.
   */
  writer: z.enum(['process', 'server']).default('process'),
  /**
   * A/B tests between served architectures: a request whose `model` names an experiment is
   * answered by one of its arms, the same arm for the same user (src/serve/experiments-*.ts).
   */
  experiments: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[\w.-]{1,80}$/, 'letters, digits, `_ . -`'),
        arms: z
          .array(
            z.strictObject({
              model: z.enum(['rag', 'prompt', 'tuned', 'hybrid', 'long-context']),
              weight: z.number().positive().default(1),
            }),
          )
          .min(2),
        /** Significance level of the comparison between arms. */
        level: z.number().gt(0).lt(1).default(0.05),
      }),
    )
    .default([]),
});

/** A URL's password, if it has one (an unparseable URL has none; the engine reports it when used). */
function passwordOf(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return '';
  }
}

/**
 * Which IndexStore holds the index (src/workspace/index-engines.ts builds it). `postgres`: the
 * database in the environment variable `urlEnv` (password included), else `url` without one;
 * the index lives in its own PostgreSQL schema. knowhow.yaml is committed and shared, so a
 * password there is refused, never read.
 */
export const indexSchema = z
  .strictObject({
    engine: z.enum(indexEngineNames).default('lancedb'),
    /** postgres://user@host:5432/database, without a password. */
    url: z.string().min(1).optional(),
    /** The environment variable holding the whole URL, password included. */
    urlEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default('KNOWHOW_DATABASE_URL'),
    /** The PostgreSQL schema holding the index's tables. */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and underscores, starting with a letter')
      .default('knowhow'),
    /** BM25 term-frequency saturation (LanceDB's fixed 1.2 by default, so both engines rank alike). */
    k1: z.number().positive().max(10).default(1.2),
    /** BM25 length normalisation, 0 (none) to 1 (full). */
    b: z.number().min(0).max(1).default(0.75),
    /** Connections each process keeps to the database. */
    maxConnections: z.number().int().positive().max(1000).default(10),
    /**
     * pgvector's HNSW candidate list per query (hnsw.ef_search; it caps it at 1000). Larger finds
     * more of the true nearest neighbours for more time (figures at DEFAULT_EF_SEARCH in
     * index/postgres; `knowhow bench scale --ef-search` measures it).
     */
    efSearch: z.number().int().min(1).max(1000).default(400),
  })
  .superRefine((index, context) => {
    if (index.url !== undefined && passwordOf(index.url) !== '') {
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message: `contains a password; knowhow.yaml is shared, so secrets stay out of it: put the whole URL in the environment variable ${index.urlEnv} (index.urlEnv) and remove index.url, or keep the URL here without the password and set PGPASSWORD.`,
      });
    }
    if (index.engine === 'lancedb' && index.url !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'is read only with engine: postgres (set index.engine: postgres, or remove index.url).',
      });
    }
  });

export const configSchema = z.strictObject({
  project: z.string().default('knowhow'),
  /** Where knowhow keeps its index, runs and caches, relative to knowhow.yaml. */
  dataDir: z.string().default('.knowhow'),
  ingest: ingestSchema.default(ingestSchema.parse({}, parseOnce)),
  index: indexSchema.default(indexSchema.parse({}, parseOnce)),
  chunk: chunkSchema.default(chunkSchema.parse({}, parseOnce)),
  retrieve: retrieveSchema.default(retrieveSchema.parse({}, parseOnce)),
  models: modelsSchema.default(modelsSchema.parse({}, parseOnce)),
  prices: pricesSchema.default(pricesSchema.parse({}, parseOnce)),
  eval: evalSchema.default(evalSchema.parse({}, parseOnce)),
  constraints: constraintsSchema.default(constraintsSchema.parse({}, parseOnce)),
  serve: serveSchema.default(serveSchema.parse({}, parseOnce)),
});

export { type ConstraintsConfig, constraintsSchema } from './constraints-schema.js';
export { variantNames } from './variant-names.js';
export type KnowhowConfig = z.infer<typeof configSchema>;
export type IngestConfig = z.infer<typeof ingestSchema>;
export type ChunkConfig = z.infer<typeof chunkSchema>;
export type IndexConfig = z.infer<typeof indexSchema>;
export type RetrieveConfig = z.infer<typeof retrieveSchema>;
export type ModelsConfig = z.infer<typeof modelsSchema>;
export type EvalConfig = z.infer<typeof evalSchema>;
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;
export type PricesConfig = z.infer<typeof pricesSchema>;
export type ServeConfig = z.infer<typeof serveSchema>;
