import type { CommandSpec } from '../main.js';

/**
 * Every command, in the order `knowhow --help` lists them (the user's path through the product),
 * each loaded on demand: a run loads only the command it runs (`knowhow advise` does not parse the
 * other sixteen modules and what they import); `--help` and unknown names load them all.
 */
export interface CommandEntry {
  name: string;
  load(): Promise<CommandSpec>;
}

export const commandEntries: CommandEntry[] = [
  { name: 'init', load: async () => (await import('./init.js')).initCommand },
  { name: 'ingest', load: async () => (await import('./ingest.js')).ingestCommand },
  { name: 'ask', load: async () => (await import('./ask.js')).askCommand },
  { name: 'search', load: async () => (await import('./search.js')).searchCommand },
  { name: 'cases', load: async () => (await import('./cases.js')).casesCommand },
  { name: 'eval', load: async () => (await import('./eval.js')).evalCommand },
  { name: 'diagnose', load: async () => (await import('./diagnose.js')).diagnoseCommand },
  { name: 'compare', load: async () => (await import('./compare.js')).compareCommand },
  { name: 'advise', load: async () => (await import('./advise.js')).adviseCommand },
  { name: 'ab', load: async () => (await import('./ab.js')).abCommand },
  { name: 'feedback', load: async () => (await import('./feedback.js')).feedbackCommand },
  { name: 'tune', load: async () => (await import('./tune.js')).tuneCommand },
  { name: 'models', load: async () => (await import('./models.js')).modelsCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'status', load: async () => (await import('./status.js')).statusCommand },
  { name: 'optimize', load: async () => (await import('./optimize.js')).optimizeCommand },
  { name: 'index', load: async () => (await import('./index-command.js')).indexCommand },
  { name: 'bench', load: async () => (await import('./bench.js')).benchCommand },
  { name: 'demo', load: async () => (await import('./demo.js')).demoCommand },
];
