import type { PricesConfig } from '../core/config/schema.js';
import { defaultPrices } from '../core/default-prices.js';
import type { VariantName } from '../core/eval-types.js';
import {
  lookUpPrice,
  lookUpTunedPrice,
  type PriceMatch,
  splitModelId,
  type TunedFrom,
} from '../core/price-lookup.js';
import { formatCount, formatDecimal } from '../core/text/format-number.js';
import {
  type Architecture,
  architectures,
  architectureVariants,
  type KnowledgeChanges,
  retrainsPerYear,
} from './architecture.js';
import type { LatencyStats, VariantSummary } from './summarize-variants.js';

/** DESIGN.md's monthly projection uses an average month. */
export const DAYS_PER_MONTH = 30.4;

/** Object-storage list rate (S3 Standard); set 0 when the index lives on a disk already paid for. */
export const DEFAULT_STORAGE_PER_GB_MONTH = 0.023;

/** A hybrid's tuned model learns behaviour, not facts (those come from the index): it retrains yearly. */
export const DEFAULT_HYBRID_RETRAINS_PER_YEAR = 1;

/** Queries/day at which the curve is sampled: 1-2-5 steps per decade, 10 … 1,000,000. */
export const CURVE_POINTS: readonly number[] = [
  10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
  1_000_000,
];

export interface IndexFacts {
  chunks: number;
  /** Tokens embedded to build the whole index (0 for a BM25-only index). */
  embeddingTokens: number;
  /** Index size on disk. */
  bytes: number;
  /** provider:model of the embedding model; absent for BM25 only. */
  embeddingModel?: string;
  /**
   * Share of the corpus re-embedded at each change (incremental ingest embeds only changed
   * documents). Default 1: the whole corpus, an upper bound.
   */
  changedShare?: number;
}

export interface TuningFacts {
  trainingTokens: number;
  epochs: number;
  /** The model being fine-tuned (prices training); default: the prompt variant's model. */
  baseModel?: string;
  /** Overrides the price table's trainingPerMillion. */
  pricePerMillion?: number;
  /** Self-hosted training: GPU-hours per run, priced at gpuHourRate (or the table's gpuHour). */
  gpuHours?: number;
  gpuHourRate?: number;
  /** Price-table key holding the gpuHour rate (e.g. `gpu:h100`) when gpuHourRate is not given. */
  gpu?: string;
  hybridRetrainsPerYear?: number;
}

export interface ProjectCostsInput {
  summaries: readonly VariantSummary[];
  /** knowhow.yaml's `prices:`; wins over the built-in table key by key. */
  prices: PricesConfig;
  /** Built-in table under the configured one; `false` to price only from knowhow.yaml. */
  builtInPrices?: PricesConfig | false;
  /** provider:model per variant; default: the model that answered most of that variant's rows. */
  modelIds?: Partial<Record<VariantName, string>>;
  queriesPerDay: number;
  knowledgeChanges: KnowledgeChanges;
  index?: IndexFacts;
  tuning?: TuningFacts;
  /**
   * The engine that tuned the tuned model, and its base: when the tuned model has no price of its
   * own, the engine's rule prices it from the base (OpenAI's `ft:` price list, Together's base price).
   */
  tunedFrom?: TunedFrom;
  /** Fixed monthly cost of serving a self-hosted tuned model (GPU rental, for example). */
  hosting?: { monthlyUsd: number; description?: string };
  storagePerGbMonth?: number;
  /**
   * Which prompt the prompting architecture ships: few-shot (the default, when measured) or the
   * plain prompt — pass 'prompt' when no case needed examples (no prompting-fixes label).
   */
  promptingVariant?: 'prompt' | 'few-shot';
}

export type CostBasis = 'measured' | 'estimated' | 'missing';

