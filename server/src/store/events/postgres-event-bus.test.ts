// The PostgreSQL event bus, on a real server (VERCORS_TEST_POSTGRES_URL): two buses on two connections hear
// each other, each hears its own publish once, and notifications that are not well-formed events are dropped.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test, type TestContext } from 'node:test';
import postgres from 'postgres';
import { StoreError } from '#core/errors';
import { createLogger } from '#core/log';
import type { ChangeEvent, EventBus } from '../store.ts';
import { createPostgresEventBus } from './postgres-event-bus.ts';

const POSTGRES_URL = process.env.VERCORS_TEST_POSTGRES_URL;
const IS_STRICT = process.env.VERCORS_TEST_STRICT === '1';
/** Long enough for a NOTIFY round trip on a loaded machine; every wait below is bounded by it. */
const DELIVERY_TIMEOUT_MS = 5_000;
/** How long to wait before concluding that something was (correctly) not delivered. */
const SILENCE_MS = 300;
/** Polling step of waitFor. */
const POLL_MS = 10;

/** The URL, or skips the test; under VERCORS_TEST_STRICT=1 a missing URL fails it instead. */
function requirePostgres(t: TestContext): string | undefined {
  if (POSTGRES_URL) return POSTGRES_URL;
  if (IS_STRICT) assert.fail('VERCORS_TEST_POSTGRES_URL not set, and VERCORS_TEST_STRICT=1 forbids skipping');
  t.skip('VERCORS_TEST_POSTGRES_URL not set: PostgreSQL event bus not tested');
  return undefined;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function capturedLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

function recorder(bus: EventBus): ChangeEvent[] {
  const seen: ChangeEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  return seen;
}

test('an unreachable server fails with StoreError unavailable', async () => {
  // Port 1 on the loopback: nothing listens there, the connection is refused at once.
  await assert.rejects(
    createPostgresEventBus({ url: 'postgres://nobody@127.0.0.1:1/none' }),
    (error) => error instanceof StoreError && error.code === 'unavailable',
  );
});

describe('PostgreSQL event bus', () => {
  // A channel per run, so concurrent test runs on one server never hear each other.
  const channel = `vercors_test_${randomBytes(6).toString('hex')}`;
  const cleanup: (() => Promise<unknown>)[] = [];
  const open = async (url: string, log?: ReturnType<typeof capturedLog>['log']) => {
    const bus = await createPostgresEventBus({ url, channel, log });
    cleanup.push(() => bus.close());
    return bus;
  };
  let raw: postgres.Sql | undefined;
  before(() => {
    if (POSTGRES_URL) raw = postgres(POSTGRES_URL, { max: 1, onnotice: () => undefined });
  });
  after(async () => {
    for (const close of cleanup.reverse()) await close();
    await raw?.end({ timeout: 5 });
  });

  test('two buses on two connections hear each other, and each hears its own event once', async (t) => {
    const url = requirePostgres(t);
    if (url === undefined) return;
    const a = await open(url);
    const b = await open(url);
    const seenByA = recorder(a);
    const seenByB = recorder(b);
    a.publish({ accountId: 'fromA', modseq: 1, types: ['Email'] });
    assert.deepEqual(
      seenByA,
      [{ accountId: 'fromA', modseq: 1, types: ['Email'] }],
      'own event delivered at once',
    );
    b.publish({ accountId: 'fromB', modseq: 2, types: ['Mailbox'] });
    await waitFor(() => seenByA.length === 2 && seenByB.length === 2, 'both events on both buses');
    await pause(SILENCE_MS);
    const keys = (events: ChangeEvent[]) =>
      events.map((event) => `${event.accountId}:${event.modseq}`).sort();
    assert.deepEqual(keys(seenByA), ['fromA:1', 'fromB:2'], 'no echo of its own NOTIFY');
    assert.deepEqual(keys(seenByB), ['fromA:1', 'fromB:2']);
  });

  test("one publisher's events arrive in the order it published them", async (t) => {
    const url = requirePostgres(t);
    if (url === undefined) return;
    const a = await open(url);
    const b = await open(url);
    const seenByB = recorder(b);
    for (let modseq = 1; modseq <= 30; modseq += 1)
      a.publish({ accountId: 'ordered', modseq, types: ['Email'] });
    await waitFor(() => seenByB.length === 30, '30 events');
    assert.deepEqual(
      seenByB.map((event) => event.modseq),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  test('notifications that are not well-formed events are logged and dropped', async (t) => {
    const url = requirePostgres(t);
    if (url === undefined || raw === undefined) return;
    const { log, lines } = capturedLog();
    const b = await open(url, log);
    const seenByB = recorder(b);
    const valid = { accountId: 'ok', modseq: 9, types: ['Email'] };
    const payloads = [
      'not json',
      '[]',
      JSON.stringify({ v: 2, origin: 'x', event: valid }),
      JSON.stringify({ v: 1, event: valid }),
      JSON.stringify({ v: 1, origin: 'x', event: { ...valid, accountId: '../../etc' } }),
      JSON.stringify({ v: 1, origin: 'x', event: { ...valid, modseq: -4 } }),
    ];
    for (const payload of payloads) await raw.notify(channel, payload);
    await raw.notify(channel, JSON.stringify({ v: 1, origin: 'elsewhere', event: valid }));
    await waitFor(() => seenByB.length === 1, 'the one valid notification');
    assert.deepEqual(seenByB, [valid]);
    await waitFor(() => lines.filter((line) => line.level === 'warn').length === payloads.length, 'warnings');
  });

  test('a bus built on a caller-owned connection leaves it open on close', async (t) => {
    const url = requirePostgres(t);
    if (url === undefined) return;
    const sql = postgres(url, { max: 2, onnotice: () => undefined });
    try {
      const shared = await createPostgresEventBus({ sql, channel });
      const other = await open(url);
      const seen = recorder(shared);
      other.publish({ accountId: 'viaShared', modseq: 1, types: ['Email'] });
      await waitFor(() => seen.length === 1, 'the event on the shared-connection bus');
      await shared.close();
      const [row] = await sql`select 1 as one`;
      assert.equal(row?.one, 1);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  test('after close a bus delivers nothing', async (t) => {
    const url = requirePostgres(t);
    if (url === undefined) return;
    const a = await open(url);
    const b = await open(url);
    const seenByB = recorder(b);
    await b.close();
    a.publish({ accountId: 'late', modseq: 1, types: ['Email'] });
    b.publish({ accountId: 'late', modseq: 2, types: ['Email'] });
    await pause(SILENCE_MS);
    assert.deepEqual(seenByB, []);
  });

  test('a malformed event is refused at publish', async (t) => {
    const url = requirePostgres(t);
    if (url === undefined) return;
    const a = await open(url);
    assert.throws(() => a.publish({ accountId: 'a b', modseq: 1, types: [] }), assert.AssertionError);
  });
});
