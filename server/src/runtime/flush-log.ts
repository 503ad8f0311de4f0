// Write out what the logger still buffers before the process exits, without waiting forever on a stuck stdout.

import type { Logger } from '#core/log';

/** A blocked stdout (a full pipe nobody reads) must not keep a stopping process alive. */
const FLUSH_TIMEOUT_MS = 1_000;

export function flushLog(log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    try {
      log.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
