// Where the write owner listens: a folder of the data folder that only the server's user may open, so being
// able to connect is the caller's credential, as being able to open the database is.

import { join } from 'node:path';

/** sun_path holds 108 bytes on Linux, its terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;

/** The owner's socket path for a data folder, or undefined when it is too long to be a socket address. */
export function writeOwnerSocketPath(dataDir: string): string | undefined {
  const path = join(dataDir, 'run', 'write-owner.sock');
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES ? path : undefined;
}