export interface ArchitectureCost {
  architecture: Architecture;
  /** measured: its own variant ran; estimated: tokens borrowed from another variant; missing: no data. */
  basis: CostBasis;
  /** The variant whose tokens (and latency) are used. */
  variant: VariantName | null;
  /** provider:model priced for inference. */
  model: string | null;
  perQuery: { promptTokens: number; completionTokens: number; usd: number };
  monthly: {
    inference: number;
    embedding: number;
    storage: number;
    fineTuning: number;
    hosting: number;
    total: number;
  };
  /** monthly total = fixedMonthly + perDailyQuery × queriesPerDay. */
  fixedMonthly: number;
  perDailyQuery: number;
  /** Cost of one training run (fine-tuning and hybrid), and runs a year. */
  trainingRun: { usd: number; runsPerYear: number } | null;
  latency: LatencyStats | null;
  /**
   * What could not be priced (the model's price, the embedding model's, training, hosting). The
   * monthly figures then hold the known parts only: a lower bound, never a cost, so such an
   * architecture is left out of the curve, the break-evens and every cost reason that needs its total.
   */
  unknown: string[];
  /** `unknown` is empty. */
  complete: boolean;
  /** How inference was priced when not from the model's own entry (a fine-tune priced from its base). */
  priceBasis: string | null;
}

export interface BreakEven {
  between: [Architecture, Architecture];
  /** Exact crossing of the two cost lines. */
  queriesPerDay: number;
  monthlyUsd: number;
  cheaperBelow: Architecture;
  cheaperAbove: Architecture;
}

export interface CostProjection {
  currency: string;
  /** asOf of every price table that priced something. */
  pricesAsOf: string[];
  queriesPerDay: number;
  daysPerMonth: number;
  architectures: Record<Architecture, ArchitectureCost>;
  /** Monthly cost per architecture at CURVE_POINTS (missing architectures are left out). */
  curve: { queriesPerDay: number; monthlyUsd: Partial<Record<Architecture, number>> }[];
  breakEvens: BreakEven[];
  assumptions: string[];
  /** Models without a price: the architectures using them are left incomplete (also stated in assumptions). */
  unpricedModels: string[];
}

