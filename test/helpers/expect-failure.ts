import { KnowhowError } from '../../src/core/errors.js';

/** The KnowhowError a call ends with; a call that succeeds, or fails otherwise, fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<KnowhowError> {
  try {
    await promise;
  } catch (error) {
    if (KnowhowError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
