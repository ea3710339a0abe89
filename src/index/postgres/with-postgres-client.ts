import pg from 'pg';
import { redactDatabaseUrl } from '../../core/database-url.js';
import { wrapError } from './postgres-errors.js';

/**
 * Runs `work` on a connection of its own, outside any store's pool (dropping or renaming a
 * schema), and ends it afterwards; a failure is reported as `message` with the URL redacted.
 */
export async function withPostgresClient<T>(
  options: { url: string; applicationName: string; message: string },
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: options.url, application_name: options.applicationName });
  // A server that ends the session (a restart) emits 'error' on an idle client: the statement fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw wrapError(error, redactDatabaseUrl(options.url), options.message);
  } finally {
    await client.end().catch(() => {});
  }
}
