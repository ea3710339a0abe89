import { KnowhowError } from './errors.js';

/** The environment variable that holds the database URL unless `index.urlEnv` names another. */
export const DEFAULT_DATABASE_URL_ENV = 'KNOWHOW_DATABASE_URL';

export interface DatabaseUrlSource {
  /** `index.url` from knowhow.yaml: a URL without a password (the file is committed and shared). */
  url?: string | undefined;
  /** `index.urlEnv`: the variable holding the full URL, password included. */
  urlEnv?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

function parseUrl(value: string, origin: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new KnowhowError('CONFIG_INVALID', `${origin} is not a URL.`, {
      hint: 'Write it as postgres://user@host:5432/database (the password in the environment).',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new KnowhowError('CONFIG_INVALID', `${origin} is a ${parsed.protocol} URL, not postgres://.`, {
      hint: 'Write it as postgres://user@host:5432/database.',
    });
  }
  return parsed;
}

/**
 * The database URL: the environment variable wins (it may carry the password), then
 * `index.url` from the file, which must not: a password in knowhow.yaml would be committed.
 * A password for a file URL comes from PGPASSWORD or ~/.pgpass, which the pg driver reads.
 */
export function resolveDatabaseUrl(source: DatabaseUrlSource): string {
  const variable = source.urlEnv ?? DEFAULT_DATABASE_URL_ENV;
  const fromEnvironment = (source.env ?? process.env)[variable]?.trim();
  if (fromEnvironment) {
    parseUrl(fromEnvironment, `The environment variable ${variable}`);
    return fromEnvironment;
  }
  if (source.url) {
    const parsed = parseUrl(source.url, 'index.url');
    if (parsed.password) {
      throw new KnowhowError('CONFIG_INVALID', 'index.url in knowhow.yaml contains a password.', {
        hint: `Remove it from the file: put the whole URL in ${variable}, or the password in PGPASSWORD.`,
        details: { field: 'index.url' },
      });
    }
    return source.url;
  }
  throw new KnowhowError(
    'CONFIG_INVALID',
    `No PostgreSQL URL: ${variable} is not set and index.url is empty.`,
    {
      hint: `export ${variable}=postgres://user:password@host:5432/database (or set index.url without the password).`,
      details: { field: 'index.url' },
    },
  );
}

/** The URL as it may be shown: the password replaced, everything else kept for diagnosis. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Unparseable: nothing of it can be shown safely.
    return 'postgres://(unparseable URL)';
  }
}
