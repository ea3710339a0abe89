/**
 * The dashboard's script (bundled into the page by scripts/build-client.mjs). The page's own
 * markup is an empty frame; everything is rendered here with hono/jsx/dom, from data fetched
 * with the user's key (every value as a text node, never as HTML). The run view reuses the HTML
 * report's panels (src/report/panels), so both show a run the same way.
 */
import { render } from 'hono/jsx/dom';
import { type DashboardSettings, SETTINGS_ELEMENT_ID } from '../dashboard-settings.js';
import { DashboardApp } from './dashboard-app.js';

function readSettings(): DashboardSettings {
  const text = document.getElementById(SETTINGS_ELEMENT_ID)?.textContent;
  const parsed = text ? (JSON.parse(text) as Partial<DashboardSettings>) : {};
  return { project: parsed.project ?? 'knowhow', keysRequired: parsed.keysRequired ?? false };
}

const root = document.getElementById('dashboard');
if (root) render(<DashboardApp settings={readSettings()} />, root);
