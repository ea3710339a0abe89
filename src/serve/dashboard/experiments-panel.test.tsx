import { describe, expect, it } from 'vitest';
import { renderToHtml } from '../../report/index.js';
import type { ExperimentEvent } from '../experiments-log.js';
import { buildExperimentReport } from '../experiments-report.js';
import { ExperimentsPanel } from './experiments-panel.js';

const events: ExperimentEvent[] = [];
for (let index = 0; index < 10; index++) {
  for (const arm of ['rag', 'prompt']) {
    const responseId = `${arm}-${index}`;
    events.push({
      type: 'response',
      at: '2026-12-05T00:00:00.000Z',
      experiment: 'rag-vs-prompt',
      arm,
      responseId,
      userHash: `user-${index}`,
      overridden: false,
      latencyMs: 20,
      promptTokens: 100,
      completionTokens: 20,
      words: 15,
      citations: 1,
      citationsValid: true,
      refusal: false,
    });
    // rag: 9 of 10 up; prompt: 5 of 10 up.
    const up = arm === 'rag' ? index !== 0 : index % 2 === 0;
    events.push({
      type: 'feedback',
      at: '2026-12-05T00:00:01.000Z',
      experiment: 'rag-vs-prompt',
      arm,
      responseId,
      rating: up ? 'up' : 'down',
      corrected: false,
    });
  }
}

describe('the experiments panel', () => {
  it('shows each arm’s rate with its interval and the comparison with its verdict', () => {
    const report = buildExperimentReport(
      {
        name: 'rag-vs-prompt',
        arms: [
          { model: 'rag', weight: 1 },
          { model: 'prompt', weight: 1 },
        ],
        level: 0.05,
      },
      events,
    );
    const html = renderToHtml(<ExperimentsPanel reports={[report]} />);
    expect(html).toContain('data-experiment="rag-vs-prompt"');
    // Wilson 9/10: 59.6%–98.2%; 5/10: 23.7%–76.3%.
    expect(html).toContain('90.0% [59.6%, 98.2%]');
    expect(html).toContain('50.0% [23.7%, 76.3%]');
    expect(html).toMatch(/<li data-significant="false">prompt vs rag: thumbs-up -40\.0 points/);
    expect(html).toContain('more ratings per arm would show this difference with 80% power');
    expect(html).not.toContain('style=');
  });

  it('says how to configure an experiment when there is none', () => {
    expect(renderToHtml(<ExperimentsPanel reports={[]} />)).toContain('serve.experiments');
  });
});
