import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSampleReport, HOSTILE_ANSWER, HOSTILE_QUESTION_CASE } from './__fixtures__/sample-report.js';
import type { ReportPayload } from './build-report-payload.js';
import { renderHtmlReport } from './index.js';

const data = buildSampleReport();
const html = renderHtmlReport(data);

function embeddedPayload(document: string): ReportPayload {
  const match = /<script type="application\/json" id="knowhow-report-data">([\s\S]*?)<\/script>/.exec(
    document,
  );
  return JSON.parse(match![1]!) as ReportPayload;
}

describe('renderHtmlReport', () => {
  it('keeps a hostile answer inert: no live tag in the markup, exact text in the data', () => {
    expect(html).not.toContain('<img');
    // The answer's only copy is the JSON data, where every `<` is escaped.
    expect(html.split('onerror=alert(1)>')).toHaveLength(2);
    expect(html).toContain('"\\u003c/script>\\u003cimg src=x onerror=alert(1)>"');
    // Only the report's own two script elements open and close.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const payload = embeddedPayload(html);
    const hostileCase = payload.cases.find((entry) => entry.id === HOSTILE_QUESTION_CASE)!;
    expect(hostileCase.rows.find((row) => row.variant === 'rag')!.answer).toBe(HOSTILE_ANSWER);
  });

  it('escapes markup in questions and chunk text', () => {
    expect(html).toContain('Under &lt;b&gt;GDPR&lt;/b&gt; &amp; &quot;Art. 17&quot;');
    expect(html).not.toContain('<b>GDPR');
    const payload = embeddedPayload(html);
    expect(payload.chunks['notes/untrusted.md#0']!.text).toContain('<script>alert("chunk")</script>');
  });

  it('loads nothing from anywhere and pins its own script and style by hash', () => {
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"\/?>/
      .exec(html)![1]!
      .replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(policy).toContain(`script-src ${hash(script)}`);
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(html).not.toMatch(/ style="/);
  });

  it('renders the same bytes for the same input', () => {
    expect(renderHtmlReport(buildSampleReport())).toBe(html);
  });

  it('shows the header, the recommendation with its numbers, and every section', () => {
    expect(html).toContain('<h1>acme-support</h1>');
    expect(html).toContain('run-2026-11-22');
    expect(html).toContain('No judge model configured');
    const recommendation = data.diagnosis.recommendation;
    expect(html).toContain(`data-architecture="${recommendation.architecture}">Hybrid</p>`);
    for (const reason of recommendation.reasons.filter((entry) => entry.number)) {
      expect(html).toContain(`<span class="number">${reason.number!.replace(/&/g, '&amp;')}</span>`);
    }
    for (const id of ['recommendation', 'variants', 'attribution', 'cost', 'latency', 'cases']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<code>knowhow eval</code>');
  });

  it('lists every case with one verdict cell per variant and a focusable toggle', () => {
    const rows = html.match(/<tr class="case-row"[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row.match(/<td class="verdict /g)).toHaveLength(6);
      expect(row).toMatch(/<button type="button" class="case-toggle" aria-expanded="false"/);
    }
    expect(html).toContain('data-case-id="webhook-retries" data-label="model-error"');
  });

  it('reports skipped variants and shows only the variants that ran', () => {
    const partial = renderHtmlReport(
      buildSampleReport({ variants: ['prompt', 'few-shot', 'rag', 'oracle'] }),
    );
    expect(partial).toContain('Not run: <strong>tuned</strong>');
    expect(partial).toContain('Not run: <strong>hybrid</strong>');
    const row = partial.match(/<tr class="case-row"[\s\S]*?<\/tr>/)![0];
    expect(row.match(/<td class="verdict /g)).toHaveLength(4);
    expect(partial.match(/data-latency-variant=/g)).toHaveLength(4);
  });

  it('embeds each referenced chunk once, cut to a snippet', () => {
    const payload = embeddedPayload(html);
    const referenced = new Set(data.rows.flatMap((row) => [...row.retrievedIds, ...row.contextIds]));
    expect(Object.keys(payload.chunks).sort()).toEqual([...referenced].sort());
    const long = buildSampleReport();
    const id = 'help/refund-window.md#0';
    long.chunks[id] = { ...long.chunks[id]!, text: 'x'.repeat(5000) };
    const text = embeddedPayload(renderHtmlReport(long)).chunks[id]!.text;
    expect(text.length).toBeLessThan(1000);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('renderHtmlReport on an empty run', () => {
  it('renders every section without NaN when no row was written', () => {
    const sample = buildSampleReport();
    const empty = buildSampleReport({ variants: [] });
    const document = renderHtmlReport({ ...empty, cases: [], rows: [], chunks: {}, notes: [] });
    expect(document).toContain('id="cases"');
    expect(document).toContain('0 of 0 cases');
    expect(document).toContain('guessed');
    const markup = document.split('<script type="application/json"')[0]!;
    expect(markup).not.toMatch(/NaN|Infinity|undefined/);
    expect(markup).toContain('No cost data');
    expect(sample.rows.length).toBeGreaterThan(0);
  });
});
