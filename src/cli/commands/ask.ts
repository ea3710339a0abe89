import { type RetrievalMode, readerForGroups } from '../../core/types.js';
import { formatPassageHeader, generateAnswer } from '../../generate/index.js';
import { EXTRACTIVE_LABEL } from '../../providers/extractive/index.js';
import { computeCost } from '../../providers/shared/index.js';
import { requireIndexedDocuments, retrieveWithSettings } from '../../retrieve/index.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { collectList, parsePositiveInteger, parseRetrievalMode, requireText } from '../parse-options.js';
import { createAnswerModel, createEmbedder, createReranker, effectivePrices } from '../select-providers.js';

export const askCommand: CommandSpec = {
  register(program, run) {
    program
      .command('ask')
      .description('answer a question from the indexed documents, with numbered citations')
      .argument('<question>', 'the question')
      .option('-k, --k <n>', 'passages to retrieve', (value) => parsePositiveInteger(value, '--k'))
      .option('--as <groups>', 'ask as a reader in these groups', collectList)
      .option('--mode <mode>', 'bm25 | dense | hybrid', parseRetrievalMode)
      .option('--no-stream', 'print the answer only when complete')
      .action(
        (question: string, options: { k?: number; as?: string[]; mode?: RetrievalMode; stream: boolean }) =>
          run(async (context) => {
            requireText(question, 'question');
            const workspace = await openWorkspace(context);
            const [model, embedder, reranker] = await Promise.all([
              createAnswerModel(workspace),
              createEmbedder(workspace),
              createReranker(workspace),
            ]);
            const store = await openStore(workspace);
            try {
              await requireIndexedDocuments(store);
              const retrieved = await retrieveWithSettings({
                store,
                query: question,
                reader: readerForGroups(options.as),
                settings: workspace.config.retrieve,
                ...(options.k ? { k: options.k } : {}),
                ...(options.mode ? { mode: options.mode } : {}),
                ...(embedder ? { embedder } : {}),
                ...(reranker ? { reranker } : {}),
              });
              const streaming = options.stream && !context.json && Boolean(context.io.stdout.isTTY);
              if (streaming && model.capabilities.extractive)
                context.io.stdout.write(`(${EXTRACTIVE_LABEL})\n\n`);
              const answer = await generateAnswer({
                model,
                question,
                hits: retrieved.hits,
                ...(workspace.config.eval.systemPrompt
                  ? { systemPrompt: workspace.config.eval.systemPrompt }
                  : {}),
                ...(streaming ? { onDelta: (text: string) => context.io.stdout.write(text) } : {}),
              });
              const prices = effectivePrices(workspace.config.prices);
              const cost = computeCost(prices, {
                provider: model.provider,
                model: model.modelId,
                ...answer.usage,
              });
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
                  `  [${citation.marker}] ${formatPassageHeader(citation.title, citation.headingPath)} · ${citation.documentId} (chars ${citation.start}–${citation.end})`,
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
            } finally {
              await store.close();
            }
          }),
      );
  },
};
