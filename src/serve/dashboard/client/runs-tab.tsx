import { useCallback, useEffect, useMemo, useRef, useState } from 'hono/jsx/dom';
import { attachCaseFilter } from '../../../report/client/case-filter.js';
import { buildRunView, RunHeader, type RunView, selectRunPanels } from '../../../report/panels/index.js';
import type { RunDetail, RunSummary } from '../../api-types.js';
import { ComparePanel } from '../compare-panel.js';
import { formatWhen, RunList } from '../run-list.js';
import { ApiError } from './api-client.js';
import { CaseDrawer } from './case-drawer.js';
import type { TabProps } from './tab-props.js';

type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; value: T };

interface OpenRun {
  detail: RunDetail;
  view: RunView;
  other: RunView | null;
}

/** Eval runs: the list, one run's panels (the same as its HTML report), a second run to compare, a case's drill-down. */
export function RunsTab(props: TabProps) {
  const { api, ready } = props;
  const [runs, setRuns] = useState<Loaded<RunSummary[]>>({ state: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [compareWith, setCompareWith] = useState('');
  const [open, setOpen] = useState<Loaded<OpenRun> | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);

  useEffect(() => {
    if (!ready) return;
    api.listRuns().then(
      (result) => {
        setRuns({ state: 'ready', value: result.data });
        const wanted = new URLSearchParams(location.hash.slice(1)).get('run');
        if (wanted && result.data.some((run) => run.id === wanted)) setSelected(wanted);
      },
      (error: unknown) =>
        setRuns({
          state: 'failed',
          message:
            error instanceof ApiError && error.status === 403
              ? 'This key may not read eval runs (admin keys only).'
              : String(error instanceof Error ? error.message : error),
        }),
    );
  }, [api, ready]);

  useEffect(() => {
    if (!selected) return;
    let current = true;
    setOpen({ state: 'loading' });
    const other = compareWith && compareWith !== selected ? api.readRun(compareWith) : Promise.resolve(null);
    Promise.all([api.readRun(selected), other]).then(
      ([detail, otherDetail]) => {
        if (!current) return;
        history.replaceState(null, '', `#run=${encodeURIComponent(selected)}`);
        setOpen({
          state: 'ready',
          value: {
            detail,
            view: buildRunView(detail.report),
            other: otherDetail ? buildRunView(otherDetail.report) : null,
          },
        });
      },
      (error: unknown) =>
        current && setOpen({ state: 'failed', message: String((error as Error).message ?? error) }),
    );
    return () => {
      current = false;
    };
  }, [api, selected, compareWith]);

  const closeCase = useCallback(() => setCaseId(null), []);
  const openRun = open?.state === 'ready' ? open.value : null;

  return (
    <div class="runs-layout">
      <aside class="sidebar">
        <h2>Runs</h2>
        <div id="run-list" class="run-list">
          {runs.state === 'loading' ? <p class="muted">Loading…</p> : null}
          {runs.state === 'failed' ? <p class="muted">{runs.message}</p> : null}
          {runs.state === 'ready' ? (
            <RunList runs={runs.value} selected={selected} onOpen={setSelected} />
          ) : null}
        </div>
        <label class="compare">
          Compare with
          <select
            id="compare-select"
            onChange={(event: Event) => setCompareWith((event.target as HTMLSelectElement).value)}
          >
            <option value="">— none —</option>
            {runs.state === 'ready'
              ? runs.value.map((run) => (
                  <option value={run.id} selected={run.id === compareWith}>
                    {run.id}
                  </option>
                ))
              : null}
          </select>
        </label>
      </aside>
      <div class="content" id="run-view">
        {open === null ? (
          <div class="empty-state">
            <p>
              Select a run on the left. Runs come from <code>knowhow eval</code>;{' '}
              <code>knowhow diagnose</code> adds attribution, costs and the recommendation.
            </p>
          </div>
        ) : null}
        {open?.state === 'loading' ? <div class="empty-state">{`Loading ${selected ?? ''}…`}</div> : null}
        {open?.state === 'failed' ? <div class="empty-state error">{open.message}</div> : null}
        {openRun ? <RunScreen api={api} run={openRun} onOpenCase={setCaseId} /> : null}
      </div>
      {openRun && caseId ? (
        <CaseDrawer api={api} view={openRun.view} caseId={caseId} onClose={closeCase} />
      ) : null}
    </div>
  );
}

function RunScreen(props: { api: TabProps['api']; run: OpenRun; onOpenCase: (caseId: string) => void }) {
  const { detail, view, other } = props.run;
  const [report, setReport] = useState<Loaded<string> | null>(null);
  const panels = useMemo(() => selectRunPanels('dashboard'), []);
  const root = useRef<HTMLDivElement>(null);
  // The cases table's filters are the report's (DOM-driven): attached to this run's markup.
  useEffect(() => (root.current ? attachCaseFilter(root.current) : undefined), [view]);
  useEffect(() => setReport(null), [detail.id]);
  useEffect(() => {
    if (report?.state === 'ready')
      root.current?.querySelector('#report-slot')?.scrollIntoView({ behavior: 'smooth' });
  }, [report]);

  const showReport = () => {
    setReport({ state: 'loading' });
    props.api.readRunReportHtml(detail.id).then(
      (html) => setReport({ state: 'ready', value: html }),
      (error: unknown) => setReport({ state: 'failed', message: String((error as Error).message ?? error) }),
    );
  };
  return (
    <div class="run-screen" ref={root}>
      <RunHeader
        view={view}
        brand={`eval run · ${formatWhen(detail.created_at)} · ${detail.cases} cases · ${detail.rows} rows`}
        heading={detail.id}
        actions={
          detail.has_report_html ? (
            <button type="button" id="open-report" onClick={showReport}>
              Open full report
            </button>
          ) : null
        }
      />
      {other ? <ComparePanel current={view} other={other} /> : null}
      {panels.map(({ Panel }) => (
        <Panel view={view} onOpenCase={props.onOpenCase} />
      ))}
      <div id="report-slot">
        {report?.state === 'loading' ? <div class="card muted">Loading report…</div> : null}
        {report?.state === 'failed' ? <div class="card error">{report.message}</div> : null}
        {report?.state === 'ready' ? (
          <section class="card">
            <h2>Full report</h2>
            {/* Sandboxed: the report's own script runs, but in an opaque origin with no access to this page. */}
            <iframe
              class="report-frame"
              sandbox="allow-scripts"
              title={`report ${detail.id}`}
              srcdoc={report.value}
            />
          </section>
        ) : null}
      </div>
    </div>
  );
}
