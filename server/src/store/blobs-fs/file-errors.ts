// File-system failures seen from the blob store: a missing file is absence, anything else is the store failing.

import { StoreError } from '#core/errors';

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Wrap an unexpected file-system error for the domain layer (the disk is full, gone or read-only). */
export function storeUnavailable(action: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError('unavailable', `blob store: cannot ${action}`, { cause: error });
}
