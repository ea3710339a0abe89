import { useEffect, useRef, useState } from 'hono/jsx/dom';
import type { SearchResponse } from '../../api-types.js';
import { describeSearch, SearchResults } from '../search-results.js';
import type { TabProps } from './tab-props.js';

/** Search the index as the key's reader: the passages, their snippets, the matched words marked. */
export function SearchTab(props: TabProps) {
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.active) input.current?.focus();
  }, [props.active]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      setResponse(await props.api.search({ query: text, k: 10 }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="ask card">
      <h2>Search the index</h2>
      <form id="search-form" onSubmit={submit}>
        <div class="ask-row">
          <input
            id="search-query"
            type="text"
            placeholder="Words to find in your documents…"
            autocomplete="off"
            aria-label="search query"
            ref={input}
            value={query}
            onInput={(event: Event) => setQuery((event.target as HTMLInputElement).value)}
          />
          <button id="search-submit" type="submit" disabled={busy}>
            Search
          </button>
        </div>
      </form>
      {response ? (
        <>
          <div class="answer-meta" id="search-meta">
            {describeSearch(response)}
          </div>
          <SearchResults response={response} />
        </>
      ) : null}
      {error ? (
        <p class="error" id="search-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