/** Projects what each architecture costs a month, from measured tokens and a dated price table. */
export function projectCosts(input: ProjectCostsInput): CostProjection {
  const context = createPricing(input);
  const byVariant = new Map(input.summaries.map((summary) => [summary.variant, summary]));
  const modelOf = (variant: VariantName): string | undefined =>
    input.modelIds?.[variant] ?? byVariant.get(variant)?.model;
  const runs = retrainsPerYear[input.knowledgeChanges];
  const assumptions: string[] = [
    `A month is ${DAYS_PER_MONTH} days; ${formatCount(input.queriesPerDay)} queries/day is ${formatCount(
      Math.round(input.queriesPerDay * DAYS_PER_MONTH),
    )} queries/month.`,
  ];

  const indexing = projectIndexing(input, context, runs, assumptions);
  const baseModel = input.tuning?.baseModel ?? modelOf('prompt') ?? modelOf('few-shot');
  const training = projectTrainingRun(input, context, baseModel, assumptions);
  const trainingRunUsd = training.usd;
  const hybridRuns = input.tuning?.hybridRetrainsPerYear ?? DEFAULT_HYBRID_RETRAINS_PER_YEAR;
  const tunedModel =
    modelOf('tuned') ?? modelOf('hybrid') ?? guessTunedModel(baseModel, context, assumptions);
  const tunedFrom = input.tunedFrom;
  const hostingUsd = input.hosting?.monthlyUsd ?? 0;
  if (input.hosting) {
    assumptions.push(
      `Hosting the tuned model costs ${money(hostingUsd)}/month${input.hosting.description ? ` (${input.hosting.description})` : ''}, added to fine-tuning and hybrid.`,
    );
  }

  const result = {} as Record<Architecture, ArchitectureCost>;
  for (const architecture of architectures) {
    const preferred =
      architecture === 'prompting' && input.promptingVariant === 'prompt'
        ? (['prompt', 'few-shot'] as const)
        : architectureVariants[architecture];
    const measured = preferred.find((variant) => byVariant.has(variant));
    let variant: VariantName | null = measured ?? null;
    let basis: CostBasis = measured ? 'measured' : 'missing';
    // A tuned model gets the same prompt as its untuned counterpart, so its tokens can be borrowed.
    if (!measured && (architecture === 'fine-tuning' || architecture === 'hybrid')) {
      const borrowed = (architecture === 'fine-tuning' ? ['prompt'] : ['rag']) as VariantName[];
      variant = borrowed.find((candidate) => byVariant.has(candidate)) ?? null;
      if (variant) basis = 'estimated';
    }
    const summary = variant ? byVariant.get(variant) : undefined;
    const tuned = architecture === 'fine-tuning' || architecture === 'hybrid';
    const model =
      (tuned ? (measured ? modelOf(measured) : tunedModel) : variant ? modelOf(variant) : undefined) ?? null;
    const match = model
      ? context.price(model, `${architecture} inference`, tuned ? tunedFrom : undefined)
      : undefined;
    const price = match?.price;
    const unknown: string[] = [];
    if (model && !match) unknown.push(`no price for ${model}`);
    const selfHosted = match?.source === 'local' && splitModelId(model ?? '').provider === 'llama-cpp';
    if (tuned && selfHosted && !input.hosting) {
      unknown.push(
        `the cost of hosting the self-hosted ${model} (a GPU, or a per-token price under prices.models)`,
      );
    }
    if (usesIndexOf(architecture) && indexing.unknown) unknown.push(indexing.unknown);
    if (tuned && training.unknown) unknown.push(training.unknown);
    const promptTokens = summary?.meanPromptTokens ?? 0;
    const completionTokens = summary?.meanCompletionTokens ?? 0;
    const perQueryUsd =
      (promptTokens * (price?.inputPerMillion ?? 0) + completionTokens * (price?.outputPerMillion ?? 0)) /
      1e6;
    const usesIndex = usesIndexOf(architecture);
    const runsPerYear = architecture === 'fine-tuning' ? runs : hybridRuns;
    const fineTuning = tuned ? (trainingRunUsd * runsPerYear) / 12 : 0;
    const embedding = usesIndex ? indexing.embeddingMonthly : 0;
    const storage = usesIndex ? indexing.storageMonthly : 0;
    const hosting = tuned ? hostingUsd : 0;
    const perDailyQuery = perQueryUsd * DAYS_PER_MONTH;
    const fixedMonthly = embedding + storage + fineTuning + hosting;
    const inference = perDailyQuery * input.queriesPerDay;
    result[architecture] = {
      architecture,
      basis,
      variant,
      model,
      perQuery: { promptTokens, completionTokens, usd: perQueryUsd },
      monthly: { inference, embedding, storage, fineTuning, hosting, total: fixedMonthly + inference },
      fixedMonthly,
      perDailyQuery,
      trainingRun: tuned ? { usd: trainingRunUsd, runsPerYear } : null,
      latency: summary?.latency ?? null,
      unknown: variant ? unknown : [],
      complete: variant !== null && unknown.length === 0,
      priceBasis: match?.basis ?? null,
    };
    const basisLine = match?.basis && model ? `${model} is priced as ${match.basis}.` : undefined;
    if (basisLine && !assumptions.includes(basisLine)) assumptions.push(basisLine);
    describeBasis(result[architecture], measured, summary, assumptions);
  }
  assumptions.push(
    `Fine-tuning retrains ${runs} times a year (knowledge changes ${input.knowledgeChanges}${
      input.knowledgeChanges === 'realtime'
        ? ', counted as daily: no schedule keeps a tuned model current'
        : ''
    }); hybrid retrains ${hybridRuns} time${hybridRuns === 1 ? '' : 's'} a year, since its facts come from the index.`,
  );

  // Only complete costs are lines: an unknown price is not a zero to draw or to cross.
  const available = architectures.filter((architecture) => result[architecture].complete);
  const curve = CURVE_POINTS.map((queriesPerDay) => ({
    queriesPerDay,
    monthlyUsd: Object.fromEntries(
      available.map((architecture) => [architecture, monthlyAt(result[architecture], queriesPerDay)]),
    ) as Partial<Record<Architecture, number>>,
  }));
  const breakEvens = findBreakEvens(available.map((architecture) => result[architecture]));

  assumptions.push(...context.describeTables());
  return {
    currency: context.currency,
    pricesAsOf: context.asOfDates(),
    queriesPerDay: input.queriesPerDay,
    daysPerMonth: DAYS_PER_MONTH,
    architectures: result,
    curve,
    breakEvens,
    assumptions: [...assumptions, ...context.warnings],
    unpricedModels: context.unpriced(),
  };
}

