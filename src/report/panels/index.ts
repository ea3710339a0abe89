/**
 * The run panels: typed TSX components that draw one eval run (recommendation, variants,
 * attribution, costs, latency, cases and a case's drill-down). The HTML report and the dashboard
 * are both built from them, so a panel is written once and both show the same thing.
 *
 * Why here: a panel is a view of a diagnosis, and src/report is the stage that renders
 * diagnoses; the dashboard (src/serve/dashboard) imports this entry, never the other way round.
 * Dashboard-only parts (runs list, compare, Ask, Search, feedback) live with the dashboard.
 *
 * How they render: hono/jsx (hono is already a runtime dependency). On the server its renderer
 * turns a component into escaped HTML text (render-to-html.ts: the report's static sections); in
 * the browser its DOM renderer (hono/jsx/dom) builds the same components into nodes (the report's
 * drill-down, the whole dashboard), creating text nodes for every string, never HTML. Chosen on
 * measurements (esbuild --minify, the same one-component page): hono/jsx/dom
 * 15.4 KB (6.9 KB gzip) against preact 11.2 + hooks 11.3–13.7 KB (4.8–5.8 KB gzip); preact would
 * also need preact-render-to-string on the server (two new runtime packages, 2.2 MB installed)
 * where hono/jsx renders strings with no new dependency. Both type props alike under TSX.
 *
 * Rules for a panel: a pure, synchronous function of its props (no hooks, no fetch), so it renders
 * on both sides; no `style` attribute (the report's Content-Security-Policy pins its stylesheet by
 * hash, so inline styles would not apply): classes from src/report/styles/, SVG attributes for
 * sizes. Adding one: a component file here, one entry in run-panels.ts, its CSS in
 * src/report/styles/panels.css, and a test beside it (render it to a string with renderToHtml).
 */

export type { PayloadCase, PayloadRow, ReportCase, ReportPayload } from '../build-report-payload.js';
export {
  capitalize,
  formatCount,
  formatMilliseconds,
  formatMoney,
  formatPercent,
} from '../format-values.js';
export { buildRunView, type RunView } from '../run-view.js';
export { AttributionChart } from './attribution-chart.js';
export { CaseDetail, type CaseDetailProps } from './case-detail.js';
export { CasesPanel } from './cases-panel.js';
export { CostChart, type CostChartGeometry, computeCostChartGeometry, LineSwatch } from './cost-chart.js';
export { InlineText } from './inline-text.js';
export { LatencyChart } from './latency-chart.js';
export { RunHeader, type RunHeaderProps } from './run-header.js';
export {
  type RunPanel,
  type RunPanelHost,
  type RunPanelProps,
  runPanels,
  selectRunPanels,
} from './run-panels.js';
export { ChartScroll, Section } from './section.js';
