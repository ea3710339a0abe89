import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import type { DatasetManifest } from './prepare-dataset.js';
import { datasetFiles, tunePaths } from './tune-paths.js';

/** A prepared dataset by id, or the most recently prepared one. */
export async function findDataset(
  dataDir: string,
  datasetId?: string,
): Promise<{ directory: string; manifest: DatasetManifest }> {
  const root = tunePaths.root(dataDir);
  const read = async (id: string) => {
    const directory = tunePaths.dataset(dataDir, id);
    const manifest = JSON.parse(
      await readFile(path.join(directory, datasetFiles.manifest), 'utf8'),
    ) as DatasetManifest;
    return { directory, manifest };
  };
  if (datasetId !== undefined) {
    try {
      return await read(datasetId);
    } catch (error) {
      throw new KnowhowError('INPUT_NOT_FOUND', `No prepared dataset "${datasetId}" in ${root}.`, {
        cause: error,
        hint: 'Run `knowhow tune prepare`, or pass the id it printed to --dataset.',
      });
    }
  }
  let entries: string[] = [];
  try {
    entries = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('ds-'))
      .map((entry) => entry.name);
  } catch {
    // No tune folder yet.
  }
  const found: { directory: string; manifest: DatasetManifest }[] = [];
  for (const id of entries) {
    try {
      found.push(await read(id));
    } catch {
      // A folder without a manifest was never finished: it is not a dataset.
    }
  }
  found.sort((a, b) => a.manifest.createdAt.localeCompare(b.manifest.createdAt));
  const latest = found[found.length - 1];
  if (!latest) {
    throw new KnowhowError('INPUT_NOT_FOUND', `No prepared dataset in ${root}.`, {
      hint: 'Run `knowhow tune prepare` first.',
    });
  }
  return latest;
}
