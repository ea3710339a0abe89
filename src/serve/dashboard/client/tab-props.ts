import type { DashboardSettings } from '../dashboard-settings.js';
import type { ApiClient } from './api-client.js';

/** What every dashboard tab is given. */
export interface TabProps {
  api: ApiClient;
  settings: DashboardSettings;
  /** False while the page waits for an API key: a tab fetches nothing until then. */
  ready: boolean;
  /** The tab is the one shown (tabs stay mounted, so their state survives switching). */
  active: boolean;
}
