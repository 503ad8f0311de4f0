// Which role a worker takes towards the write owner, and where the owner listens: a folder of the data folder
// that only the server's user may open, so being able to connect is the caller's credential, as being able to
// open the database is.

import { join } from 'node:path';

/** sun_path holds 108 bytes on Linux, its terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;

export type WriteOwnerRole =
  /** Listen, and run the other workers' small mail writes. */
  | { readonly kind: 'owner'; readonly path: string }
  /** Send small mail writes to the owner at `path`. */
  | { readonly kind: 'client'; readonly path: string }
  /** Write everything here: PostgreSQL, or a data folder whose socket path would be too long. */
  | { readonly kind: 'none'; readonly reason: 'postgres' | 'pathTooLong' };

/**
 * PostgreSQL's writers are independent connections: nothing to gain there. On SQLite the owner is `ownerSlot`
 * (the worker that already runs the node's checkpoints and maintenance) and every other worker its client.
 */
export function writeOwnerRole(options: {
  readonly dialect: string;
  readonly dataDir: string;
  readonly slot: number;
  readonly ownerSlot: number;
}): WriteOwnerRole {
  if (options.dialect !== 'sqlite') return { kind: 'none', reason: 'postgres' };
  const path = join(options.dataDir, 'run', 'write-owner.sock');
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) return { kind: 'none', reason: 'pathTooLong' };
  return { kind: options.slot === options.ownerSlot ? 'owner' : 'client', path };
}
