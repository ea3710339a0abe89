import { useEffect } from 'hono/jsx/dom';
import { CaseDetail, type RunView } from '../../../report/panels/index.js';
import type { ApiClient } from './api-client.js';
import { FeedbackControls } from './feedback-controls.js';

export interface CaseDrawerProps {
  api: ApiClient;
  view: RunView;
  caseId: string;
  onClose: () => void;
}

/** One case's drill-down (the report's CaseDetail) in a side panel, with feedback under each answer. */
export function CaseDrawer(props: CaseDrawerProps) {
  const { view, caseId, onClose } = props;
  const item = view.payload.cases.find((entry) => entry.id === caseId);
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);
  if (!item) return null;
  return (
    <div class="drawer" id="drawer">
      {/* Clicking beside the panel closes it, as Escape does. */}
      <button
        type="button"
        class="drawer-backdrop"
        aria-label="Close the case"
        tabindex={-1}
        onClick={onClose}
      />
      <div
        class="drawer-panel"
        role="dialog"
        aria-modal="true"
        aria-label={`Case ${caseId}`}
        data-testid="case-detail"
      >
        <button type="button" class="close" id="drawer-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
        <h2 class="drawer-title">
          <code>{caseId}</code>
        </h2>
        <CaseDetail
          item={item}
          chunks={view.payload.chunks}
          renderActions={(row) =>
            row.error ? null : (
              <FeedbackControls
                api={props.api}
                answer={{
                  question: item.question,
                  answer: row.answer,
                  runId: view.runId,
                  caseId: item.id,
                  model: row.model,
                  citedChunkIds: row.citations
                    .filter((citation) => citation.valid)
                    .map((citation) => citation.chunkId),
                }}
              />
            )
          }
        />
      </div>
    </div>
  );
}
