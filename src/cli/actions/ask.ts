import { formatSourceLocation } from '../../core/source-location.js';
import { readerForGroups } from '../../core/types.js';
import { formatPassageHeader } from '../../generate/index.js';
import { EXTRACTIVE_LABEL } from '../../providers/extractive/index.js';
import { computeCost } from '../../providers/shared/index.js';
import { requireIndexedDocuments } from '../../retrieve/index.js';
import type { AskCommandOptions } from '../commands/ask.js';
import type { CommandContext, CommandResult } from '../output.js';
import { requireText } from '../parse-options.js';
import { withWorkspace } from './with-workspace.js';

export function runAsk(
  context: CommandContext,
  question: string,
  options: AskCommandOptions,
): Promise<CommandResult> {
  requireText(question, 'question');
  return withWorkspace(context, async (workspace) => {
    await requireIndexedDocuments(await workspace.store());
    const model = await workspace.answerModel();
    const streaming = options.stream && !context.json && Boolean(context.io.stdout.isTTY);
    if (streaming && model.capabilities.extractive) context.io.stdout.write(`(${EXTRACTIVE_LABEL})\n\n`);
    const answer = await workspace.ask(question, {
      reader: readerForGroups(options.as),
      ...(options.k ? { k: options.k } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(streaming ? { onDelta: (text: string) => context.io.stdout.write(text) } : {}),
    });
    const retrieved = answer.retrieval;
    const prices = workspace.prices;
    const cost = computeCost(prices, { provider: model.provider, model: model.modelId, ...answer.usage });
    const costText = answer.extractive
      ? 'no model cost'
      : cost.priced
        ? `$${cost.cost.toFixed(6)} (prices as of ${prices.asOf})`
        : 'cost unknown: add the model under prices.models';
    const lines: string[] = [];
    if (!streaming) {
      if (answer.extractive) lines.push(`(${EXTRACTIVE_LABEL})`, '');
      lines.push(answer.displayText);
    } else {
      lines.push('');
    }
    lines.push('', answer.citations.length ? 'Sources:' : 'Sources: none cited');
    for (const citation of answer.citations) {
      lines.push(
        `  [${citation.marker}] ${formatPassageHeader(citation.title, citation.headingPath)} · ${formatSourceLocation(citation.documentId, citation)}`,
      );
    }
    if (answer.invalidMarkers.length) {
      lines.push(
        `  ! removed citations to passages that were not given: ${answer.invalidMarkers.map((n) => `[${n}]`).join(' ')}`,
      );
    }
    lines.push(
      '',
      `${answer.model} · ${answer.usage.promptTokens} prompt + ${answer.usage.completionTokens} completion tokens · ${costText} · retrieval ${retrieved.timings.retrieveMs.toFixed(0)} ms · answer ${answer.latencyMs.toFixed(0)} ms${answer.cached ? ' (cached)' : ''}`,
    );
    return {
      data: {
        question,
        answer: answer.displayText,
        rawAnswer: answer.text,
        extractive: answer.extractive,
        citations: answer.citations,
        invalidMarkers: answer.invalidMarkers,
        passages: answer.passages.map((passage) => ({ marker: passage.marker, ...passage.chunk })),
        usage: answer.usage,
        latencyMs: answer.latencyMs,
        retrievalMs: retrieved.timings.retrieveMs,
        model: answer.model,
      },
      text: lines.join('\n'),
    };
  });
}
