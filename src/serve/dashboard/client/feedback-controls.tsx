import { useState } from 'hono/jsx/dom';
import type { FeedbackRequest } from '../../api-types.js';
import type { ApiClient } from './api-client.js';

export interface FeedbackControlsProps {
  api: ApiClient;
  /** The answer being rated; the rating and any correction are added here. */
  answer: Omit<FeedbackRequest, 'rating' | 'correctedAnswer'>;
  id?: string;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; text: string }
  | { kind: 'failed'; text: string };

/** Good / Bad / Correct it for one answer: POST /v1/feedback, the result said in words. */
export function FeedbackControls(props: FeedbackControlsProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [correcting, setCorrecting] = useState(false);
  const [correction, setCorrection] = useState(props.answer.answer);
  const locked = status.kind === 'sending' || status.kind === 'sent';

  const send = async (rating: 'up' | 'down', correctedAnswer?: string) => {
    setStatus({ kind: 'sending' });
    try {
      await props.api.sendFeedback({
        ...props.answer,
        rating,
        ...(correctedAnswer ? { correctedAnswer } : {}),
      });
      const text =
        rating === 'up'
          ? 'Thanks: marked as a good answer.'
          : correctedAnswer
            ? 'Thanks: correction recorded.'
            : 'Thanks: marked as a bad answer.';
      setStatus({ kind: 'sent', text });
    } catch (error) {
      setStatus({ kind: 'failed', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div class="feedback" id={props.id}>
      <button
        type="button"
        data-testid="feedback-up"
        title="Good answer"
        disabled={locked}
        onClick={() => void send('up')}
      >
        ✓ Good
      </button>
      <button
        type="button"
        data-testid="feedback-down"
        title="Bad answer"
        disabled={locked}
        onClick={() => void send('down')}
      >
        ✗ Bad
      </button>
      <button
        type="button"
        data-testid="feedback-correct"
        disabled={locked || correcting}
        onClick={() => setCorrecting(true)}
      >
        ✎ Correct it
      </button>
      <span class={status.kind === 'failed' ? 'status error' : 'status'} data-testid="feedback-status">
        {status.kind === 'sending' ? 'Sending…' : status.kind === 'idle' ? '' : status.text}
      </span>
      {correcting ? (
        <>
          <textarea
            placeholder="The correct answer…"
            data-testid="feedback-text"
            value={correction}
            onInput={(event: Event) => setCorrection((event.target as HTMLTextAreaElement).value)}
          />
          <button
            type="button"
            class="primary"
            data-testid="feedback-submit"
            disabled={locked}
            onClick={() => {
              if (correction.trim()) void send('down', correction.trim());
            }}
          >
            Submit correction
          </button>
        </>
      ) : null}
    </div>
  );
}