function usesIndexOf(architecture: Architecture): boolean {
  return architecture === 'rag' || architecture === 'hybrid';
}

/** Monthly cost of an architecture at a daily query volume: a straight line in the volume. */
export function monthlyAt(cost: ArchitectureCost, queriesPerDay: number): number {
  return cost.fixedMonthly + cost.perDailyQuery * queriesPerDay;
}

/** Where each pair of cost lines crosses at a positive volume, solved exactly. */
export function findBreakEvens(costs: readonly ArchitectureCost[]): BreakEven[] {
  const found: BreakEven[] = [];
  for (let i = 0; i < costs.length; i++) {
    for (let j = i + 1; j < costs.length; j++) {
      const a = costs[i]!;
      const b = costs[j]!;
      const slopeGap = a.perDailyQuery - b.perDailyQuery;
      if (slopeGap === 0) continue;
      const queriesPerDay = (b.fixedMonthly - a.fixedMonthly) / slopeGap;
      if (!(queriesPerDay > 0) || !Number.isFinite(queriesPerDay)) continue;
      const steeper = slopeGap > 0 ? a : b;
      const flatter = slopeGap > 0 ? b : a;
      found.push({
        between: [a.architecture, b.architecture],
        queriesPerDay,
        monthlyUsd: monthlyAt(a, queriesPerDay),
        cheaperBelow: steeper.architecture,
        cheaperAbove: flatter.architecture,
      });
    }
  }
  return found.sort((x, y) => x.queriesPerDay - y.queriesPerDay);
}

interface Pricing {
  currency: string;
  price(modelId: string, use: string, tunedFrom?: TunedFrom): PriceMatch | undefined;
  warnings: string[];
  unpriced(): string[];
  asOfDates(): string[];
  describeTables(): string[];
  /** Whether a model has a price, without recording it as used or unpriced. */
  has(modelId: string): boolean;
  trainingPrice(modelId: string): { perMillion: number; match: PriceMatch } | undefined;
  gpuHourPrice(key: string): number | undefined;
}

