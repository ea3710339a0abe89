import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The example help centre shipped in the package: what `knowhow demo` and `bench eval` run on. */
export const bundledExample = path.join(packageRoot, 'examples', 'helpdesk');
