import { KnowhowError } from '../core/errors.js';

/**
 * An index that another process rebuilt while this one had it open, under settings this one
 * cannot use (another embedding model or language). The compatibility check's own hint, "run
 * `knowhow ingest --rebuild`", is wrong here: the index was just rebuilt, and it is this process
 * that still holds the settings it started with.
 */
export function refusedAfterRebuild(error: KnowhowError): KnowhowError {
  return new KnowhowError(error.code, `${error.message} It was rebuilt while this process had it open.`, {
    hint:
      'Restart this process (`knowhow serve`, or a workspace your code opened) with the knowhow.yaml the ' +
      'index was rebuilt under; if that rebuild was the mistake, rebuild under this one: ' +
      '`knowhow ingest --rebuild <paths>`.',
    details: error.details,
    cause: error,
  });
}
