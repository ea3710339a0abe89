import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentId,
  isDeleteWrite,
  touchedDocuments,
  WRITER_DOCUMENTS,
} from '../../src/bench/index-writer-child.js';
import { tableNames } from '../../src/index/postgres/postgres-schema.js';
import { availableEngines, type StoreHarness, startStoreHarness } from '../helpers/index-stores.js';
import { checkPostgresIndex } from '../helpers/postgres-consistency.js';
import { repositoryRoot } from '../helpers/run-cli.js';

/**
 * A writer process (dist/bench/index-writer-child.js: build first) is SIGKILLed 24 times: right
 * after a write began, right after one committed, and at random moments in between. After each
 * kill the index must hold, for every document, exactly one whole version — never older than its
 * last committed write, never newer than the write in flight — with no duplicates, no stray or
 * missing postings, and corpus statistics equal to a recount.
 */

const child = path.join(repositoryRoot, 'dist', 'bench', 'index-writer-child.js');
const KILLS = 24;

/** Seeded so that every run kills at the same moments. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

type Strategy = 'after-begin' | 'after-commit' | 'random';

/** Starts the writer at write `first` and kills it as the strategy says; returns the writes it reported. */
async function runAndKill(
  url: string,
  schema: string,
  first: number,
  strategy: Strategy,
  delayMs: number,
): Promise<{ begun: number; committed: number }> {
  const writer: ChildProcess = spawn(
    process.execPath,
    [child, url, schema, String(first), String(first + 400)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let begun = first - 1;
  let committed = first - 1;
  let stderr = '';
  writer.stderr?.on('data', (data) => (stderr += data));
  // The kill waits for a first commit in every strategy: the store's opening is not what is tested.
  const kill = () => writer.kill('SIGKILL');
  let timer: NodeJS.Timeout | undefined;
  writer.stdout?.setEncoding('utf8');
  let buffered = '';
  writer.stdout?.on('data', (data: string) => {
    buffered += data;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [event, value] = line.split(' ');
      if (event === 'begin') {
        begun = Number(value);
        if (strategy === 'after-begin' && committed >= first) kill();
      }
      if (event === 'commit') {
        committed = Number(value);
        if (strategy === 'after-commit' && committed >= first + 1) kill();
        if (strategy === 'random' && committed === first && !timer) timer = setTimeout(kill, delayMs);
      }
    }
  });
  const code = await new Promise<number | null>((resolve) =>
    writer.on('exit', (exitCode) => resolve(exitCode)),
  );
  clearTimeout(timer);
  if (code !== null) throw new Error(`the writer exited by itself (${code}): ${stderr}`);
  return { begun, committed };
}

/** The version each document must have after the writes 1…n, except those rolled back (0: absent). */
function expectedVersions(last: number, rolledBack: Set<number>): Map<string, number> {
  const versions = new Map<string, number>();
  for (let n = 1; n <= last; n++) {
    if (rolledBack.has(n)) continue;
    for (const number of touchedDocuments(n)) versions.set(documentId(number), isDeleteWrite(n) ? 0 : n);
  }
  return versions;
}

describe.each(availableEngines(['postgres', 'pglite']))('a writer SIGKILLed on %s', (engine) => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await startStoreHarness(engine);
  }, 120_000);
  afterAll(async () => harness?.stop());

  it('leaves every document at one whole version, nothing lost or duplicated, statistics equal to a recount', async () => {
    const url = harness.url!;
    const schema = harness.freshName();
    // Create the schema once, so that a kill never lands in its creation.
    await (await harness.open({ name: schema })).close();
    const next = random(12);
    const strategies: Strategy[] = ['after-begin', 'after-commit', 'random'];
    let first = 1;
    const rolledBack = new Set<number>();
    for (let round = 0; round < KILLS; round++) {
      const strategy = strategies[round % strategies.length]!;
      const { begun, committed } = await runAndKill(
        url,
        schema,
        first,
        strategy,
        5 + Math.floor(next() * 120),
      );
      const report = await checkPostgresIndex(url, schema);
      expect(report.recount, `round ${round} (${strategy})`).toEqual(report.statistics);
      expect(report).toMatchObject({
        missingPostings: 0,
        strayPostings: 0,
        orphanChunks: 0,
        wrongDocumentFrequencies: 0,
      });
      expect(report.inconsistentDocuments).toEqual([]);
      // Every document: the version of the last committed write, or of the write in flight.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const rows = (await client.query(`SELECT id, hash FROM ${tableNames(schema).documents}`)).rows as {
        id: string;
        hash: string;
      }[];
      await client.end();
      const stored = new Map(rows.map((row) => [row.id, Number(row.hash.slice(1))]));
      const before = expectedVersions(committed, rolledBack);
      const after = expectedVersions(begun, rolledBack);
      const landed = [...after.entries()].every(([id, version]) => (stored.get(id) ?? 0) === version);
      for (let number = 0; number < WRITER_DOCUMENTS; number++) {
        const id = documentId(number);
        const found = stored.get(id) ?? 0;
        expect([before.get(id) ?? 0, after.get(id) ?? 0], `${id} after round ${round}`).toContain(found);
      }
      // Whether the write in flight committed before the kill or not, the next run starts after it.
      if (begun > committed && !landed) rolledBack.add(begun);
      first = begun + 1;
    }
    // Not vacuous: some kills did land inside a transaction, which then rolled back.
    expect(rolledBack.size).toBeGreaterThan(3);
  }, 600_000);
});
