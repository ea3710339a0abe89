import { raw } from 'hono/html';
import {
  hashSource,
  readClientAsset,
  readReportPageAssets,
  renderPaletteStyles,
  renderToHtml,
  serializeJsonForScript,
} from '../report/index.js';
import { type DashboardSettings, SETTINGS_ELEMENT_ID } from './dashboard/dashboard-settings.js';

export interface DashboardPage {
  html: string;
  /** The page's Content-Security-Policy header: its own script and stylesheet, pinned by hash. */
  contentSecurityPolicy: string;
}

/**
 * The dashboard: one self-contained page (inline CSS and script, bundled at build time from
 * src/serve/dashboard/, no CDN) that talks to the same /v1 API as any client. Data never goes into
 * the HTML: the page fetches it with the user's key, so the page itself is public and cacheable.
 */
export function renderDashboardPage(settings: DashboardSettings): DashboardPage {
  const script = readClientAsset('dashboard.js');
  const styles = `${readClientAsset('dashboard.css')}\n${renderPaletteStyles()}`;
  // A run's full report is shown in a sandboxed srcdoc frame, which inherits this policy: its
  // script and stylesheet are allowed by their hashes too (an older report's would not run).
  const report = readReportPageAssets();
  const scripts = [script, report.script].map((text) => `'${hashSource(text)}'`).join(' ');
  const stylesheets = [styles, report.styles].map((text) => `'${hashSource(text)}'`).join(' ');
  const document = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`knowhow · ${settings.project}`}</title>
        {/* The bundled stylesheet and script are the package's own text, not data: inlined as is. */}
        <style>{raw(styles)}</style>
      </head>
      <body>
        <div id="dashboard" />
        {/* Settings as JSON, every `<` escaped: read by the script, never run. */}
        <script type="application/json" id={SETTINGS_ELEMENT_ID}>
          {raw(serializeJsonForScript(settings))}
        </script>
        <script>{raw(script)}</script>
      </body>
    </html>
  );
  return {
    html: `<!doctype html>\n${renderToHtml(document)}\n`,
    contentSecurityPolicy: `default-src 'none'; script-src ${scripts}; style-src ${stylesheets}; img-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'`,
  };
}
