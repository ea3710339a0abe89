import { createHash } from 'node:crypto';
import type { EvalRow, VariantName } from '../core/eval-types.js';
import type { ReportData } from '../core/report-types.js';
import {
  type Architecture,
  architectureLabels,
  architectures,
  type Diagnosis,
  gapLabels,
  type Recommendation,
  type VariantSummary,
} from '../decide/index.js';
import { buildReportPayload, type ReportCase } from './build-report-payload.js';
import { classifyRowOutcome, rowOutcomeLabels, rowOutcomes } from './classify-row-outcome.js';
import { escapeHtml, serializeJsonForScript } from './escape-html.js';
import {
  formatCompact,
  formatCount,
  formatMilliseconds,
  formatMoney,
  formatPercent,
} from './format-values.js';
import { indexLatestRows } from './index-latest-rows.js';
import { renderAttributionChart } from './render-attribution-chart.js';
import { computeCostChartGeometry, renderCostChart } from './render-cost-chart.js';
import { renderLatencyChart } from './render-latency-chart.js';
import { architectureColors, architectureDashes } from './report-palette.js';
import { reportScript } from './report-script.js';
import { renderReportStyles } from './report-styles.js';

const variantOrder: readonly VariantName[] = ['prompt', 'few-shot', 'rag', 'oracle', 'tuned', 'hybrid'];

/**
 * The diagnosis as one self-contained HTML document: inline CSS, inline script, charts drawn as
 * SVG here, data embedded as JSON. It loads nothing at view time (its Content-Security-Policy
 * forbids it), so it works opened as a file and served by the dashboard under any URL.
 * The same input gives the same bytes.
 */
