import type { Child } from 'hono/jsx';
import type { CheckResult } from '../../core/eval-types.js';
import type { ReportChunk } from '../../core/report-types.js';
import type { PayloadCase, PayloadRow } from '../build-report-payload.js';
import { formatMilliseconds } from '../format-values.js';

export interface CaseDetailProps {
  item: PayloadCase;
  chunks: Readonly<Record<string, ReportChunk>>;
  /** Controls the host adds under each answer (the dashboard's feedback buttons). */
  renderActions?: (row: PayloadRow) => Child;
}

/**
 * One case's drill-down: its question, reference and attribution, then every variant's answer,
 * checks, passages and citations. The report's script renders it under the case's row, the
 * dashboard in its side panel; both in the browser, from the run's data, as text nodes.
 */
export function CaseDetail(props: CaseDetailProps) {
  const { item } = props;
  return (
    <div class="drill">
      <p class="drill-question">{item.question}</p>
      <Reference item={item} />
      <AttributionNote item={item} />
      <h4>Answers by variant</h4>
      <div class="variant-cards">
        {item.rows.length === 0 ? <p class="empty">No variant produced a row for this case.</p> : null}
        {item.rows.map((row) => (
          <VariantCard row={row} item={item} chunks={props.chunks} actions={props.renderActions?.(row)} />
        ))}
      </div>
    </div>
  );
}

