import type { CommandSpec } from '../main.js';
import { askCommand } from './ask.js';
import { benchCommand } from './bench.js';
import { ingestCommand } from './ingest.js';
import { initCommand } from './init.js';
import { searchCommand } from './search.js';
import { statusCommand } from './status.js';

/** Every command, in the order `knowhow --help` lists them. */
export const commands: CommandSpec[] = [
  initCommand,
  ingestCommand,
  askCommand,
  searchCommand,
  statusCommand,
  benchCommand,
];
