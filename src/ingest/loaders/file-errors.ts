import type { ErrorCode } from '../../core/error-codes.js';

export interface FileErrorDescription {
  code: ErrorCode;
  reason: string;
  hint: string;
}

/**
 * Turns a file-system error into words a user can act on. There is no dedicated error code for
 * permissions: an unreadable file is reported as INPUT_INVALID with a reason that says so.
 */
export function describeFileError(error: unknown, what: 'file' | 'folder' = 'file'): FileErrorDescription {
  const errno =
    typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  const skip = `or add it to ingest.exclude in knowhow.yaml`;
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return {
        code: 'INPUT_NOT_FOUND',
        reason: `${what} not found (it was removed during the run, or a symlink points at nothing)`,
        hint: `Check the path, fix or remove the link, ${skip}.`,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'INPUT_INVALID',
        reason: `permission denied: the ${what} is not readable by this user`,
        hint:
          what === 'file'
            ? `Give read access (chmod a+r) ${skip}.`
            : `Give read and search access (chmod a+rx) ${skip}.`,
      };
    case 'ELOOP':
      return {
        code: 'INPUT_INVALID',
        reason: 'symlink loop: the link resolves back to itself',
        hint: `Fix the link ${skip}.`,
      };
    case 'EISDIR':
      return {
        code: 'INPUT_INVALID',
        reason: 'is a folder, not a file',
        hint: `Name the folder itself ${skip}.`,
      };
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return {
        code: 'INPUT_INVALID',
        reason: `cannot read the ${what}: ${message}`,
        hint: `Check the ${what} ${skip}.`,
      };
    }
  }
}
