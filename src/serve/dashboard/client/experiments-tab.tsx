import { useEffect, useState } from 'hono/jsx/dom';
import type { ExperimentReport } from '../../experiments-report.js';
import { ExperimentsPanel } from '../experiments-panel.js';
import { ApiError } from './api-client.js';
import type { TabProps } from './tab-props.js';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; value: ExperimentReport[] };

/** A/B experiments: fetched when the tab is shown, so each visit shows the latest ratings. */
export function ExperimentsTab(props: TabProps) {
  const { api, ready, active } = props;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!ready || !active) return;
    api.listExperiments().then(
      (result) => setLoaded({ state: 'ready', value: result.data }),
      (error: unknown) =>
        setLoaded({
          state: 'failed',
          message:
            error instanceof ApiError && error.status === 403
              ? 'This key may not read experiment reports (admin keys only).'
              : String(error instanceof Error ? error.message : error),
        }),
    );
  }, [api, ready, active]);
  return (
    <div class="content experiments" id="experiments-view">
      <h2>Experiments</h2>
      {loaded.state === 'loading' ? <p class="muted">Loading…</p> : null}
      {loaded.state === 'failed' ? <p class="muted">{loaded.message}</p> : null}
      {loaded.state === 'ready' ? <ExperimentsPanel reports={loaded.value} /> : null}
    </div>
  );
}
