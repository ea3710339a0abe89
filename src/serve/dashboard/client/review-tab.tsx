import { useEffect, useState } from 'hono/jsx/dom';
import type { DraftJson } from '../../draft-review.js';
import { ApiError } from './api-client.js';
import type { TabProps } from './tab-props.js';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; value: DraftJson[] };

function describeError(error: unknown): string {
  if (error instanceof ApiError && error.status === 403)
    return 'This key may not review drafted cases (reviewer or admin keys only).';
  return String(error instanceof Error ? error.message : error);
}

/** Review: drafted test cases awaiting a decision; accept (with edits) or reject each. */
export function ReviewTab(props: TabProps) {
  const { api, ready, active } = props;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!ready || !active) return;
    api.listDrafts().then(
      (result) => setLoaded({ state: 'ready', value: result.data }),
      (error: unknown) => setLoaded({ state: 'failed', message: describeError(error) }),
    );
  }, [api, ready, active]);
  const decided = (id: string) =>
    setLoaded((current) =>
      current.state === 'ready'
        ? { state: 'ready', value: current.value.filter((draft) => draft.id !== id) }
        : current,
    );
  return (
    <div class="content review" id="review-view">
      <h2>Drafted cases</h2>
      {loaded.state === 'loading' ? <p class="muted">Loading…</p> : null}
      {loaded.state === 'failed' ? <p class="muted">{loaded.message}</p> : null}
      {loaded.state === 'ready' && loaded.value.length === 0 ? (
        <p class="muted">
          No draft awaits review. <code>knowhow cases draft</code> drafts cases from the corpus.
        </p>
      ) : null}
      {loaded.state === 'ready'
        ? loaded.value.map((draft) => <DraftCard api={api} draft={draft} onDecided={decided} />)
        : null}
    </div>
  );
}

function DraftCard(props: { api: TabProps['api']; draft: DraftJson; onDecided: (id: string) => void }) {
  const { draft } = props;
  const [question, setQuestion] = useState(draft.question);
  const [answer, setAnswer] = useState(draft.answer ?? '');
  const [facts, setFacts] = useState(draft.facts.join('\n'));
  const [message, setMessage] = useState('');
  const decide = (status: 'accepted' | 'rejected') => {
    const edits =
      status === 'accepted'
        ? {
            question: question.trim(),
            answer: answer.trim(),
            facts: facts
              .split('\n')
              .map((fact) => fact.trim())
              .filter(Boolean),
          }
        : {};
    props.api.reviewDraft(draft.id, { status, ...edits }).then(
      () => props.onDecided(draft.id),
      (error: unknown) => setMessage(describeError(error)),
    );
  };
  const value = (event: Event) => (event.target as HTMLTextAreaElement).value;
  return (
    <section class="card draft" data-draft={draft.id}>
      <p class="muted">{`${draft.id} · ${draft.sources.join(', ')}${draft.drafter ? ` · ${draft.drafter}` : ''}${
        draft.groups.length ? ` · asked as ${draft.groups.join(', ')}` : ''
      }`}</p>
      <label>
        Question
        <textarea class="draft-question" onInput={(event: Event) => setQuestion(value(event))}>
          {question}
        </textarea>
      </label>
      <label>
        Reference answer
        <textarea class="draft-answer" onInput={(event: Event) => setAnswer(value(event))}>
          {answer}
        </textarea>
      </label>
      <label>
        Facts (one per line)
        <textarea class="draft-facts" onInput={(event: Event) => setFacts(value(event))}>
          {facts}
        </textarea>
      </label>
      <div class="actions">
        <button type="button" class="accept" onClick={() => decide('accepted')}>
          Accept
        </button>
        <button type="button" class="reject" onClick={() => decide('rejected')}>
          Reject
        </button>
        {message ? <span class="muted">{message}</span> : null}
      </div>
    </section>
  );
}
