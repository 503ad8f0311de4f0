// The command rate of one session (issue 4; imap.max-commands-per-minute): commands are counted over a sliding
// minute (#core/window-counter, as SMTP counts its replies). Up to the limit they run at once. Past it each
// command first waits, longer the further past (a tarpit, bounded by COMMAND_TARPIT_MAX_MS): a sync client in
// a burst slows down to about the limit and finishes, where a cut would make it reconnect and start over.
// Past twice the limit the session ends: the wait did not hold the client back.
// Commands run one at a time, so the wait holds the next ones back too; they queue in the kernel (the reader
// pauses the socket), not in our memory.

import type { Clock } from '#core/clock';
import { createWindowCounter } from '#core/window-counter';
import { COMMAND_TARPIT_MAX_MS } from './session-limits.ts';

const WINDOW_MS = 60_000;

/** Run now (waitMs 0), after waitMs, or not at all: say BYE. */
export type PacingDecision = { readonly kind: 'run'; readonly waitMs: number } | { readonly kind: 'stop' };

export interface CommandPacer {
  /** Count one command and say when it may run. */
  next(): PacingDecision;
}

export function createCommandPacer(options: {
  readonly maxPerMinute: number;
  readonly clock: Clock;
}): CommandPacer {
  const { maxPerMinute } = options;
  const counter = createWindowCounter({ windowMs: WINDOW_MS, maxKeys: 1, clock: options.clock });
  return {
    next() {
      const count = counter.add('');
      if (count <= maxPerMinute) return { kind: 'run', waitMs: 0 };
      if (count > 2 * maxPerMinute) return { kind: 'stop' };
      // 0 at the limit, the bound at twice the limit: at 6,000 a minute a client settles about 1 % over it
      // (the wait then equals its spacing of 10 ms); at 60, below 1.7 times.
      const excess = (count - maxPerMinute) / maxPerMinute;
      return { kind: 'run', waitMs: Math.max(1, Math.ceil(COMMAND_TARPIT_MAX_MS * excess)) };
    },
  };
}
