import type { JSX } from 'hono/jsx/jsx-runtime';
import type { RunView } from '../run-view.js';
import { AttributionPanel } from './attribution-panel.js';
import { CasesPanel } from './cases-panel.js';
import { CostPanel } from './cost-panel.js';
import { FailingChecksPanel } from './failing-checks-panel.js';
import { LatencyPanel } from './latency-panel.js';
import { RecommendationPanel } from './recommendation-panel.js';
import { VariantsPanel } from './variants-panel.js';

/** Where a run is shown: the self-contained HTML report, or the served dashboard's run view. */
export type RunPanelHost = 'report' | 'dashboard';

export interface RunPanelProps {
  view: RunView;
  /** The dashboard opens a case in its side panel; the report leaves this unset. */
  onOpenCase?: (caseId: string) => void;
}

export interface RunPanel {
  /** The section's element id: the report's navigation links to it. */
  id: string;
  /** The navigation's text for it. */
  title: string;
  hosts: readonly RunPanelHost[];
  Panel: (props: RunPanelProps) => JSX.Element | null;
}

/**
 * The run view, top to bottom. Both hosts render this list (each the panels that name it), so a
 * panel added here shows in the report and the dashboard with one entry.
 */
export const runPanels: readonly RunPanel[] = [
  {
    id: 'recommendation',
    title: 'Recommendation',
    hosts: ['report', 'dashboard'],
    Panel: RecommendationPanel,
  },
  { id: 'variants', title: 'Variants', hosts: ['report', 'dashboard'], Panel: VariantsPanel },
  { id: 'failing-checks', title: 'Failing checks', hosts: ['dashboard'], Panel: FailingChecksPanel },
  {
    id: 'attribution',
    title: 'Failure attribution',
    hosts: ['report', 'dashboard'],
    Panel: AttributionPanel,
  },
  { id: 'cost', title: 'Cost', hosts: ['report', 'dashboard'], Panel: CostPanel },
  { id: 'latency', title: 'Latency', hosts: ['report', 'dashboard'], Panel: LatencyPanel },
  { id: 'cases', title: 'Cases', hosts: ['report', 'dashboard'], Panel: CasesPanel },
];

export function selectRunPanels(host: RunPanelHost): RunPanel[] {
  return runPanels.filter((panel) => panel.hosts.includes(host));
}