function createPricing(input: ProjectCostsInput): Pricing {
  const builtIn = input.builtInPrices === false ? undefined : (input.builtInPrices ?? defaultPrices);
  const tables = { config: input.prices, builtIn };
  const used = new Map<string, PriceMatch>();
  const unpriced = new Map<string, string[]>();
  const warnings: string[] = [];
  const record = (modelId: string, match: PriceMatch) => used.set(modelId, match);
  return {
    currency: input.prices.currency,
    warnings,
    price(modelId, use, tunedFrom) {
      const match = lookUpTunedPrice(modelId, tables, tunedFrom);
      if (match) {
        record(modelId, match);
        return match;
      }
      const uses = unpriced.get(modelId) ?? [];
      if (!uses.includes(use)) uses.push(use);
      unpriced.set(modelId, uses);
      return undefined;
    },
    has: (modelId) => lookUpPrice(modelId, tables) !== undefined,
    trainingPrice(modelId) {
      const match = lookUpPrice(modelId, tables);
      if (!match || match.price.trainingPerMillion === undefined) return undefined;
      record(modelId, match);
      return { perMillion: match.price.trainingPerMillion, match };
    },
    gpuHourPrice(key) {
      const match = lookUpPrice(key, tables);
      if (!match || match.price.gpuHour === undefined) return undefined;
      record(key, match);
      return match.price.gpuHour;
    },
    unpriced: () => [...unpriced.keys()],
    asOfDates() {
      const dates = new Set<string>();
      for (const match of used.values()) if (match.asOf) dates.add(match.asOf);
      return [...dates].sort();
    },
    describeTables() {
      const lines: string[] = [];
      const bySource = new Map<string, string[]>();
      for (const [modelId, match] of used) {
        const label =
          match.source === 'local'
            ? 'run locally (no per-token price)'
            : `${match.source === 'config' ? 'knowhow.yaml prices' : 'built-in price table'} as of ${match.asOf}`;
        const models = bySource.get(label) ?? [];
        models.push(
          match.key === modelId || match.source === 'local' ? modelId : `${modelId} (as ${match.key})`,
        );
        bySource.set(label, models);
      }
      for (const [label, models] of bySource) lines.push(`Priced from ${label}: ${models.join(', ')}.`);
      if (
        builtIn &&
        builtIn.currency !== input.prices.currency &&
        [...used.values()].some((m) => m.source === 'built-in')
      ) {
        lines.push(
          `Warning: the built-in table is in ${builtIn.currency} but knowhow.yaml says ${input.prices.currency}; add these models to prices.models.`,
        );
      }
      for (const [modelId, uses] of unpriced) {
        lines.push(
          `Warning: no price for ${modelId} (${uses.join(', ')}): that cost is unknown, so no total, break-even or cost reason rests on it. Add it under prices.models in knowhow.yaml.`,
        );
      }
      return lines;
    },
  };
}

function projectIndexing(
  input: ProjectCostsInput,
  pricing: Pricing,
  runs: number,
  assumptions: string[],
): { embeddingMonthly: number; storageMonthly: number; unknown?: string } {
  const index = input.index;
  if (!index) {
    assumptions.push(
      'No index facts given: the indexing cost (embeddings, storage) of rag and hybrid is unknown.',
    );
    return { embeddingMonthly: 0, storageMonthly: 0, unknown: 'the indexing cost (no index facts)' };
  }
  let unknown: string | undefined;
  const share = index.changedShare ?? 1;
  let embeddingMonthly = 0;
  if (index.embeddingModel && index.embeddingTokens > 0) {
    const price = pricing.price(index.embeddingModel, 'embeddings')?.price;
    if (!price) unknown = `no price for the embedding model ${index.embeddingModel}`;
    const perBuild = (index.embeddingTokens * share * (price?.inputPerMillion ?? 0)) / 1e6;
    embeddingMonthly = (perBuild * runs) / 12;
    assumptions.push(
      `Indexing re-embeds ${Math.round(share * 100)}% of ${formatCount(index.embeddingTokens)} tokens (${formatCount(
        index.chunks,
      )} chunks) ${runs} times a year with ${index.embeddingModel}: ${money(perBuild)} a time.`,
    );
  } else {
    assumptions.push(
      `The index (${formatCount(index.chunks)} chunks) has no embeddings (BM25): no embedding cost.`,
    );
  }
  const rate = input.storagePerGbMonth ?? DEFAULT_STORAGE_PER_GB_MONTH;
  const gigabytes = index.bytes / 1e9;
  const storageMonthly = gigabytes * rate;
  assumptions.push(`Index storage: ${gigabytes.toFixed(3)} GB at ${money(rate)}/GB-month.`);
  return { embeddingMonthly, storageMonthly, ...(unknown ? { unknown } : {}) };
}

