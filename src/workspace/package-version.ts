import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** knowhow's version from package.json (two folders up from src/ and from dist/ alike). */
export function packageVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}
