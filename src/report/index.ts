/**
 * report — renders a diagnosis for people: the self-contained HTML report (charts as inline SVG,
 * per-case drill-down, no network at view time; also what the dashboard serves for a run) and the
 * terminal summary `knowhow diagnose` prints. `--json` is the ReportData itself.
 *
 * Pure rendering: it is given a ReportData<Diagnosis> and returns text. It must not compute a
 * diagnosis (src/decide does), call a model, read or write data files, or read the clock; the only
 * files it reads are its own bundled page script and stylesheet (dist/client, built with the package).
 * The run panels both pages are built from are in ./panels (see the header of panels/index.ts).
 */

export { escapeHtml, serializeJsonForScript } from './escape-html.js';
export { readClientAsset } from './read-client-asset.js';
export { hashSource, readReportPageAssets, renderHtmlReport } from './render-html-report.js';
export { renderRunComparison } from './render-run-comparison.js';
export { renderTerminalSummary, type TerminalSummaryOptions } from './render-terminal-summary.js';
export { renderToHtml } from './render-to-html.js';
export { renderPaletteStyles } from './report-palette.js';
