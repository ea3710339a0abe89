/**
 * The report page's browser code, as far as another page shares it: the dashboard's runs tab
 * filters its case table with the same filter. Browser-only (DOM, no Node built-ins); the page
 * entry itself is report-client.tsx, bundled by scripts/build-client.mjs.
 */
export { attachCaseFilter } from './case-filter.js';
