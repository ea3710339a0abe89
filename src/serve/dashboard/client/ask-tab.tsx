import { useEffect, useRef, useState } from 'hono/jsx/dom';
import { formatMilliseconds } from '../../../report/panels/index.js';
import type { ChatCompletionResponse, LongContextJson, ModelListResponse } from '../../api-types.js';
import { AnswerText } from '../answer-text.js';
import { SourceList } from '../source-list.js';
import { FeedbackControls } from './feedback-controls.js';
import type { TabProps } from './tab-props.js';

interface Asked {
  question: string;
  model: string;
  response: ChatCompletionResponse;
}

/** Ask the served model a question: the answer with its markers, the cited sources, and feedback. */
export function AskTab(props: TabProps) {
  const { api, ready } = props;
  const [models, setModels] = useState<ModelListResponse['data']>([]);
  const [model, setModel] = useState('');
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!ready) return;
    api.listModels().then(
      (result) => {
        setModels(result.data);
        setModel((current) => current || (result.data[0]?.id ?? ''));
      },
      (failure: unknown) => setError((failure as Error).message),
    );
  }, [api, ready]);
  useEffect(() => {
    if (props.active) input.current?.focus();
  }, [props.active]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = question.trim();
    if (!text) return;
    const chosen = model || 'rag';
    setBusy(true);
    setError(null);
    try {
      const response = await api.ask({ model: chosen, messages: [{ role: 'user', content: text }] });
      setAsked({ question: text, model: chosen, response });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const answer = asked?.response.choices[0]?.message.content ?? '';
  return (
    <div class="ask card">
      <h2>Ask the served model</h2>
      <form id="ask-form" onSubmit={submit}>
        <div class="ask-row">
          <select
            id="ask-model"
            aria-label="model"
            onChange={(event: Event) => setModel((event.target as HTMLSelectElement).value)}
          >
            {models.map((entry) => (
              <option value={entry.id} selected={entry.id === model}>
                {`${entry.id} — ${entry.knowhow.model}`}
              </option>
            ))}
          </select>
          <input
            id="ask-question"
            type="text"
            placeholder="Ask a question about your documents…"
            autocomplete="off"
            ref={input}
            value={question}
            onInput={(event: Event) => setQuestion((event.target as HTMLInputElement).value)}
          />
          <button id="ask-submit" type="submit" disabled={busy}>
            Ask
          </button>
        </div>
      </form>
      {asked ? (
        <div id="ask-result">
          <div class="answer-meta" id="ask-meta">
            {describeAnswer(asked)}
          </div>
          <AnswerText text={answer} id="ask-answer" />
          <h3>Sources</h3>
          <SourceList citations={asked.response.citations} />
          <FeedbackControls
            // A new answer gets fresh controls (its own status and correction box).
            key={asked.response.id}
            id="ask-feedback"
            api={api}
            answer={{
              question: asked.question,
              answer,
              model: asked.model,
              citedChunkIds: asked.response.citations.map((citation) => citation.chunk_id),
            }}
          />
        </div>
      ) : null}
      {error ? (
        <p class="error" id="ask-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describeAnswer(asked: Asked): string {
  const meta = asked.response.knowhow;
  return [
    asked.model,
    meta.model,
    meta.extractive ? 'extractive (quoted from the sources)' : '',
    `retrieval ${formatMilliseconds(meta.retrieval_ms)}`,
    meta.long_context ? describeLongContext(meta.long_context) : '',
    `${asked.response.usage.total_tokens} tokens`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "3 of 60 documents whole, ranked (31k of 33k tokens)": how much of the reader's corpus the answer read. */
function describeLongContext(packed: LongContextJson): string {
  const ranked = packed.ranked ? ', ranked: not all fit' : '';
  return `${packed.documents} of ${packed.readable_documents} documents whole${ranked} (${packed.tokens} of ${packed.budget_tokens} tokens)`;
}
