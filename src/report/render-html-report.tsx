import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import type { ReportData } from '../core/report-types.js';
import type { Diagnosis } from '../decide/index.js';
import { serializeJsonForScript } from './escape-html.js';
import { RunHeader } from './panels/run-header.js';
import { selectRunPanels } from './panels/run-panels.js';
import { readClientAsset } from './read-client-asset.js';
import { renderToHtml } from './render-to-html.js';
import { renderPaletteStyles } from './report-palette.js';
import { buildRunView } from './run-view.js';

/**
 * The diagnosis as one self-contained HTML document: inline CSS, inline script, charts drawn as
 * SVG here, data embedded as JSON. It loads nothing at view time (its Content-Security-Policy
 * forbids it), so it works opened as a file and served by the dashboard under any URL.
 * The same input gives the same bytes.
 *
 * The sections are the run panels (src/report/panels) rendered to HTML here; the page's script
 * (src/report/client/report-client.tsx, bundled at build time) renders a case's drill-down from
 * the embedded JSON with the same components the dashboard uses.
 */
export function renderHtmlReport(data: ReportData<Diagnosis>): string {
  const view = buildRunView(data);
  const { script, styles } = readReportPageAssets();
  // Only the page's own script and stylesheet apply (pinned by hash): markup injected through an
  // answer could neither run, restyle the page nor load anything.
  const policy = `default-src 'none'; script-src '${hashSource(script)}'; style-src '${hashSource(styles)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const panels = selectRunPanels('report');
  const document = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content={policy} />
        <meta name="referrer" content="no-referrer" />
        <meta name="generator" content="knowhow" />
        <title>{`${data.project} · run ${data.runId} · knowhow report`}</title>
        <link rel="icon" href="data:," />
        {/* The bundled stylesheet is the package's own text, not data: inlined as is. */}
        <style>{raw(styles)}</style>
      </head>
      <body>
        <div class="page">
          <RunHeader view={view} brand="knowhow · diagnosis report" heading={data.project} />
          <nav class="toc" aria-label="Sections">
            {panels.map((panel) => (
              <a href={`#${panel.id}`}>{panel.title}</a>
            ))}
          </nav>
          <main>
            {panels.map(({ Panel }) => (
              <Panel view={view} />
            ))}
          </main>
          <footer>
            knowhow diagnosis report · run {data.runId} · self-contained: opens without a network connection.
          </footer>
        </div>
        {/* JSON with every `<` escaped (serializeJsonForScript): it cannot close its element. */}
        <script type="application/json" id="knowhow-report-data">
          {raw(serializeJsonForScript(view.payload))}
        </script>
        <script>{raw(script)}</script>
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToHtml(document)}\n`;
}

/**
 * The report's inline script and stylesheet, exactly as every report of this version embeds
 * them (the dashboard allows their hashes for the report it shows in a frame).
 */
export function readReportPageAssets(): { script: string; styles: string } {
  return {
    script: readClientAsset('report.js'),
    styles: `${readClientAsset('report.css')}\n${renderPaletteStyles()}`,
  };
}

/** A CSP source expression pinning one inline script or stylesheet. */
export function hashSource(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
