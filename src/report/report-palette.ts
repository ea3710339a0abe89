import type { Architecture, GapLabel } from '../decide/index.js';
import type { RowOutcome } from './classify-row-outcome.js';

/**
 * One restrained palette for the HTML report. Every colour carries white text at a contrast of at
 * least 4.5:1, and the cost lines also differ by dash pattern so they read without colour.
 */
export const labelColors: Record<GapLabel, string> = {
  unanswerable: '#4e342e',
  'no-gap': '#2e7d32',
  'prompting-fixes': '#558b2f',
  'retrieval-gap': '#00695c',
  'knowledge-gap': '#1565c0',
  'behaviour-gap': '#b45309',
  'reasoning-gap': '#6a1b9a',
  unmeasured: '#455a64',
  'model-error': '#37474f',
  unresolved: '#616161',
};

export const outcomeColors: Record<RowOutcome, string> = {
  pass: '#2e7d32',
  'content-fail': '#c62828',
  'format-fail': '#b45309',
  'both-fail': '#6a1b9a',
  'other-fail': '#8d6e63',
  error: '#546e7a',
};

export const architectureColors: Record<Architecture, string> = {
  prompting: '#1565c0',
  rag: '#00796b',
  'fine-tuning': '#c2410c',
  hybrid: '#6a1b9a',
};

export const architectureDashes: Record<Architecture, string> = {
  prompting: '',
  rag: '7 4',
  'fine-tuning': '2 3',
  hybrid: '10 3 2 3',
};

/**
 * One colour class per label, outcome and architecture, appended to each page's stylesheet: the
 * legends' swatches and the label chips take their colour from the same table as the charts.
 */
export function renderPaletteStyles(): string {
  return [
    ...Object.entries(labelColors).map(([label, color]) => `.label-${label}{background:${color}}`),
    ...Object.entries(outcomeColors).map(([outcome, color]) => `.outcome-${outcome}{background:${color}}`),
    ...Object.entries(architectureColors).map(
      ([architecture, color]) => `.architecture-${architecture}{border-top:3px solid ${color}}`,
    ),
  ].join('\n');
}
