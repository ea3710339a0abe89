import { fieldError } from './error-response.js';

const MAX_SEGMENT = 255;
const MAX_PATH = 1024;

/**
 * An uploaded file's name as a safe relative path (its document id), or a 400 naming it.
 * Backslashes count as separators (Windows clients), so `..\\x` is caught like `../x`.
 */
export function toUploadPath(name: string, param: string): string {
  const reject = (why: string): never => {
    throw fieldError(
      'INPUT_INVALID',
      param,
      `The file name ${JSON.stringify(name.slice(0, 200))} ${why}.`,
      'Send relative names such as "billing/refunds.md": no "..", no leading "/", no drive letters or control characters.',
    );
  };
  if (name.length === 0) reject('is empty');
  if (/[\u0000-\u001f\u007f]/.test(name)) reject('contains a control character');
  const normalized = name.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) reject('is an absolute path');
  const segments = normalized.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) reject('climbs out of the upload folder ("..")');
  if (segments.length === 0) reject('names no file');
  if (segments.some((segment) => segment.length > MAX_SEGMENT))
    reject('has a part longer than 255 characters');
  const relative = segments.join('/');
  if (relative.length > MAX_PATH) reject('is longer than 1024 characters');
  return relative;
}
