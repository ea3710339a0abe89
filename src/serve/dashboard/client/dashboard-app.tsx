import { useMemo, useState } from 'hono/jsx/dom';
import type { DashboardSettings } from '../dashboard-settings.js';
import { createApiClient } from './api-client.js';
import { dashboardTabs } from './dashboard-tabs.js';

const KEY_STORAGE = 'knowhow.key';

/**
 * The dashboard: a top bar (tabs, API key form, access line) over the tabs. The key lives in
 * sessionStorage for this tab only and travels in the Authorization header; the page itself holds
 * no data, so it can be public.
 */
export function DashboardApp(props: { settings: DashboardSettings }) {
  const { settings } = props;
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const [askForKey, setAskForKey] = useState(settings.keysRequired && !key);
  const [draft, setDraft] = useState('');
  const [active, setActive] = useState(dashboardTabs[0]!.id);
  const api = useMemo(() => createApiClient({ key, onUnauthorized: () => setAskForKey(true) }), [key]);
  const ready = !settings.keysRequired || key !== '';

  const submitKey = (event: Event) => {
    event.preventDefault();
    const entered = draft.trim();
    sessionStorage.setItem(KEY_STORAGE, entered);
    setDraft('');
    setKey(entered);
    setAskForKey(false);
  };

  return (
    <>
      <header class="top">
        <div class="brand">
          <span class="logo">k</span>
          <span>knowhow</span>
          <span class="project">{settings.project}</span>
        </div>
        <div class="tabs" role="tablist">
          {dashboardTabs.map((tab) => (
            <button
              type="button"
              class={tab.id === active ? 'tab active' : 'tab'}
              data-tab={tab.id}
              role="tab"
              aria-selected={tab.id === active ? 'true' : 'false'}
              onClick={() => setActive(tab.id)}
            >
              {tab.label}
            </button>
          ))}
        </div>
        {askForKey ? (
          <form class="key" id="key-form" onSubmit={submitKey}>
            <input
              id="key-input"
              type="password"
              placeholder="API key"
              autocomplete="off"
              aria-label="API key"
              value={draft}
              onInput={(event: Event) => setDraft((event.target as HTMLInputElement).value)}
            />
            <button type="submit">Use key</button>
          </form>
        ) : null}
        <div class="access">
          {settings.keysRequired
            ? key
              ? 'key set'
              : 'API key required'
            : 'local mode: no keys configured, loopback only'}
        </div>
      </header>
      <main>
        {dashboardTabs.map(({ id, Tab }) => (
          <section id={`tab-${id}`} class="tab-panel" role="tabpanel" hidden={id !== active}>
            <Tab api={api} settings={settings} ready={ready} active={id === active} />
          </section>
        ))}
      </main>
    </>
  );
}
