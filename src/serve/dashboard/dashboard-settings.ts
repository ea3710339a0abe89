/** What the dashboard page hands its script (as JSON in the page, never as code): nothing secret. */
export interface DashboardSettings {
  project: string;
  /** The server requires API keys: the page asks for one before it fetches anything. */
  keysRequired: boolean;
}

/** The element holding the settings JSON. */
export const SETTINGS_ELEMENT_ID = 'knowhow-settings';
