import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../core/errors.js';

/** What scripts/build-client.mjs writes: each page's bundled script and stylesheet. */
export type ClientAsset = 'report.js' | 'report.css' | 'dashboard.js' | 'dashboard.css';

// This file sits two levels under the package root both as src/report/*.ts (tests) and as
// dist/report/*.js (installed), so the bundle folder is found the same way from either.
const clientDirectory = new URL('../../dist/client/', import.meta.url);
const cache = new Map<ClientAsset, string>();

/**
 * A page's bundled browser code or CSS, read once. These are build outputs of the package, not
 * user data: a missing one means the build did not run.
 */
export function readClientAsset(name: ClientAsset): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const file = new URL(name, clientDirectory);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new KnowhowError('INTERNAL', `The page bundle ${fileURLToPath(file)} is missing.`, {
      hint: 'Run `npm run build` in the knowhow package (npm install runs it).',
    });
  }
  // Inlined in a <script> or <style> element, these sequences would end it early.
  const closing = name.endsWith('.js') ? /<\/script|<!--/i : /<\/style/i;
  if (closing.test(text)) {
    throw new KnowhowError('INTERNAL', `The page bundle ${fileURLToPath(file)} cannot be inlined.`, {
      hint: 'It contains a sequence that would close its element; rebuild with `npm run build`.',
    });
  }
  cache.set(name, text);
  return text;
}
