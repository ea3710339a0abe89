import { readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, readIndexLockOwner } from './index-lock.js';

/**
 * `ingest --rebuild` of an embedded index: the new index is built in a staging folder beside the
 * old one, which stays readable (a running server keeps answering) and stays whole if the build
 * fails or the process dies. Only a finished build replaces it, by two renames under the writer
 * lock: the old folder is set aside, the staging folder takes its name, then the old one goes.
 * A crash between the two renames leaves no folder under the index's name: the next open (or
 * lock) renames the set-aside folder back, so the index is as it was before the rebuild.
 */

/** Folders of this process between the two renames: a reader here must not undo the swap. */
const swapping = new Set<string>();

/** Where a rebuild of `directory` builds the new index. */
export function stagingFolderOf(directory: string): string {
  return `${path.resolve(directory)}.rebuild`;
}

/** Where a swap sets the old index aside until the new one has taken its name. */
function setAsideFolderOf(directory: string): string {
  return `${path.resolve(directory)}.replaced-${process.pid}`;
}

/**
 * Builds a new index in the staging folder (`build` gets its path, writes it, and closes its
 * store before returning), then swaps it in. The caller holds the writer lock of `directory`
 * throughout. If `build` throws, the staging folder is removed and the index is untouched.
 */
export async function rebuildIndexFolder<T>(
  directory: string,
  build: (staging: string) => Promise<T>,
): Promise<T> {
  const resolved = path.resolve(directory);
  const staging = stagingFolderOf(resolved);
  await restoreIndexFolder(resolved);
  await removeLeftovers(resolved);
  let result: T;
  try {
    result = await build(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await replaceIndexFolder({ directory: resolved, staging });
  return result;
}

/** A staging folder of a rebuild that failed or died, and old folders a crash left undeleted. */
async function removeLeftovers(directory: string): Promise<void> {
  await rm(stagingFolderOf(directory), { recursive: true, force: true });
  if (!(await exists(directory))) return;
  for (const folder of await setAsideFolders(directory)) await rm(folder, { recursive: true, force: true });
}

/** Old folder aside, staging folder in its place, old folder deleted (under the writer lock). */
async function replaceIndexFolder(options: { directory: string; staging: string }): Promise<void> {
  const directory = path.resolve(options.directory);
  const setAside = setAsideFolderOf(directory);
  swapping.add(directory);
  try {
    const hadIndex = await moveIfPresent(directory, setAside);
    await rename(options.staging, directory);
    if (hadIndex) await rm(setAside, { recursive: true, force: true });
  } catch (error) {
    // The old index goes back where readers look for it; the staging folder is the next rebuild's to remove.
    if (!(await exists(directory))) await moveIfPresent(setAside, directory);
    throw error;
  } finally {
    swapping.delete(directory);
  }
}

/**
 * Undoes a swap that a crash cut between its two renames: the index folder is missing and an old
 * one set aside is there, so it gets its name back. The old folder, not the staging one: it is
 * whole by construction (it was the index), while the staging folder's completeness could only be
 * inferred from the order of the steps — and "a crash mid-write leaves the index as it was". A
 * live writer of this folder may be between the renames right now: then nothing is done.
 * Returns whether a folder was restored.
 */
export async function restoreIndexFolder(directory: string): Promise<boolean> {
  const resolved = path.resolve(directory);
  if (swapping.has(resolved) || (await exists(resolved))) return false;
  const [newest] = await setAsideFolders(resolved);
  if (newest === undefined || (await isSwapping(resolved))) return false;
  try {
    await rename(newest, resolved);
    return true;
  } catch (error) {
    // Another process restored it first, or the writer finished its swap meanwhile.
    if (isRaceLost(error)) return false;
    throw error;
  }
}

/** Whether another live process holds the writer lock (and so may be in the middle of a swap). */
async function isSwapping(directory: string): Promise<boolean> {
  const owner = await readIndexLockOwner(directory);
  if (owner === null || owner.pid === process.pid) return false;
  // Another host's process cannot be checked from here; its lock goes stale and the next writer restores.
  if (owner.hostname !== os.hostname()) return true;
  return isProcessAlive(owner);
}

/** Set-aside folders of `directory`, the most recently renamed first. */
async function setAsideFolders(directory: string): Promise<string[]> {
  const parent = path.dirname(directory);
  const prefix = `${path.basename(directory)}.replaced-`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const folders = names.filter((name) => name.startsWith(prefix)).map((name) => path.join(parent, name));
  const changed = await Promise.all(
    folders.map(async (folder) => ({ folder, at: (await stat(folder).catch(() => null))?.ctimeMs ?? 0 })),
  );
  return changed.sort((a, b) => b.at - a.at).map(({ folder }) => folder);
}

async function moveIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function exists(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => null)) !== null;
}

function isRaceLost(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST';
}