function Reference(props: { item: PayloadCase }) {
  const { item } = props;
  const format = Object.keys(item.format).length > 0 ? JSON.stringify(item.format) : '';
  const entries: [string, Child][] = [
    ['Reference answer', item.answer ?? null],
    ['Facts', tagList(item.facts)],
    ['Sources', tagList(item.sources)],
    ['Tags', tagList(item.tags)],
    ['Asked as', item.groups.length > 0 ? item.groups.join(', ') : null],
    ['Format', format || null],
  ];
  const shown = entries.filter(([, value]) => value !== null);
  return (
    <section class="drill-section">
      <h4>Case</h4>
      <dl>
        {shown.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function tagList(values: readonly string[]): Child {
  if (values.length === 0) return null;
  return (
    <span>
      {values.map((value) => (
        <span class="tag">{value}</span>
      ))}
    </span>
  );
}

function AttributionNote(props: { item: PayloadCase }) {
  const { item } = props;
  return (
    <section class="drill-section">
      <h4>Attribution</h4>
      <p class="explanation">
        {item.label ? (
          <>
            <span class={`label-chip label-${item.label}`}>{item.label}</span>{' '}
          </>
        ) : null}
        {item.secondary.map((label) => (
          <>
            <span class="tag">also {label}</span>{' '}
          </>
        ))}
        {item.explanation || 'No attribution for this case.'}
      </p>
      {item.evidence.length > 0 ? (
        <ul class="evidence">
          {item.evidence.map((entry) => (
            <li>
              <strong>{`${entry.variant}: `}</strong>
              {entry.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function VariantCard(props: {
  row: PayloadRow;
  item: PayloadCase;
  chunks: Readonly<Record<string, ReportChunk>>;
  actions: Child;
}) {
  const { row } = props;
  const state = row.error ? 'errored' : row.passed ? 'passed' : 'failed';
  const meta = [row.model];
  if (!row.error) {
    meta.push(row.cached ? 'cached' : formatMilliseconds(row.latencyMs));
    meta.push(`${row.promptTokens} + ${row.completionTokens} tokens`);
  }
  if (row.extractive) meta.push('extractive');
  const passages = <Passages row={row} item={props.item} chunks={props.chunks} />;
  const hasPassages = row.retrievedIds.length + row.contextIds.length > 0;
  return (
    <article class={`variant-card ${state}`} data-variant={row.variant}>
      <div class="variant-head">
        <strong>{row.variant}</strong>
        {row.error ? (
          <Badge kind="error" text="error" />
        ) : (
          <Badge kind={row.passed ? 'pass' : 'fail'} text={row.passed ? 'pass' : 'fail'} />
        )}
        <span class="variant-meta">{meta.join(' · ')}</span>
      </div>
      {/* Answer and checks on the left, the passages behind them on the right (stacked on narrow screens). */}
      <div class="variant-body">
        <div class="variant-main">
          <h4>{row.error ? 'Error' : 'Answer'}</h4>
          <pre class="answer">
            {row.error
              ? `${row.error.code}: ${row.error.message}`
              : row.answer === ''
                ? '(empty answer)'
                : row.answer}
          </pre>
          <h4>Checks</h4>
          <Checks checks={row.checks} />
          {props.actions}
        </div>
        <div class="variant-side">
          {!hasPassages && row.citations.length === 0 ? (
            <>
              <h4>Passages</h4>
              <p class="empty">None: this variant answers without passages in context.</p>
            </>
          ) : null}
          {hasPassages ? passages : null}
          <Citations row={row} chunks={props.chunks} />
        </div>
      </div>
    </article>
  );
}

function Badge(props: { kind: string; text: string }) {
  return <span class={`badge badge-${props.kind}`}>{props.text}</span>;
}

function Checks(props: { checks: readonly CheckResult[] }) {
  if (props.checks.length === 0) return <p class="empty">No checks ran.</p>;
  return (
    <table class="checks">
      <thead>
        <tr>
          <th>Verdict</th>
          <th>Check</th>
          <th>Score</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.checks.map((check) => (
          <tr>
            <td>
              <Badge kind={check.verdict} text={check.verdict} />
            </td>
            <td>
              {check.name}
              <span class="kind">{check.kind}</span>
            </td>
            <td class="num">
              {check.score === undefined ? '' : String(Math.round(check.score * 1000) / 1000)}
            </td>
            <td>{check.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Passages(props: {
  row: PayloadRow;
  item: PayloadCase;
  chunks: Readonly<Record<string, ReportChunk>>;
}) {
  const { row, item } = props;
  const ids = [...new Set([...row.retrievedIds, ...row.contextIds])];
  return (
    <div>
      <h4>{`Passages (${ids.length})`}</h4>
      <ul class="chunks">
        {ids.map((id) => {
          const chunk = findChunk(props.chunks, id);
          return (
            <li>
              <div class="chunk-title">
                {row.retrievedIds.includes(id) ? (
                  <>
                    <Badge kind="info" text="retrieved" />{' '}
                  </>
                ) : null}
                {row.contextIds.includes(id) ? (
                  <>
                    <Badge kind="info" text="in context" />{' '}
                  </>
                ) : null}
                {chunk && item.sources.includes(chunk.documentId) ? (
                  <>
                    <Badge kind="pass" text="gold source" />{' '}
                  </>
                ) : null}
                {chunk ? breadcrumb([chunk.title, ...chunk.headingPath]) : id}
              </div>
              {chunk ? (
                <>
                  <div class="chunk-meta">{`${chunk.documentId} · characters ${chunk.start}–${chunk.end} · ${id}`}</div>
                  <div class="chunk-text">{chunk.text}</div>
                </>
              ) : (
                <div class="chunk-meta">chunk text not in this report</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Citations(props: { row: PayloadRow; chunks: Readonly<Record<string, ReportChunk>> }) {
  if (props.row.citations.length === 0) return null;
  return (
    <div>
      <h4>Citations</h4>
      <ul class="citations">
        {props.row.citations.map((citation) => {
          const chunk = findChunk(props.chunks, citation.chunkId);
          return (
            <li>
              <strong>{`[${citation.marker}]`}</strong>
              {' → '}
              {chunk ? `${chunk.title} (${citation.chunkId})` : citation.chunkId || 'no passage'}
              {citation.valid ? null : (
                <>
                  {' '}
                  <Badge kind="invalid" text="invalid" />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Own properties only: a chunk id such as `__proto__` is a key like any other. */
function findChunk(chunks: Readonly<Record<string, ReportChunk>>, id: string): ReportChunk | null {
  return Object.hasOwn(chunks, id) ? chunks[id]! : null;
}

/** A document's first heading usually repeats its title: show each step of the path once. */
function breadcrumb(parts: readonly string[]): string {
  const steps: string[] = [];
  for (const part of parts) if (part && steps[steps.length - 1] !== part) steps.push(part);
  return steps.join(' › ');
}
