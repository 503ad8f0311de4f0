// The event bus across nodes: PostgreSQL LISTEN/NOTIFY on one channel, with a JSON payload under the
// 8000-byte limit. Local listeners hear a publish at once; the echo of our own NOTIFY is recognised and dropped.
// Security: payloads come from any client of the database; each is size-checked and validated before use.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { StoreError } from '#core/errors';
import type { Logger } from '#core/log';
import type { ChangeEvent, EventBus } from '../store.ts';
import { assertChangeEvent, parseChangeEvent } from './change-event-message.ts';
import { createLocalEventBus } from './local-event-bus.ts';

/** The one channel every Vercors node listens on. */
export const EVENT_CHANNEL = 'vercors_change';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (the default BLCKSZ); we refuse them on receipt too. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;
/**
 * Publishes waiting for their NOTIFY while the database is slow or away. Beyond this they are dropped with a
 * warning: an event is only a wake-up call, and memory must stay bounded during an outage.
 */
const MAX_PENDING_NOTIFICATIONS = 1000;
/** A server that does not answer within this is down for us: fail at start, retry later (as the database does). */
const CONNECT_TIMEOUT_SECONDS = 10;
/** How long close() lets the last NOTIFYs and the connection end before cutting them off. */
const CLOSE_TIMEOUT_SECONDS = 5;
/** Identifies this bus in its own notifications, so their echo is not delivered twice. */
const ORIGIN_RANDOM_BYTES = 12;
/** Bumped if the envelope ever changes shape, so old and new nodes ignore each other rather than misread. */
const ENVELOPE_VERSION = 1;

export type PostgresEventBusOptions = ({ readonly url: string } | { readonly sql: Sql }) & {
  readonly channel?: string;
  readonly log?: Logger;
};

export async function createPostgresEventBus(options: PostgresEventBusOptions): Promise<EventBus> {
  const log = options.log;
  const channel = options.channel ?? EVENT_CHANNEL;
  const isOwnConnection = 'url' in options;
  // One connection for NOTIFY (postgres.js opens its own dedicated one for LISTEN), so publishes stay in order.
  const sql =
    'url' in options
      ? postgres(options.url, { max: 1, connect_timeout: CONNECT_TIMEOUT_SECONDS, onnotice: () => undefined })
      : options.sql;
  const origin = randomBytes(ORIGIN_RANDOM_BYTES).toString('base64url');
  const local = createLocalEventBus({ log });
  let isClosed = false;
  let pending = 0;
  let lastNotify: Promise<void> = Promise.resolve();
  let hasListened = false;

  const onNotify = (payload: string) => {
    if (isClosed) return;
    const received = parseEnvelope(payload);
    if (received === undefined) {
      log?.warn({ channel, bytes: payload.length }, 'ignored a malformed change notification');
      return;
    }
    if (received.origin !== origin) local.publish(received.event);
  };
  // postgres.js runs this again after it re-listens on a new connection: what was sent meanwhile is lost.
  const onListen = () => {
    if (hasListened)
      log?.info({ channel }, 'event bus listening again; notifications sent meanwhile were missed');
    hasListened = true;
  };

  let listening: Awaited<ReturnType<Sql['listen']>>;
  try {
    listening = await sql.listen(channel, onNotify, onListen);
  } catch (error) {
    if (isOwnConnection) await sql.end({ timeout: 0 });
    throw new StoreError('unavailable', 'event bus: cannot LISTEN on PostgreSQL', { cause: error });
  }

  const notify = async (payload: string, event: ChangeEvent) => {
    try {
      await sql.notify(channel, payload);
    } catch (error) {
      log?.warn({ err: error, accountId: event.accountId }, 'change notification not sent');
    } finally {
      pending -= 1;
    }
  };

  return {
    publish(event) {
      assertChangeEvent(event);
      if (isClosed) return;
      local.publish(event);
      if (pending >= MAX_PENDING_NOTIFICATIONS) {
        log?.warn({ accountId: event.accountId }, 'change notification dropped: too many waiting');
        return;
      }
      const payload = JSON.stringify({ v: ENVELOPE_VERSION, origin, event });
      // Holds by construction (validated ASCII fields, bounded counts); PostgreSQL would refuse it otherwise.
      assert(payload.length <= MAX_NOTIFY_PAYLOAD_BYTES, 'change notification too large');
      pending += 1;
      // Chained, so nodes see one publisher's events in the order it published them.
      lastNotify = lastNotify.then(() => notify(payload, event));
    },
    subscribe(listener) {
      return local.subscribe(listener);
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await local.close();
      // Bounded: during an outage UNLISTEN would wait for a connection that may never come.
      const unlistening = listening
        .unlisten()
        .catch((error: unknown) => log?.warn({ err: error }, 'UNLISTEN failed'));
      await Promise.race([Promise.all([unlistening, lastNotify]), sleep(CLOSE_TIMEOUT_SECONDS * 1000)]);
      if (isOwnConnection) await sql.end({ timeout: CLOSE_TIMEOUT_SECONDS });
    },
  };

  function parseEnvelope(payload: string): { origin: string; event: ChangeEvent } | undefined {
    // Characters never outnumber UTF-8 bytes, so this cheap check is exact for the ASCII we send.
    if (payload.length > MAX_NOTIFY_PAYLOAD_BYTES) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const envelope = value as { v?: unknown; origin?: unknown; event?: unknown };
    if (envelope.v !== ENVELOPE_VERSION || typeof envelope.origin !== 'string') return undefined;
    const event = parseChangeEvent(envelope.event);
    return event === undefined ? undefined : { origin: envelope.origin, event };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
