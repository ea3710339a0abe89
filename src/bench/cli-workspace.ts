import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throwaway knowhow project driven through the real CLI (bin/knowhow.js, which runs the built
 * dist/): what the concurrency and crash benchmarks run, as a user or a cron job would.
 */

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(packageRoot, 'bin', 'knowhow.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runKnowhow(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', LANCEDB_LOG: 'error', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const words = 'refund invoice seat plan webhook retry token export audit region latency backup'.split(' ');

/** Document `index` at `version`: several paragraphs, so that it makes several chunks. */
export function documentText(index: number, version: number): string {
  const paragraphs = Array.from({ length: 3 + (index % 4) }, (_, p) =>
    Array.from({ length: 40 }, (_, w) => words[(index * 7 + p * 3 + w + version) % words.length]).join(' '),
  );
  return `# Document ${index} v${version}\n\n${paragraphs.join('\n\n')}\n`;
}

export function documentName(index: number): string {
  return `doc-${String(index).padStart(4, '0')}.md`;
}

export async function writeDocuments(docs: string, versions: Map<number, number>): Promise<void> {
  await mkdir(docs, { recursive: true });
  for (const [index, version] of versions) {
    await writeFile(path.join(docs, documentName(index)), documentText(index, version));
  }
}

export async function deleteDocuments(docs: string, indexes: number[], versions: Map<number, number>) {
  for (const index of indexes) {
    await rm(path.join(docs, documentName(index)), { force: true });
    versions.delete(index);
  }
}
