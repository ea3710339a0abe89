import { useEffect, useState } from 'hono/jsx/dom';
import type { FeedbackJson } from '../../api-types.js';
import type { FeedbackStatusFilter } from './api-client.js';
import type { TabProps } from './tab-props.js';

const filters: readonly FeedbackStatusFilter[] = ['unreviewed', 'approved', 'rejected', 'all'];

type Listing =
  | { kind: 'loading' }
  | { kind: 'loaded'; entries: FeedbackJson[] }
  | { kind: 'failed'; text: string };

/**
 * The review step before feedback becomes training data (`tune prepare` takes approved entries
 * only): reviewer and admin keys approve or reject what users sent, as `knowhow feedback review`
 * does on the terminal. Other keys get the server's 403 message, shown as it is.
 */
export function FeedbackReviewTab(props: TabProps) {
  const [filter, setFilter] = useState<FeedbackStatusFilter>('unreviewed');
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });
  const [failures, setFailures] = useState<Record<string, string>>({});

  const load = async (status: FeedbackStatusFilter) => {
    setListing({ kind: 'loading' });
    try {
      setListing({ kind: 'loaded', entries: (await props.api.listFeedback(status)).data });
    } catch (error) {
      setListing({ kind: 'failed', text: (error as Error).message });
    }
  };

  useEffect(() => {
    if (props.ready && props.active) void load(filter);
  }, [props.ready, props.active, filter]);

  const decide = async (entry: FeedbackJson, decision: 'approve' | 'reject') => {
    try {
      const result = await props.api.reviewFeedback(entry.id, decision);
      if (listing.kind !== 'loaded') return;
      const review = { ...entry.review, ...(result.status ? { status: result.status } : {}) };
      setListing({
        kind: 'loaded',
        entries: listing.entries.map((shown) => (shown.id === entry.id ? { ...shown, review } : shown)),
      });
    } catch (error) {
      setFailures({ ...failures, [entry.id]: (error as Error).message });
    }
  };

  return (
    <div class="card review">
      <h2>Review feedback</h2>
      <p class="muted">
        Only approved feedback becomes fine-tuning data. Approve answers that are right as sent (or as
        corrected); reject the rest.
      </p>
      <label>
        Show{' '}
        <select
          id="review-status"
          value={filter}
          onChange={(event: Event) =>
            setFilter((event.target as HTMLSelectElement).value as FeedbackStatusFilter)
          }
        >
          {filters.map((name) => (
            <option value={name} selected={name === filter}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <ReviewListing listing={listing} failures={failures} onDecide={decide} />
    </div>
  );
}

function ReviewListing(props: {
  listing: Listing;
  failures: Record<string, string>;
  onDecide: (entry: FeedbackJson, decision: 'approve' | 'reject') => void;
}) {
  const { listing } = props;
  if (listing.kind === 'loading') return <p class="muted">Loading…</p>;
  if (listing.kind === 'failed') {
    return (
      <p class="error" id="review-error">
        {listing.text}
      </p>
    );
  }
  if (listing.entries.length === 0) {
    return (
      <p class="muted" id="review-empty">
        Nothing here.
      </p>
    );
  }
  return (
    <ul class="review-list" id="review-list">
      {listing.entries.map((entry) => (
        <ReviewItem entry={entry} failure={props.failures[entry.id]} onDecide={props.onDecide} />
      ))}
    </ul>
  );
}

function ReviewItem(props: {
  entry: FeedbackJson;
  failure: string | undefined;
  onDecide: (entry: FeedbackJson, decision: 'approve' | 'reject') => void;
}) {
  const { entry } = props;
  const status = entry.review.status;
  return (
    <li class="review-item" data-testid="review-item" data-feedback-id={entry.id} data-status={status}>
      <div class="review-head">
        <span class={entry.rating === 'up' ? 'verdict-up' : 'verdict-down'}>
          {entry.rating === 'up' ? 'good' : 'bad'}
        </span>
        <span class="muted">
          {entry.key_name ?? 'local'} · {entry.groups.length ? entry.groups.join(', ') : 'public'} ·{' '}
          {entry.created_at.slice(0, 16).replace('T', ' ')}
        </span>
        <span class="review-status" data-testid="review-status">
          {status}
        </span>
      </div>
      <p class="question">{entry.question}</p>
      <p class={entry.corrected_answer ? 'answer struck' : 'answer'}>{entry.answer}</p>
      {entry.corrected_answer ? <p class="answer corrected">{entry.corrected_answer}</p> : null}
      {entry.comment ? <p class="muted">{entry.comment}</p> : null}
      <div class="review-actions">
        <button
          type="button"
          data-testid="review-approve"
          disabled={status === 'approved'}
          onClick={() => props.onDecide(entry, 'approve')}
        >
          Approve
        </button>
        <button
          type="button"
          data-testid="review-reject"
          disabled={status === 'rejected'}
          onClick={() => props.onDecide(entry, 'reject')}
        >
          Reject
        </button>
        {props.failure ? <span class="error">{props.failure}</span> : null}
      </div>
    </li>
  );
}
