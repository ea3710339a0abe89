import { describe, expect, it } from 'vitest';
import { formatCrashRow, runCrashMatrix } from '../../src/bench/run-crash-matrix.js';

describe('ingest killed at every commit point of the index (real processes, deterministic)', () => {
  it('leaves 0 duplicates, 0 ghosts and 0 lost documents after single crashes, crashes in a row, and a crash then deleting files and pruning', async () => {
    // Before the cumulative journal: two crashes in a row left 150 duplicate chunk rows, and a
    // crash then deleting the files and `ingest --prune` left 19 of 19 deleted documents searchable.
    const rows = await runCrashMatrix({ documents: 12 });
    // The matrix for the record (also `knowhow bench crashes`).
    process.stdout.write(`${rows.map(formatCrashRow).join('\n')}\n`);
    for (const row of rows) {
      expect(
        {
          crashed: row.crashed,
          finalExit: row.finalExit,
          duplicates: row.duplicates,
          ghosts: row.ghosts,
          lost: row.lost,
        },
        formatCrashRow(row),
      ).toEqual({ crashed: row.expectedCrashes, finalExit: 0, duplicates: 0, ghosts: 0, lost: 0 });
    }
  }, 600_000);
});
