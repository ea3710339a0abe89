import { describe, expect, it } from 'vitest';
import { buildSampleReport } from '../../report/__fixtures__/sample-report.js';
import { renderToHtml } from '../../report/index.js';
import { buildRunView } from '../../report/panels/index.js';
import type { RunSummary, SearchResponse } from '../api-types.js';
import { AnswerText, formatPlace } from './answer-text.js';
import { ComparePanel } from './compare-panel.js';
import { RunList } from './run-list.js';
import { describeSearch, SearchResults } from './search-results.js';
import { SourceList } from './source-list.js';

const hostile = '<img src=x onerror=alert(1)>';

describe('dashboard components, rendered without a browser', () => {
  it('marks the matched words of a search hit and keeps the rest as text', () => {
    const text = `Refunds ${hostile} within 30 days`;
    const response: SearchResponse = {
      object: 'list',
      query: 'refund',
      mode: 'bm25',
      reranked: true,
      retrieval_ms: 12.5,
      data: [
        {
          rank: 1,
          score: 8.031,
          chunk_id: 'billing/refunds.md#0',
          document_id: 'billing/refunds.md',
          title: 'Refund policy',
          heading_path: ['Refund policy', 'Window'],
          source: 'billing/refunds.md',
          start: 0,
          end: text.length,
          text,
          snippet: { text, highlights: [{ start: 0, end: 7 }] },
        },
      ],
    };
    const html = renderToHtml(<SearchResults response={response} />);
    expect(html).toContain('<mark>Refunds</mark>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('Refund policy › Window');
    expect(html).toContain('score 8.03');
    expect(describeSearch(response)).toBe('1 passage · bm25 + rerank · 13 ms · only what your key may read');
    expect(renderToHtml(<SearchResults response={{ ...response, data: [] }} />)).toContain(
      'No passages found.',
    );
  });

  it('picks out citation markers in an answer and lists the cited sources', () => {
    const html = renderToHtml(<AnswerText text={`Within 30 days [1]. ${hostile} [2]`} />);
    expect(html).toContain('<span class="marker">[1]</span>');
    expect(html).toContain('<span class="marker">[2]</span>');
    expect(html).not.toContain('<img');
    const sources = renderToHtml(
      <SourceList
        citations={[
          {
            marker: 1,
            chunk_id: 'a#0',
            document_id: 'billing/refunds.md',
            title: 'Refund policy',
            heading_path: ['Refund policy'],
            source: 'billing/refunds.md',
            start: 0,
            end: 10,
          },
        ]}
      />,
    );
    expect(sources).toContain('[1]</span>Refund policy<span class="doc">billing/refunds.md</span>');
    expect(renderToHtml(<SourceList citations={[]} />)).toContain('No sources cited.');
    expect(formatPlace('Guide', ['Guide', 'Setup'])).toBe('Guide › Setup');
  });

  it('lists runs with their recommendation and a pass bar per variant', () => {
    const runs: RunSummary[] = [
      {
        id: 'run-b',
        created_at: 'not a date',
        project: null,
        cases: 6,
        rows: 24,
        variants: [
          { variant: 'prompt', cases: 6, passed: 0, pass_rate: 0 },
          { variant: 'rag', cases: 6, passed: 4, pass_rate: 4 / 6 },
        ],
        recommendation: 'rag',
        has_report: true,
        has_report_html: true,
      },
    ];
    const html = renderToHtml(<RunList runs={runs} selected="run-b" onOpen={() => undefined} />);
    expect(html).toContain('class="run selected" data-testid="run-item" data-run="run-b"');
    expect(html).toContain('not a date · 6 cases');
    expect(html).toContain('→ RAG');
    expect(html.match(/class="mini-fill"/g)).toHaveLength(2);
    expect(html).toContain('prompt 0% · rag 67%');
    expect(renderToHtml(<RunList runs={[]} selected={null} onOpen={() => undefined} />)).toContain(
      'No runs yet.',
    );
  });

  it('compares two runs variant by variant, the difference in points', () => {
    const current = buildRunView(buildSampleReport());
    const other = buildRunView(buildSampleReport({ variants: ['prompt', 'rag'] }));
    const html = renderToHtml(<ComparePanel current={current} other={other} />);
    expect(html).toContain('data-testid="compare"');
    expect(html.match(/<th scope="row">/g)?.length).toBeGreaterThanOrEqual(current.variants.length);
    expect(html).toContain('0 pt');
    // A variant only one run has shows no difference.
    expect(html).toMatch(/<th scope="row">hybrid<\/th>[\s\S]*?<td class="num delta ">—<\/td>/);
  });
});
