import type { CurrentTunedModel } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

function describeCurrent(current: CurrentTunedModel | undefined): string {
  if (!current) {
    return 'No tuned model: register one with `knowhow tune register` (eval skips tuned and hybrid until then).';
  }
  const what = current.name ?? `${current.reference.provider}:${current.reference.model}`;
  if (current.source === 'pinned') return `Current: ${what} (pinned by models.tuned in knowhow.yaml).`;
  if (current.source === 'config') {
    return `Current: ${what} (given outright by models.tuned in knowhow.yaml, not from the registry).`;
  }
  return `Current: ${what} (the newest registered; pin another with models.tuned: <name> in knowhow.yaml).`;
}

/** `knowhow models`: the registry, newest first, with the current tuned model marked `*`. */
export function runModels(context: CommandContext): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const { registered, current } = await workspace.tunedModels();
    const newestFirst = [...registered].sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
    const isCurrent = (name: string) => current?.source !== 'config' && current?.name === name;
    const rows = newestFirst.map((entry) => [
      isCurrent(entry.name) ? '*' : ' ',
      entry.name,
      entry.kind,
      entry.engine,
      `${entry.provider}:${entry.model}${entry.lora ? ` + ${entry.lora}` : ''}`,
      entry.registeredAt,
    ]);
    const header = [' ', 'name', 'kind', 'engine', 'model', 'registered'];
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
    const format = (row: string[]) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    const lines = [
      ...(rows.length > 0 ? [format(header), ...rows.map(format)] : ['No model registered in models.json.']),
      '',
      describeCurrent(current),
    ];
    return {
      data: {
        registry: workspace.paths.models,
        current: current ?? null,
        models: newestFirst.map((entry) => ({ ...entry, current: isCurrent(entry.name) })),
      },
      text: lines.join('\n'),
    };
  });
}
