import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Wiring that was copied drifted (issue 14): chunk options written field by field in three
 * commands, the variant order retyped in five files, the run-folder layout known in five places,
 * stores opened by hand. These guards keep each of them in its one place; a second copy fails here
 * with the file that holds it.
 */
const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sourceFiles(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(sourceRoot, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    // Test fixtures build small apps by hand on purpose; the guards are about shipped code.
    .filter((file) => !file.split(path.sep).includes('__fixtures__'));
  return Promise.all(
    files.map(async (file) => ({
      file: path.relative(sourceRoot, file).split(path.sep).join('/'),
      text: await readFile(file, 'utf8'),
    })),
  );
}

function holders(files: { file: string; text: string }[], pattern: RegExp): string[] {
  return files.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
}

describe('composition guards', () => {
  it('chunk options are read in one place: only the workspace calls the chunker', async () => {
    const files = await sourceFiles();
    const callers = holders(files, /\bchunkDocument\(/).filter((file) => !file.startsWith('chunk/'));
    expect(callers).toEqual(['workspace/open-workspace.ts']);
  });

  it('the variant order is written once, in core/config/variant-names.ts', async () => {
    const files = await sourceFiles();
    expect(holders(files, /'prompt',\s*'few-shot',\s*'rag',\s*'oracle',\s*'tuned',\s*'hybrid'/)).toEqual([
      'core/config/variant-names.ts',
    ]);
  });

  it("the run folder's files are named once, in the run-folder module", async () => {
    const files = await sourceFiles();
    const named = holders(files, /['"`](rows\.jsonl|meta\.json|report\.json|report\.html)['"`]/);
    expect(named).toEqual(['eval/run-folder.ts']);
  });

  it('only the engine table opens an index store', async () => {
    const files = await sourceFiles();
    const openers = holders(files, /(LanceIndexStore|PostgresIndexStore)\.(open|destroy)\(/).filter(
      (file) => !file.startsWith('index/'),
    );
    expect(openers).toEqual(['workspace/index-engines.ts']);
  });

  it('only the composition root builds models from config', async () => {
    const files = await sourceFiles();
    const builders = holders(
      files,
      /\bcreate(OpenAICompatible|Anthropic|LlamaCpp)(LanguageModel|EmbeddingModel|Reranker)\(/,
    ).filter((file) => !file.startsWith('providers/'));
    expect(builders).toEqual([]);
  });

  it('the library does not reach into the command line', async () => {
    const files = await sourceFiles();
    const library = files.find(({ file }) => file === 'library.ts');
    expect(library?.text).not.toMatch(/from '\.\/cli\//);
    const workspace = files.filter(({ file }) => file.startsWith('workspace/'));
    expect(holders(workspace, /from '\.\.\/cli\//)).toEqual([]);
  });
});
