// Events that change nothing (a failed login, a refused activation code) are written after the answer, not
// before it. They are audited only for accounts that exist, so a write on the response path would make a
// wrong password for a real address measurably slower than one for an invented address — telling an attacker
// which addresses exist. Deferred, both answers take the same time (one argon2 verification); the events are
// batched into one transaction per drain, which also keeps a credential-stuffing flood off the single writer.
// Bounded: past MAX_PENDING_EVENTS waiting events, new ones are dropped and counted in the log (the fail2ban
// line of each failure is written anyway, by the protocol).

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import type { AuditEventInput } from './audit-event.ts';
import { recordAuditEvent } from './audit-log.ts';

export const MAX_PENDING_EVENTS = 10_000;
/** Events written per transaction. */
const BATCH = 200;

export interface AuditBacklog {
  /** Queue `event`; it is written shortly, in order, without the caller waiting. */
  defer(event: AuditEventInput): void;
  /** Resolves once every event deferred so far is written (tests, shutdown). */
  settle(): Promise<void>;
}

export function createAuditBacklog({
  database,
  clock,
  log,
  maxPending = MAX_PENDING_EVENTS,
}: {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** Tests set a small one. */
  readonly maxPending?: number;
}): AuditBacklog {
  let pending: AuditEventInput[] = [];
  let draining: Promise<void> | undefined;
  let dropped = 0;

  const drain = async () => {
    while (pending.length > 0) {
      const batch = pending.slice(0, BATCH);
      pending = pending.slice(batch.length);
      try {
        await database.write(async (tx) => {
          for (const event of batch) await recordAuditEvent(tx, clock, event);
        });
      } catch (error) {
        // Never thrown at a caller who has already had their answer: said in the log instead.
        log.error({ err: error, events: batch.length }, 'deferred audit events could not be written');
      }
    }
    if (dropped > 0) {
      log.error({ dropped }, 'audit backlog was full: events dropped');
      dropped = 0;
    }
  };

  const start = () => {
    draining ??= drain().finally(() => {
      draining = undefined;
      // Deferred while the last batch was being written.
      if (pending.length > 0) start();
    });
  };

  return {
    defer(event) {
      if (pending.length >= maxPending) {
        dropped++;
        return;
      }
      pending.push(event);
      // On a later turn of the event loop: the caller's answer is sent before the write begins.
      if (pending.length === 1) setImmediate(start);
    },
    async settle() {
      for (let round = 0; round < 1000 && (draining !== undefined || pending.length > 0); round++) {
        if (draining === undefined) start();
        await draining;
      }
    },
  };
}
