import { gapLabels } from '../../decide/index.js';
import { formatMilliseconds, formatPercent, type RunView } from '../../report/panels/index.js';

/** Two runs side by side: pass rate and median latency per variant, and the attribution counts. */
export function ComparePanel(props: { current: RunView; other: RunView }) {
  const { current, other } = props;
  const variants = [...new Set([...current.variants, ...other.variants])];
  const summaryOf = (view: RunView, variant: string) =>
    view.summaries.find((entry) => entry.variant === variant);
  const labels = gapLabels.filter((label) =>
    [current, other].some((view) => (view.diagnosis?.attributionSummary.counts[label] ?? 0) > 0),
  );
  const labelCount = (view: RunView, label: (typeof gapLabels)[number]) =>
    view.diagnosis ? String(view.diagnosis.attributionSummary.counts[label]) : '—';
  return (
    <section class="card" id="compare" data-testid="compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">
        Side by side: <code>{current.runId}</code> vs <code>{other.runId}</code>
      </h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" class="num">{`pass ${current.runId}`}</th>
              <th scope="col" class="num">{`pass ${other.runId}`}</th>
              <th scope="col" class="num">
                Δ
              </th>
              <th scope="col" class="num">{`p50 ${current.runId}`}</th>
              <th scope="col" class="num">{`p50 ${other.runId}`}</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((variant) => {
              const a = summaryOf(current, variant);
              const b = summaryOf(other, variant);
              // How the selected run differs from the one it is compared with.
              const delta = a && b ? a.passRate - b.passRate : null;
              return (
                <tr>
                  <th scope="row">{variant}</th>
                  <td class="num">{a ? formatPercent(a.passRate) : '—'}</td>
                  <td class="num">{b ? formatPercent(b.passRate) : '—'}</td>
                  <td class={`num delta ${delta === null || delta === 0 ? '' : delta > 0 ? 'up' : 'down'}`}>
                    {delta === null ? '—' : `${delta > 0 ? '+' : ''}${Math.round(delta * 100)} pt`}
                  </td>
                  <td class="num">{formatMilliseconds(a?.latency?.p50Ms)}</td>
                  <td class="num">{formatMilliseconds(b?.latency?.p50Ms)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {labels.length > 0 ? (
        <div class="table-scroll">
          <table class="compare-labels">
            <thead>
              <tr>
                <th scope="col">Attribution</th>
                <th scope="col" class="num">
                  {current.runId}
                </th>
                <th scope="col" class="num">
                  {other.runId}
                </th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label) => (
                <tr>
                  <th scope="row">{label}</th>
                  <td class="num">{labelCount(current, label)}</td>
                  <td class="num">{labelCount(other, label)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
