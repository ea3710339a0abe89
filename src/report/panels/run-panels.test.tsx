import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../core/report-types.js';
import type { Diagnosis } from '../../decide/index.js';
import { buildSampleReport, HOSTILE_ANSWER, HOSTILE_QUESTION_CASE } from '../__fixtures__/sample-report.js';
import { renderToHtml } from '../render-to-html.js';
import { buildRunView } from '../run-view.js';
import { CaseDetail } from './case-detail.js';
import { CasesPanel } from './cases-panel.js';
import { RunHeader } from './run-header.js';
import { runPanels, selectRunPanels } from './run-panels.js';

const sample = buildSampleReport();
const view = buildRunView(sample);

/** The run as GET /v1/runs/:id serves it before `knowhow diagnose`: rows only. */
function withoutDiagnosis(data: ReportData<Diagnosis>): ReportData<Diagnosis | null> {
  return { ...data, cases: [], chunks: {}, diagnosis: null };
}

describe('run panels', () => {
  it('gives each panel a unique section id and shows the dashboard every report panel', () => {
    const ids = runPanels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const report = selectRunPanels('report').map((panel) => panel.id);
    const dashboard = selectRunPanels('dashboard').map((panel) => panel.id);
    expect(report).toEqual(
      expect.arrayContaining(['recommendation', 'variants', 'attribution', 'cost', 'latency', 'cases']),
    );
    expect(dashboard).toEqual(expect.arrayContaining(report));
  });

  it('renders every panel of a diagnosed run with its section and no missing values', () => {
    for (const { id, Panel } of runPanels) {
      const html = renderToHtml(<Panel view={view} />);
      expect(html, id).toContain(`id="${id}"`);
      expect(html, id).not.toMatch(/NaN|undefined|\[object /);
      expect(html, id).not.toContain(' style="');
    }
  });

  it('renders a run without a diagnosis from its rows, saying what diagnose would add', () => {
    const bare = buildRunView(withoutDiagnosis(sample));
    expect(bare.summaries.map((summary) => summary.variant)).toEqual(view.variants);
    const html = runPanels.map(({ Panel }) => renderToHtml(<Panel view={bare} />)).join('');
    expect(html).not.toMatch(/NaN|undefined|\[object /);
    expect(html).toContain('No diagnosis for this run yet: <code>knowhow diagnose</code> adds');
    expect(html).toContain('appears after <code>knowhow diagnose</code>');
    // The variants, latency and outcome bars come from the rows alone.
    expect(html.match(/<tr data-variant="/g)?.length).toBeGreaterThanOrEqual(view.variants.length);
    expect(html.match(/data-latency-variant=/g)).toHaveLength(view.variants.length);
    expect(html.match(/data-variant-bar=/g)).toHaveLength(view.variants.length);
    expect(html).not.toContain('data-label-bar');
  });

  it('escapes every value from the run: markup in a question stays text', () => {
    const html = renderToHtml(<CasesPanel view={view} />);
    expect(html).toContain('Under &lt;b&gt;GDPR&lt;/b&gt; &amp; &quot;Art. 17&quot;');
    expect(html).not.toContain('<b>');
    const header = renderToHtml(
      <RunHeader view={{ ...view, project: '<script>x</script>' }} brand="b" heading="<i>h</i>" />,
    );
    expect(header).toContain('<h1>&lt;i&gt;h&lt;/i&gt;</h1>');
    expect(header).not.toContain('<script>');
  });

  it('marks cases for the dashboard as opening a dialog and for the report as expanding in place', () => {
    const report = renderToHtml(<CasesPanel view={view} />);
    const dashboard = renderToHtml(<CasesPanel view={view} onOpenCase={() => undefined} />);
    expect(report.match(/aria-expanded="false"/g)).toHaveLength(view.cases.length);
    expect(dashboard.match(/aria-haspopup="dialog"/g)).toHaveLength(view.cases.length);
    // A click handler is browser-only: the server renders no attribute for it.
    expect(dashboard).not.toMatch(/onclick/i);
  });
});

describe('CaseDetail', () => {
  const item = view.payload.cases.find((entry) => entry.id === HOSTILE_QUESTION_CASE)!;

  it('shows every variant answer, checks and passages as text', () => {
    const html = renderToHtml(<CaseDetail item={item} chunks={view.payload.chunks} />);
    expect(html.match(/<article class="variant-card /g)).toHaveLength(item.rows.length);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(HOSTILE_ANSWER);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;chunk&quot;)&lt;/script&gt;');
    expect(html).toContain('Gdpr Deletion › Overview');
  });

  it('flags an invalid citation and adds the host’s controls under each answer', () => {
    const shipping = view.payload.cases.find((entry) => entry.id === 'shipping-countries')!;
    const html = renderToHtml(
      <CaseDetail
        item={shipping}
        chunks={view.payload.chunks}
        renderActions={(row) => <button type="button" class="rate" data-variant={row.variant} />}
      />,
    );
    expect(html.match(/badge-invalid/g)).toHaveLength(1);
    expect(html.match(/<button type="button" class="rate"/g)).toHaveLength(shipping.rows.length);
  });
});
