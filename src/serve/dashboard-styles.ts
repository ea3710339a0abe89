/** The dashboard's CSS, inlined into the page (no stylesheet request, no CDN). */
export const dashboardStyles = `
:root {
  --bg: #f5f6f8; --card: #fff; --ink: #1d2330; --muted: #6b7385; --line: #e3e6ec;
  --accent: #4f46e5; --accent-soft: #eef0ff; --pass: #16a34a; --pass-soft: #e7f6ec;
  --fail: #dc2626; --fail-soft: #fdecec; --skip: #9aa1b1; --warn: #d97706;
  --c0: #4f46e5; --c1: #0ea5e9; --c2: #16a34a; --c3: #d97706; --c4: #db2777; --c5: #64748b;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef0f4;
  padding: 1px 4px; border-radius: 4px; }
h2 { font-size: 15px; margin: 0 0 10px; }
h3 { font-size: 13px; margin: 16px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
button { font: inherit; cursor: pointer; border: 1px solid var(--line); background: var(--card); color: var(--ink);
  border-radius: 8px; padding: 6px 12px; }
button:hover { border-color: #c5cad6; }
button.primary, form button[type=submit] { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .55; cursor: default; }
input, select, textarea { font: inherit; border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px;
  background: #fff; color: var(--ink); }
input:focus, select:focus, textarea:focus { outline: 2px solid var(--accent-soft); border-color: var(--accent); }
.top { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 20px; padding: 10px 20px;
  background: #11152a; color: #fff; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 650; font-size: 16px; }
.logo { display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 7px;
  background: linear-gradient(135deg, #818cf8, #4f46e5); font-weight: 800; }
.project { font-weight: 400; color: #aab1d6; font-size: 14px; }
.tabs { display: flex; gap: 4px; }
.tab { background: transparent; color: #c9cdea; border: 0; border-radius: 7px; padding: 6px 12px; }
.tab.active, .tab:hover { background: rgba(255,255,255,.12); color: #fff; }
.key { display: flex; gap: 6px; margin-left: auto; }
.key[hidden] { display: none; }
.key input { width: 200px; background: rgba(255,255,255,.1); border-color: rgba(255,255,255,.2); color: #fff; }
.access { font-size: 12px; color: #aab1d6; margin-left: auto; }
.key:not([hidden]) + .access { margin-left: 0; }
main { padding: 18px 20px 40px; }
.tab-panel[hidden] { display: none; }
#tab-runs { display: grid; grid-template-columns: 280px 1fr; gap: 18px; align-items: start; }
.sidebar { position: sticky; top: 64px; }
.run-list { display: flex; flex-direction: column; gap: 8px; max-height: calc(100vh - 190px); overflow: auto; }
.run { text-align: left; display: block; width: 100%; padding: 10px 12px; background: var(--card);
  border: 1px solid var(--line); border-radius: 10px; }
.run.selected { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent-soft); }
.run .id { font-weight: 600; word-break: break-all; }
.run .when { color: var(--muted); font-size: 12px; }
.run .mini { display: flex; gap: 3px; margin-top: 6px; }
.run .mini span { flex: 1; height: 5px; border-radius: 3px; background: var(--line); position: relative; overflow: hidden; }
.run .mini span i { position: absolute; inset: 0 auto 0 0; background: var(--pass); }
.compare { display: flex; flex-direction: column; gap: 4px; margin-top: 14px; color: var(--muted); font-size: 12px; }
.content { display: flex; flex-direction: column; gap: 16px; min-width: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; }
.empty { color: var(--muted); padding: 40px; text-align: center; background: var(--card); border: 1px dashed var(--line);
  border-radius: 12px; }
.muted { color: var(--muted); }
.run-head { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: baseline; }
.run-head h2 { font-size: 18px; margin: 0; }
.badge { display: inline-block; white-space: nowrap; padding: 2px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  background: var(--accent-soft); color: var(--accent); }
.badge.pass { background: var(--pass-soft); color: var(--pass); }
.badge.fail { background: var(--fail-soft); color: var(--fail); }
.badge.skip { background: #f0f1f4; color: var(--skip); }
.recommend { margin-top: 10px; padding: 12px 14px; border-radius: 10px; background: var(--accent-soft); }
.recommend strong { color: var(--accent); font-size: 15px; }
.notes { margin: 8px 0 0; padding-left: 18px; color: var(--muted); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.case { cursor: pointer; }
tr.case:hover td { background: #f8f9ff; }
.bar { display: inline-block; width: 80px; height: 8px; border-radius: 4px; background: var(--line); vertical-align: middle;
  margin-right: 8px; overflow: hidden; }
.bar i { display: block; height: 100%; background: var(--pass); }
.delta.up { color: var(--pass); } .delta.down { color: var(--fail); }
.dots { display: flex; gap: 4px; flex-wrap: wrap; }
.dot { font-size: 11px; padding: 1px 6px; border-radius: 6px; font-weight: 600; }
.dot.pass { background: var(--pass-soft); color: var(--pass); }
.dot.fail { background: var(--fail-soft); color: var(--fail); }
.dot.error { background: #fff4e5; color: var(--warn); }
.labels { display: flex; flex-direction: column; gap: 6px; }
.label-row { display: grid; grid-template-columns: 130px 1fr 40px; gap: 8px; align-items: center; font-size: 13px; }
.label-row .track { height: 12px; background: #f0f1f4; border-radius: 6px; overflow: hidden; }
.label-row .track i { display: block; height: 100%; border-radius: 6px; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 3px;
  background: var(--swatch); margin-right: 5px; vertical-align: -1px; }
.cost-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 22px; align-items: start; }
.cost-layout svg { max-height: 340px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; background: var(--swatch); margin-right: 6px; }
@media (max-width: 1100px) { .cost-layout { grid-template-columns: 1fr; } }
.report-frame { width: 100%; height: 75vh; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
.drawer { position: fixed; inset: 0; background: rgba(17,21,42,.35); z-index: 10; display: flex; justify-content: flex-end; }
.drawer[hidden] { display: none; }
.drawer-panel { width: min(860px, 96vw); height: 100%; overflow: auto; background: var(--bg); padding: 20px 24px;
  position: relative; box-shadow: -8px 0 30px rgba(0,0,0,.15); }
.close { position: absolute; right: 16px; top: 12px; font-size: 20px; line-height: 1; padding: 4px 10px; }
.variant-block { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; margin-bottom: 12px; }
.variant-block header { display: flex; gap: 10px; align-items: center; margin-bottom: 8px; }
.variant-block header .model { color: var(--muted); font-size: 12px; }
.answer { white-space: pre-wrap; background: #fafbff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.answer sup, .marker { color: var(--accent); font-weight: 700; font-size: 12px; }
.checks { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-direction: column; gap: 3px; font-size: 13px; }
.checks li { display: grid; grid-template-columns: 62px 170px 1fr; gap: 8px; align-items: start; }
.checks .dot { justify-self: start; }
.chunks { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; }
.chunks details { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; background: #fff; }
.chunks summary { cursor: pointer; font-size: 13px; }
.chunks pre { white-space: pre-wrap; font: 12.5px/1.5 ui-monospace, Menlo, Consolas, monospace; margin: 6px 0 0; color: #39404f; }
.chunks .cited { border-color: var(--accent); }
.ask { max-width: 900px; margin: 0 auto; }
.ask-row { display: flex; gap: 8px; }
.ask-row input { flex: 1; }
.answer-meta { margin: 14px 0 6px; font-size: 12px; color: var(--muted); }
.sources { margin: 0; padding-left: 0; list-style: none; display: flex; flex-direction: column; gap: 6px; }
.sources li { background: #fafbff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.sources .n { color: var(--accent); font-weight: 700; margin-right: 6px; }
.sources .doc { color: var(--muted); font-size: 12px; margin-left: 6px; }
.search-results { margin: 0; padding-left: 0; list-style: none; display: flex; flex-direction: column; gap: 8px; }
.search-results li { background: #fafbff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.search-results .hit-head { font-weight: 600; }
.search-results .doc, .search-results .score { color: var(--muted); font-size: 12px; font-weight: 400; margin-left: 8px; }
.search-results .snippet { margin: 6px 0 0; line-height: 1.5; }
.search-results mark { background: #fde68a; color: inherit; border-radius: 2px; padding: 0 1px; }
.feedback { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 14px; }
.feedback textarea { width: 100%; min-height: 70px; }
.feedback .status { color: var(--pass); font-size: 13px; }
.error { color: var(--fail); }
@media (max-width: 900px) { #tab-runs { grid-template-columns: 1fr; } .sidebar { position: static; } }
`;
