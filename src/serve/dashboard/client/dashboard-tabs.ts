import type { JSX } from 'hono/jsx/jsx-runtime';
import { AskTab } from './ask-tab.js';
import { RunsTab } from './runs-tab.js';
import { SearchTab } from './search-tab.js';
import type { TabProps } from './tab-props.js';

export interface DashboardTab {
  /** The tab button's data-tab and its panel's id (`tab-<id>`). */
  id: string;
  label: string;
  Tab: (props: TabProps) => JSX.Element | null;
}

/**
 * The dashboard's tabs, in order. A new view of the server (a feedback review, say) is one
 * component taking TabProps and one entry here; a new panel of a run goes in the run panels
 * instead (src/report/panels/run-panels.ts), which the Eval runs tab and the HTML report share.
 */
export const dashboardTabs: readonly DashboardTab[] = [
  { id: 'runs', label: 'Eval runs', Tab: RunsTab },
  { id: 'ask', label: 'Ask', Tab: AskTab },
  { id: 'search', label: 'Search', Tab: SearchTab },
];
