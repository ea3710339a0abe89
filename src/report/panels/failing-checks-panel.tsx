import type { CheckKind } from '../../core/eval-types.js';
import { selectVariantRows } from '../index-latest-rows.js';
import type { RunView } from '../run-view.js';
import { Section } from './section.js';

const kinds: readonly CheckKind[] = ['content', 'format', 'grounding', 'retrieval'];

/** How many answers of each variant failed each kind of check, and how many calls errored. */
export function FailingChecksPanel(props: { view: RunView }) {
  const { view } = props;
  return (
    <Section
      id="failing-checks"
      heading="Failing checks per variant"
      lead="Answers (the last row of each case) whose checks of that kind failed; errored calls are counted apart."
    >
      <div class="table-scroll">
        <table class="failing-checks">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              {kinds.map((kind) => (
                <th scope="col" class="num">
                  {kind}
                </th>
              ))}
              <th scope="col" class="num">
                errors
              </th>
            </tr>
          </thead>
          <tbody>
            {view.variants.map((variant) => {
              const rows = selectVariantRows(view.latest, variant);
              const answered = rows.filter((row) => !row.error);
              return (
                <tr data-variant={variant}>
                  <th scope="row">{variant}</th>
                  {kinds.map((kind) => (
                    <Count
                      count={answered.filter((row) => row.verdicts[kind] === 'fail').length}
                      kind="fail"
                    />
                  ))}
                  <Count count={rows.length - answered.length} kind="error" />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Count(props: { count: number; kind: 'fail' | 'error' }) {
  return (
    <td class="num">
      {props.count > 0 ? (
        <span class={`badge badge-${props.kind}`}>{String(props.count)}</span>
      ) : (
        <span class="empty">0</span>
      )}
    </td>
  );
}
