import { KnowhowError } from './errors.js';

/** The engines a benchmark runs on (`--engine`); pglite is PostgreSQL 18 in WebAssembly, for development. */
export const benchEngines = ['lancedb', 'postgres', 'pglite'] as const;
export type BenchEngine = (typeof benchEngines)[number];

export function parseBenchEngine(value: string): BenchEngine {
  if ((benchEngines as readonly string[]).includes(value)) return value as BenchEngine;
  throw new KnowhowError('USAGE', `--engine must be one of ${benchEngines.join(', ')}, got "${value}".`, {
    hint: 'Example: --engine postgres',
  });
}