function projectTrainingRun(
  input: ProjectCostsInput,
  pricing: Pricing,
  baseModel: string | undefined,
  assumptions: string[],
): { usd: number; unknown?: string } {
  const tuning = input.tuning;
  if (!tuning) {
    assumptions.push(
      'No training set measured: the training cost of fine-tuning and hybrid is unknown (run `knowhow tune prepare` for token counts).',
    );
    return { usd: 0, unknown: 'the training cost (no training set measured)' };
  }
  if (tuning.gpuHours !== undefined) {
    const rate = tuning.gpuHourRate ?? (tuning.gpu ? pricing.gpuHourPrice(tuning.gpu) : undefined);
    if (rate === undefined) {
      pricing.warnings.push(
        `Warning: no GPU-hour rate${tuning.gpu ? ` for ${tuning.gpu}` : ''}: the training cost is unknown. Set gpuHour under prices.models.`,
      );
      return {
        usd: 0,
        unknown: `the training cost (no GPU-hour rate${tuning.gpu ? ` for ${tuning.gpu}` : ''})`,
      };
    }
    const usd = tuning.gpuHours * rate;
    assumptions.push(
      `A training run takes ${tuning.gpuHours} GPU-hours at ${money(rate)}/hour: ${money(usd)}.`,
    );
    return { usd };
  }
  const perMillion =
    tuning.pricePerMillion ?? (baseModel ? pricing.trainingPrice(baseModel)?.perMillion : undefined);
  const trained = tuning.trainingTokens * tuning.epochs;
  if (perMillion === undefined) {
    pricing.warnings.push(
      `Warning: no training price for ${baseModel ?? 'the base model'}: the training cost is unknown. Set trainingPerMillion under prices.models.`,
    );
    return { usd: 0, unknown: `the training cost (no training price for ${baseModel ?? 'the base model'})` };
  }
  const usd = (trained * perMillion) / 1e6;
  assumptions.push(
    `A training run is ${formatCount(tuning.trainingTokens)} tokens × ${tuning.epochs} epochs at ${money(perMillion)}/1M: ${money(usd)}.`,
  );
  return { usd };
}

function describeBasis(
  cost: ArchitectureCost,
  measured: VariantName | undefined,
  summary: VariantSummary | undefined,
  assumptions: string[],
): void {
  const tokens = `${Math.round(cost.perQuery.promptTokens)} prompt + ${Math.round(cost.perQuery.completionTokens)} completion tokens/query`;
  if (cost.basis === 'measured') {
    assumptions.push(
      `${cost.architecture}: ${tokens}, measured on the ${measured} variant (${summary?.cases ?? 0} rows).`,
    );
  } else if (cost.basis === 'estimated') {
    assumptions.push(
      `${cost.architecture}: ${tokens}, estimated from the ${cost.variant} variant (${architectureVariants[cost.architecture].join('/')} not measured) at ${cost.model ?? 'no'} prices.`,
    );
  } else {
    assumptions.push(
      `${cost.architecture}: not measured and no variant to estimate from; left out of the curve.`,
    );
  }
}

/**
 * Before a model is tuned there is no tuned id to price. OpenAI-style tables list a fine-tuned
 * copy as `ft:<base>` (it costs more than the base); other models are priced as their base.
 */
function guessTunedModel(
  baseModel: string | undefined,
  pricing: Pricing,
  assumptions: string[],
): string | undefined {
  if (!baseModel) return undefined;
  const { provider, model } = splitModelId(baseModel);
  const fineTuned = `${provider ? `${provider}:` : ''}ft:${model}`;
  if (!model.startsWith('ft:') && pricing.has(fineTuned)) {
    assumptions.push(`No tuned model yet: its inference is priced as a fine-tuned ${model} (${fineTuned}).`);
    return fineTuned;
  }
  assumptions.push(`No tuned model yet: its inference is priced as the base model ${baseModel}.`);
  return baseModel;
}

function money(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) < 1) return `$${Number(value.toPrecision(3))}`;
  return `$${formatDecimal(value, 2)}`;
}
