import { variantNames } from '../core/config/schema.js';
import { dashboardScript } from './dashboard-script.js';
import { dashboardStyles } from './dashboard-styles.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}

/**
 * The dashboard: one self-contained page (inline CSS and JS, no CDN, no build step) that talks to
 * the same /v1 API as any client. Data never goes into the HTML: the page fetches it with the
 * user's key, so the page itself is public and cacheable.
 */
export function renderDashboardPage(options: { project: string; keysRequired: boolean }): string {
  const settings = JSON.stringify({
    project: options.project,
    keysRequired: options.keysRequired,
    variants: variantNames,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>knowhow · ${escapeHtml(options.project)}</title>
<style>${dashboardStyles}</style>
</head>
<body>
<header class="top">
  <div class="brand"><span class="logo">k</span><span>knowhow</span><span class="project">${escapeHtml(options.project)}</span></div>
  <nav class="tabs" role="tablist">
    <button class="tab active" data-tab="runs" role="tab">Eval runs</button>
    <button class="tab" data-tab="ask" role="tab">Ask</button>
    <button class="tab" data-tab="search" role="tab">Search</button>
  </nav>
  <form class="key" id="key-form" hidden>
    <input id="key-input" type="password" placeholder="API key" autocomplete="off" aria-label="API key">
    <button type="submit">Use key</button>
  </form>
  <div class="access" id="access"></div>
</header>
<main>
  <section id="tab-runs" class="tab-panel">
    <aside class="sidebar">
      <h2>Runs</h2>
      <div id="run-list" class="run-list"><p class="muted">Loading…</p></div>
      <label class="compare">Compare with
        <select id="compare-select"><option value="">— none —</option></select>
      </label>
    </aside>
    <div class="content" id="run-view">
      <div class="empty"><p>Select a run on the left. Runs come from <code>knowhow eval</code>; <code>knowhow diagnose</code> adds attribution, costs and the recommendation.</p></div>
    </div>
  </section>
  <section id="tab-ask" class="tab-panel" hidden>
    <div class="ask card">
      <h2>Ask the served model</h2>
      <form id="ask-form">
        <div class="ask-row">
          <select id="ask-model" aria-label="model"></select>
          <input id="ask-question" type="text" placeholder="Ask a question about your documents…" autocomplete="off">
          <button id="ask-submit" type="submit">Ask</button>
        </div>
      </form>
      <div id="ask-result" hidden>
        <div class="answer-meta" id="ask-meta"></div>
        <div class="answer" id="ask-answer"></div>
        <h3>Sources</h3>
        <ol class="sources" id="ask-sources"></ol>
        <div class="feedback" id="ask-feedback"></div>
      </div>
      <p class="error" id="ask-error" hidden></p>
    </div>
  </section>
  <section id="tab-search" class="tab-panel" hidden>
    <div class="ask card">
      <h2>Search the index</h2>
      <form id="search-form">
        <div class="ask-row">
          <input id="search-query" type="text" placeholder="Words to find in your documents…" autocomplete="off" aria-label="search query">
          <button id="search-submit" type="submit">Search</button>
        </div>
      </form>
      <div class="answer-meta" id="search-meta"></div>
      <ol class="search-results" id="search-results"></ol>
      <p class="error" id="search-error" hidden></p>
    </div>
  </section>
</main>
<div class="drawer" id="drawer" hidden>
  <div class="drawer-panel" role="dialog" aria-modal="true" data-testid="case-detail">
    <button class="close" id="drawer-close" aria-label="Close">×</button>
    <div id="drawer-body"></div>
  </div>
</div>
<script>window.KNOWHOW = ${settings};</script>
<script>${dashboardScript}</script>
</body>
</html>`;
}
