import { KnowhowError } from '../../core/errors.js';

/**
 * Packages knowhow can run without (package.json peerDependencies, optional): node-llama-cpp is 669 MB
 * with its CUDA and Vulkan binaries, which a user of remote models or the extractive answerer
 * never loads, so a plain `npm install` leaves it out. Using what needs it then fails with
 * the install command instead of Node's bare ERR_MODULE_NOT_FOUND.
 */
export interface OptionalPackage {
  /** The npm package name, e.g. `node-llama-cpp`. */
  name: string;
  /** What the user configured that needs it, e.g. "a local (llama-cpp) model". */
  neededFor: string;
}

/** Whether `error` is Node failing to find `name` itself (not one of its own dependencies or files). */
export function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && message.includes(`'${name}'`);
}

export function missingPackageError(optional: OptionalPackage, cause?: unknown): KnowhowError {
  return new KnowhowError(
    'PROVIDER_CONFIG',
    `${optional.neededFor} needs the optional package ${optional.name}, which is not installed.`,
    {
      hint: `Run \`npm install ${optional.name}\` in the folder knowhow is installed in (an optional peer dependency, left out of a plain install), or configure a remote model instead.`,
      details: { package: optional.name },
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

/** Runs `load` (a dynamic import of the package) and turns "not installed" into PROVIDER_CONFIG naming the install command. */
export async function importOptional<T>(optional: OptionalPackage, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, optional.name)) throw missingPackageError(optional, error);
    throw error;
  }
}

export const nodeLlamaCpp: OptionalPackage = {
  name: 'node-llama-cpp',
  neededFor: 'A local (llama-cpp) model',
};