export function renderHtmlReport(data: ReportData<Diagnosis>): string {
  const diagnosis = data.diagnosis;
  const latest = indexLatestRows(data.rows);
  const variants = orderVariants(data, diagnosis.variants);
  const { cases, payload } = buildReportPayload(data, latest, variants);
  const latency = renderLatencyChart({ latest, variants });
  const script = reportScript;
  const styles = renderReportStyles();
  // Only the page's own script and stylesheet apply (pinned by hash): markup injected through an
  // answer could neither run, restyle the page nor load anything.
  const policy = `default-src 'none'; script-src '${hashSource(script)}'; style-src '${hashSource(styles)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `${data.project} · run ${data.runId} · knowhow report`;
  const body = [
    renderHeader(data, cases.length),
    renderNavigation(),
    '<main>',
    renderRecommendation(diagnosis.recommendation, diagnosis),
    renderVariantTable(diagnosis.variants),
    renderAttributionSection(data, latest, variants),
    renderCostSection(diagnosis),
    section(
      'latency',
      'Latency per variant',
      'Each dot is one answer; the box spans p25–p75, the dark line is the median and the red tick p95.',
      `${scrollable(latency.svg)}${renderLatencyNote(latency.cached, latency.errored)}`,
    ),
    renderCaseSection(cases, variants),
    '</main>',
    `<footer>knowhow diagnosis report · run ${escapeHtml(data.runId)} · self-contained: opens without a network connection.</footer>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="knowhow">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${styles}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    ...body,
    '</div>',
    `<script type="application/json" id="knowhow-report-data">${serializeJsonForScript(payload)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Charts keep a legible minimum width; a narrow screen scrolls them sideways instead of shrinking the text. */
function scrollable(svg: string): string {
  return `<div class="chart-scroll">${svg}</div>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escaped text with `backticked` spans (commands in the decide stage's sentences) shown as code. */
function renderInlineText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function hashSource(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function orderVariants(data: ReportData<Diagnosis>, summaries: readonly VariantSummary[]): VariantName[] {
  const present = new Set<VariantName>([
    ...summaries.map((summary) => summary.variant),
    ...data.rows.map((row) => row.variant),
  ]);
  return variantOrder.filter((variant) => present.has(variant));
}

function section(id: string, heading: string, lead: string, content: string): string {
  return `<section class="card" id="${id}" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${escapeHtml(heading)}</h2>${
    lead ? `<p class="lead">${escapeHtml(lead)}</p>` : ''
  }${content}</section>`;
}

function renderHeader(data: ReportData<Diagnosis>, caseCount: number): string {
  const meta = [
    ['Run', data.runId],
    ['Created', data.createdAt],
    ['Cases', formatCount(caseCount)],
    ['Rows', formatCount(data.rows.length)],
  ]
    .map(([term, value]) => `<div><dt>${escapeHtml(term!)}</dt><dd>${escapeHtml(value!)}</dd></div>`)
    .join('');
  // Variants usually share a model: one line per model, naming its variants.
  const variantsByModel = new Map<string, string[]>();
  for (const [variant, model] of Object.entries(data.models)) {
    variantsByModel.set(model, [...(variantsByModel.get(model) ?? []), variant]);
  }
  const models = [...variantsByModel]
    .map(
      ([model, variants]) =>
        `<li><strong>${escapeHtml(variants.join(', '))}</strong> <span class="mono">${escapeHtml(model)}</span></li>`,
    )
    .join('');
  const notes =
    data.notes.length > 0
      ? `<ul class="notes" aria-label="Notes">${data.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`
      : '';
  const skipped =
    data.skippedVariants.length > 0
      ? `<ul class="skipped" aria-label="Skipped variants">${data.skippedVariants
          .map(
            (entry) =>
              `<li>Not run: <strong>${escapeHtml(entry.variant)}</strong> — ${escapeHtml(entry.reason)}</li>`,
          )
          .join('')}</ul>`
      : '';
  return `<header class="page-header"><div class="brand">knowhow · diagnosis report</div><h1>${escapeHtml(
    data.project,
  )}</h1><dl class="meta">${meta}</dl>${models ? `<ul class="models" aria-label="Models per variant">${models}</ul>` : ''}${notes}${skipped}</header>`;
}

function renderNavigation(): string {
  const links: [string, string][] = [
    ['recommendation', 'Recommendation'],
    ['variants', 'Variants'],
    ['attribution', 'Failure attribution'],
    ['cost', 'Cost'],
    ['latency', 'Latency'],
    ['cases', 'Cases'],
  ];
  return `<nav class="toc" aria-label="Sections">${links
    .map(([id, text]) => `<a href="#${id}">${text}</a>`)
    .join('')}</nav>`;
}

function renderRecommendation(recommendation: Recommendation, diagnosis: Diagnosis): string {
  const summary = diagnosis.attributionSummary;
  const basis =
    recommendation.basis === 'measured'
      ? `<span class="basis basis-measured">${summary.extractiveCases > 0 ? 'retrieval measured (extractive answerer)' : 'measured'} on ${formatCount(summary.cases)} cases</span>`
      : '<span class="basis basis-guessed">guessed: no attributed cases</span>';
  const ladder = architectures
    .map((architecture, index) => {
      const excluded = recommendation.excluded.some((entry) => entry.architecture === architecture);
      const classes = [
        architecture === recommendation.architecture ? 'current' : '',
        excluded ? 'excluded' : '',
      ]
        .filter(Boolean)
        .join(' ');
      const arrow = index < architectures.length - 1 ? '<li class="arrow" aria-hidden="true">→</li>' : '';
      return `<li${classes ? ` class="${classes}"` : ''}>${escapeHtml(architectureLabels[architecture])}<span class="score">${escapeHtml(
        String(recommendation.scores[architecture]),
      )}</span></li>${arrow}`;
    })
    .join('');
  const reasons = recommendation.reasons
    .map(
      (reason) =>
        `<li>${reason.number ? `<span class="number">${escapeHtml(reason.number)}</span>` : ''}${renderInlineText(
          reason.statement,
        )} <span class="weight">+${escapeHtml(String(reason.weight))} → ${escapeHtml(
          reason.favours.map((architecture) => architectureLabels[architecture]).join(', '),
        )}</span></li>`,
    )
    .join('');
  const list = (items: string[], ordered = false) =>
    items.length === 0
      ? '<p class="empty">None.</p>'
      : `<${ordered ? 'ol' : 'ul'}>${items.map((item) => `<li>${renderInlineText(item)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`;
  const excluded = recommendation.excluded.map(
    (entry) => `${architectureLabels[entry.architecture]} (${entry.factor}): ${entry.why}`,
  );
  return `<section class="card recommendation" id="recommendation" aria-labelledby="recommendation-heading">
<p class="eyebrow"><span id="recommendation-heading">Recommendation</span> · ${basis}</p>
<p class="architecture" data-architecture="${escapeHtml(recommendation.architecture)}">${escapeHtml(
    capitalize(architectureLabels[recommendation.architecture]),
  )}</p>
<ol class="ladder" aria-label="Start-simple ladder with scores">${ladder}</ol>
<p class="start-simple">${renderInlineText(recommendation.startSimple)}</p>
<h3>Why</h3>${reasons ? `<ol class="reasons">${reasons}</ol>` : '<p class="empty">No reasons recorded.</p>'}
${excluded.length > 0 ? `<h3>Ruled out</h3>${list(excluded)}` : ''}
<h3>Risks</h3>${list(recommendation.risks)}
<h3>Next steps</h3>${list(recommendation.nextSteps, true)}
</section>`;
}

function renderVariantTable(summaries: readonly VariantSummary[]): string {
  const head = [
    'Variant',
    'Pass',
    'Content',
    'Format',
    'Grounding',
    'Recall',
    'p50',
    'p95',
    'Tokens / answer',
    'Run cost',
    'Errors / cached',
  ];
  const numeric = new Set(head.slice(1));
  const rows = summaries.map((summary) => {
    const cells = [
      `<th scope="row" title="${escapeHtml(summary.model)}">${escapeHtml(summary.variant)}${
        summary.extractive > 0 ? ' <span class="tag">extractive</span>' : ''
      }</th>`,
      num(`${formatPercent(summary.passRate)} (${summary.passed}/${summary.cases})`),
      num(formatPercent(summary.contentPassRate)),
      num(formatPercent(summary.formatPassRate)),
      num(formatPercent(summary.groundingPassRate)),
      num(summary.meanRecall === null ? '—' : summary.meanRecall.toFixed(2)),
      num(formatMilliseconds(summary.latency?.p50Ms)),
      num(formatMilliseconds(summary.latency?.p95Ms)),
      num(`${formatCount(summary.meanPromptTokens)} + ${formatCount(summary.meanCompletionTokens)}`),
      num(formatMoney(summary.totalCostUsd, 'USD')),
      num(`${summary.errors} / ${summary.cached}`),
    ];
    return `<tr data-variant="${escapeHtml(summary.variant)}">${cells.join('')}</tr>`;
  });
  const table = `<div class="table-scroll"><table class="variant-table"><thead><tr>${head
    .map((title) => `<th scope="col"${numeric.has(title) ? ' class="num"' : ''}>${title}</th>`)
    .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return section(
    'variants',
    'Variants',
    'Pass rates per check kind are over rows that had a verdict of that kind; latency is over live calls (cached and errored rows left out); tokens are means per answer (prompt + completion).',
    table,
  );
}

function num(text: string): string {
  return `<td class="num">${escapeHtml(text)}</td>`;
}

function renderAttributionSection(
  data: ReportData<Diagnosis>,
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>,
  variants: readonly VariantName[],
): string {
  const summary = data.diagnosis.attributionSummary;
  const chart = renderAttributionChart({ latest, variants, attributionSummary: summary });
  const outcomeLegend = rowOutcomes
    .filter(
      (outcome) => outcome !== 'other-fail' || data.rows.some((row) => classifyRowOutcome(row) === outcome),
    )
    .map(
      (outcome) =>
        `<li><span class="swatch outcome-${outcome}"></span>${escapeHtml(rowOutcomeLabels[outcome])}</li>`,
    )
    .join('');
  const labelLegend = gapLabels
    .map((label) => {
      const secondary = summary.secondaryCounts[label];
      return `<li><button type="button" data-filter-label="${label}" title="Show these cases in the table"><span class="swatch label-${label}"></span>${label} <span class="count">${summary.counts[label]}</span>${
        secondary > 0 ? ` <span class="weight">(+${secondary} secondary)</span>` : ''
      }</button></li>`;
    })
    .join('');
  const content = `${scrollable(chart)}<ul class="legend" aria-label="Row outcomes">${outcomeLegend}</ul><ul class="legend" aria-label="Attribution labels (click to filter the cases)">${labelLegend}</ul><p class="chart-notes">${escapeHtml(
    `${summary.failing} of ${summary.cases} cases fail under the plain prompt; ${summary.knowledgeNeeds} need knowledge, ${summary.behaviourNeeds} have a behaviour gap, ${summary.bothNeeds} both.`,
  )}</p>`;
  return section(
    'attribution',
    'Failure attribution by variant',
    'Top: what each variant’s answers did. Bottom: why each case fails, from all its rows (click a label to list its cases).',
    content,
  );
}

function renderCostSection(diagnosis: Diagnosis): string {
  const costs = diagnosis.costs;
  const geometry = computeCostChartGeometry(costs);
  const currency = costs.currency;
  const plotted = architectures.filter((architecture) =>
    costs.curve.some((point) => point.monthlyUsd[architecture] !== undefined),
  );
  const legend = architectures
    .map((architecture) => {
      const cost = costs.architectures[architecture];
      const shown = plotted.includes(architecture);
      return `<li>${lineSwatch(architecture)}${escapeHtml(architectureLabels[architecture])} <span class="weight">${escapeHtml(
        shown ? cost.basis : 'not plotted: no data',
      )}</span></li>`;
    })
    .join('');
  const breakEvens =
    costs.breakEvens.length === 0
      ? '<p class="chart-notes">No break-even: the cost lines do not cross at a positive volume.</p>'
      : `<ol class="break-evens" aria-label="Break-even points (numbered as on the chart)">${costs.breakEvens
          .map((entry) => {
            const onChart = geometry.breakEvens.some(
              (plotted) =>
                plotted.between.join() === entry.between.join() &&
                plotted.queriesPerDay === entry.queriesPerDay,
            );
            return `<li>${escapeHtml(
              `${capitalize(architectureLabels[entry.between[0]])} and ${architectureLabels[entry.between[1]]} cost the same at ${formatCount(
                entry.queriesPerDay,
              )} queries/day (${formatMoney(entry.monthlyUsd, currency)}/month): ${architectureLabels[entry.cheaperBelow]} is cheaper below, ${architectureLabels[entry.cheaperAbove]} above.${
                onChart ? '' : ' (Off the chart.)'
              }`,
            )}</li>`;
          })
          .join('')}</ol>`;
  const rows = architectures.map((architecture) => {
    const cost = costs.architectures[architecture];
    const training = cost.trainingRun
      ? `${formatMoney(cost.trainingRun.usd, currency)} × ${cost.trainingRun.runsPerYear}/yr`
      : '—';
    // The amounts first: on a narrow screen the model ids are what scrolls out of view.
    return `<tr class="architecture-row" data-architecture="${architecture}"><th scope="row">${escapeHtml(
      architectureLabels[architecture],
    )}</th>${num(cost.basis === 'missing' || cost.complete === false ? '—' : formatMoney(cost.monthly.total, currency))}${num(
      cost.model !== null && costs.unpricedModels.includes(cost.model)
        ? '—'
        : formatMoney(cost.perQuery.usd, currency),
    )}${num(training)}${num(formatMilliseconds(cost.latency?.p95Ms))}<td>${escapeHtml(cost.basis)}${
      cost.variant ? ` (${escapeHtml(cost.variant)})` : ''
    }</td><td class="mono">${escapeHtml(cost.model ?? '—')}</td></tr>`;
  });
  const table = `<div class="table-scroll"><table class="cost-table"><thead><tr><th scope="col">Architecture</th><th scope="col" class="num">${escapeHtml(
    `Monthly at ${formatCompact(costs.queriesPerDay)}/day`,
  )}</th><th scope="col" class="num">Per query</th><th scope="col" class="num">Training run</th><th scope="col" class="num">p95</th><th scope="col">Basis</th><th scope="col">Model</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>`;
  const asOf = costs.pricesAsOf.length > 0 ? `Prices as of ${costs.pricesAsOf.join(', ')}. ` : '';
  const unpriced =
    costs.unpricedModels.length > 0
      ? ` No price for ${costs.unpricedModels.join(', ')}: unknown, so no total or break-even rests on it.`
      : '';
  const assumptions = `<details class="assumptions"><summary>${escapeHtml(
    `How these costs were projected (${costs.assumptions.length} assumptions)`,
  )}</summary><ul>${costs.assumptions.map((line) => `<li>${renderInlineText(line)}</li>`).join('')}</ul></details>`;
  return section(
    'cost',
    'Cost against query volume',
    `Monthly cost of each architecture by daily query volume, projected from measured tokens. ${asOf}${unpriced}`,
    `${scrollable(renderCostChart(costs, geometry))}<ul class="legend" aria-label="Architectures">${legend}</ul>${breakEvens}${table}${assumptions}`,
  );
}

function lineSwatch(architecture: Architecture): string {
  const dash = architectureDashes[architecture];
  return `<svg class="line-swatch" viewBox="0 0 28 10" aria-hidden="true"><line x1="1" x2="27" y1="5" y2="5" stroke="${architectureColors[architecture]}" stroke-width="3"${
    dash ? ` stroke-dasharray="${dash}"` : ''
  }/></svg>`;
}

function renderLatencyNote(cached: number, errored: number): string {
  if (cached === 0 && errored === 0) return '';
  const parts = [
    cached > 0 ? `${cached} cached ${cached === 1 ? 'row' : 'rows'}` : '',
    errored > 0 ? `${errored} errored ${errored === 1 ? 'row' : 'rows'}` : '',
  ].filter(Boolean);
  return `<p class="chart-notes">${escapeHtml(`Not plotted: ${parts.join(' and ')} (no model time was measured).`)}</p>`;
}

function renderCaseSection(cases: readonly ReportCase[], variants: readonly VariantName[]): string {
  const options = gapLabels.map((label) => `<option value="${label}">${label}</option>`).join('');
  const tools = `<div class="case-tools"><label class="sr-only" for="case-filter">Filter cases</label><input id="case-filter" type="search" placeholder="Filter by text, tag or label" autocomplete="off"><label class="sr-only" for="label-filter">Attribution label</label><select id="label-filter"><option value="">all labels</option>${options}</select><span class="case-count" id="case-count" aria-live="polite">${cases.length} of ${cases.length} cases</span></div>`;
  const head = `<tr><th scope="col">Case</th><th scope="col">Question</th><th scope="col">Tags</th><th scope="col">Attribution</th>${variants
    .map((variant) => `<th scope="col" class="verdict">${escapeHtml(variant)}</th>`)
    .join('')}</tr>`;
  const rows = cases.map((entry, index) => renderCaseRow(entry, index, variants));
  return section(
    'cases',
    'Cases',
    'Click a case (or focus it and press Enter) for its question, reference, attribution and every variant’s answer, checks and passages.',
    `${tools}<div class="table-scroll"><table class="cases" id="case-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`,
  );
}

function renderCaseRow(entry: ReportCase, index: number, variants: readonly VariantName[]): string {
  const label = entry.attribution?.label;
  const search = [
    entry.id,
    entry.question,
    ...entry.tags,
    label ?? '',
    ...(entry.attribution?.secondary ?? []),
  ]
    .join(' ')
    .toLowerCase();
  const cells = variants.map((variant) => renderVerdictCell(entry.rows.get(variant), variant));
  return `<tr class="case-row" data-case-index="${index}" data-case-id="${escapeHtml(entry.id)}" data-label="${escapeHtml(
    label ?? '',
  )}" data-search="${escapeHtml(search)}"><td><button type="button" class="case-toggle" aria-expanded="false" aria-controls="case-detail-${index}">${escapeHtml(
    entry.id,
  )}</button></td><td class="question">${escapeHtml(entry.question)}</td><td>${entry.tags
    .map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`)
    .join(
      '',
    )}</td><td>${label ? `<span class="label-chip label-${label}">${label}</span>` : '<span class="empty">—</span>'}</td>${cells.join(
    '',
  )}</tr>`;
}

function renderVerdictCell(row: EvalRow | undefined, variant: VariantName): string {
  if (!row)
    return `<td class="verdict v-missing" title="${escapeHtml(`${variant}: not run`)}">–<span class="sr-only"> not run</span></td>`;
  const outcome = classifyRowOutcome(row);
  if (outcome === 'error') {
    return `<td class="verdict v-error" title="${escapeHtml(`${variant}: error ${row.error?.code ?? ''}`)}">!<span class="sr-only"> error</span></td>`;
  }
  if (outcome === 'pass') {
    return `<td class="verdict v-pass" title="${escapeHtml(`${variant}: pass`)}">✓<span class="sr-only"> pass</span></td>`;
  }
  return `<td class="verdict v-fail" title="${escapeHtml(`${variant}: ${rowOutcomeLabels[outcome]}`)}">✗<span class="sr-only"> fail</span></td>`;
}
