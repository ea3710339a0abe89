import type { CommandSpec } from '../main.js';
import { adviseCommand } from './advise.js';
import { askCommand } from './ask.js';
import { benchCommand } from './bench.js';
import { casesCommand } from './cases.js';
import { compareCommand } from './compare.js';
import { demoCommand } from './demo.js';
import { diagnoseCommand } from './diagnose.js';
import { evalCommand } from './eval.js';
import { feedbackCommand } from './feedback.js';
import { indexCommand } from './index-command.js';
import { ingestCommand } from './ingest.js';
import { initCommand } from './init.js';
import { modelsCommand } from './models.js';
import { optimizeCommand } from './optimize.js';
import { searchCommand } from './search.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { tuneCommand } from './tune.js';

/** Every command, in the order `knowhow --help` lists them (the user's path through the product). */
export const commands: CommandSpec[] = [
  initCommand,
  ingestCommand,
  askCommand,
  searchCommand,
  casesCommand,
  evalCommand,
  diagnoseCommand,
  compareCommand,
  adviseCommand,
  feedbackCommand,
  tuneCommand,
  modelsCommand,
  serveCommand,
  statusCommand,
  optimizeCommand,
  indexCommand,
  benchCommand,
  demoCommand,
];
