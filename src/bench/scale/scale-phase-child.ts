/**
 * One writing phase of the scale benchmark in a process of its own (see scale-phase.ts): the job
 * arrives as JSON in argv, progress and figures leave over the IPC channel.
 *
 * Usage (by forkScalePhase only): node scale-phase-child.js '<ScalePhaseJob JSON>'
 */
import { runScalePhase, type ScalePhaseJob, type ScalePhaseMessage } from './scale-phase.js';

function send(message: ScalePhaseMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, () => resolve());
  });
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ScalePhaseJob;
  try {
    const figures = await runScalePhase(job, (documents) => void send({ kind: 'tick', documents }));
    await send({ kind: 'done', figures });
  } catch (error) {
    await send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

void main();
