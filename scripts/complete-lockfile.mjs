/**
 * Adds to package-lock.json the platform packages that `npm install` left out, so that `npm ci`
 * accepts the lock on every machine. Run it after any `npm install` that changes the lock:
 * `node scripts/complete-lockfile.mjs` (it prints what it added; a second run adds nothing).
 *
 * Why: the registry our machines and CI reach does not hold every platform's build of every
 * version (2026-12-05: `@lancedb/lancedb-darwin-arm64` stops at 0.31.0 there while we use
 * 0.37.1; `@node-llama-cpp/mac-arm64-metal` and the other non-Linux builds stop at 3.21.1 while
 * we use 3.22.1). npm 11 marks an optional package it cannot fetch as inert and writes no lock
 * entry for it, and then `npm ci` (11.19.1) rebuilds the tree, finds the same inert packages and
 * refuses the lock: "Missing: @lancedb/lancedb-darwin-arm64@ from lock file" (npm/cli#9846; the
 * fix, npm/cli#9850, is not released).
 *
 * Each missing package gets the entry npm writes for a package of another platform: its version,
 * `optional`, `os`/`cpu`/`libc` so that npm skips it where it does not fit, license and engines.
 * Where the registry has that version, the entry is copied from it, integrity included. Where it
 * does not, the platform fields come from the newest version the registry has, and the entry has
 * no integrity: a machine whose registry has the package then installs it by name and version,
 * unchecked against a hash we could not know.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = path.join(root, 'package-lock.json');
const exactVersion = /^\d+\.\d+\.\d+(?:-[\w.]+)?$/;

/** `npm view` as JSON, or null where the registry has no such package or version. */
async function viewPackage(spec) {
  try {
    const { stdout } = await run('npm', ['view', spec, '--json'], { cwd: root, maxBuffer: 64 << 20 });
    const manifest = JSON.parse(stdout);
    return Array.isArray(manifest) ? (manifest.at(-1) ?? null) : manifest;
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (output.includes('E404')) return null;
    throw error;
  }
}

/** Whether `name` resolves from the package at `location`, as Node's lookup walks up the folders. */
function resolves(packages, location, name) {
  let folder = location;
  for (;;) {
    const candidate = folder === '' ? `node_modules/${name}` : `${folder}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return true;
    if (folder === '') return false;
    const parent = folder.lastIndexOf('/node_modules/');
    folder = parent === -1 ? '' : folder.slice(0, parent);
  }
}

async function describeMissing(name, version, parent) {
  const exact = await viewPackage(`${name}@${version}`);
  const manifest = exact ?? (await viewPackage(name));
  if (manifest === null) throw new Error(`${name}: the registry has no version of it at all`);
  const entry = { version };
  if (exact?.dist?.integrity) entry.integrity = exact.dist.integrity;
  if (manifest.cpu) entry.cpu = manifest.cpu;
  if (parent.dev) entry.dev = true;
  if (manifest.libc) entry.libc = manifest.libc;
  if (manifest.license) entry.license = manifest.license;
  entry.optional = true;
  if (manifest.os) entry.os = manifest.os;
  if (manifest.engines) entry.engines = manifest.engines;
  const source = exact ? 'from the registry' : `platform fields of ${manifest.version}, no integrity`;
  return { entry, source };
}

const lock = JSON.parse(await readFile(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, parent] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(parent.optionalDependencies ?? {})) {
    if (resolves(packages, location, name)) continue;
    if (!exactVersion.test(version)) {
      throw new Error(`${location}: optional ${name}@${version} is missing and not pinned; run npm install`);
    }
    const { entry, source } = await describeMissing(name, version, parent);
    packages[`node_modules/${name}`] = entry;
    console.log(`added node_modules/${name}@${version} (${source}), optional for ${location}`);
    added++;
  }
}
// npm keeps the entries sorted by location; so do we, so that a later npm install changes nothing.
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
);
await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} lock entries added`);
