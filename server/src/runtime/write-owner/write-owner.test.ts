// The write owner and its clients over a real Unix socket, with a stand-in mail service: what is forwarded, how
// errors cross, and what happens when the owner is absent, stopping, or goes away with a call in flight.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DomainError, StoreError } from '#core/errors';
import { silentLogger } from '#core/log';
import { createMetricsRegistry, type MetricsRegistry } from '#core/metrics';
import type { MailService } from '#domain/mail';
import { encodeFrame } from './owner-frames.ts';
import { FORWARDED_CALLS, type ForwardedCall } from './owner-calls.ts';
import { connectWriteOwner, forwardSmallWrites, startWriteOwner, type WriteOwnerClient } from './index.ts';

const log = silentLogger();
let root = '';
let socketNumber = 0;
const nextPath = () => join(root, `run-${++socketNumber}`, 'owner.sock');

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-owner-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the stand-in answers by default: a keyword update for keyword calls, a UID mapping or expunge otherwise. */
function defaultAnswer(call: ForwardedCall): Promise<unknown> {
  if (call === 'moveEmails' || call === 'copyEmails')
    return Promise.resolve({
      uidValidity: 3,
      modseq: 8,
      mapping: [{ emailId: 'e1', uid: 1, targetUid: 40 }],
      notFound: [],
    });
  if (call === 'expunge') return Promise.resolve({ modseq: 9, expunged: [1] });
  return Promise.resolve({
    modseq: 7,
    updated: [{ emailId: 'e1', uid: 1, keywords: ['$seen'] }],
    modified: [],
    notFound: [],
  });
}

/** A mail service whose forwardable calls are recorded and answered by `answer` (the owner's or the caller's own). */
function standInMail(
  name: string,
  answer: (call: ForwardedCall, args: readonly unknown[]) => Promise<unknown> = defaultAnswer,
) {
  const calls: { by: string; call: ForwardedCall; args: readonly unknown[] }[] = [];
  const handler =
    (call: ForwardedCall) =>
    (...args: readonly unknown[]) => {
      calls.push({ by: name, call, args });
      return answer(call, args);
    };
  const mail = {
    ...Object.fromEntries(FORWARDED_CALLS.map((call) => [call, handler(call)])),
    listMailboxes: () => Promise.resolve([]),
  } as unknown as MailService;
  return { mail, calls };
}

/** Poll (bounded) until the client says it is connected. */
async function connected(client: WriteOwnerClient, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!client.isConnected()) {
    if (Date.now() > until) throw new Error('the client did not connect');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function outcomes(registry: MetricsRegistry): Promise<Record<string, number>> {
  const family = (await registry.collect()).find((f) => f.name === 'vercors_forwarded_writes_total');
  return Object.fromEntries((family?.samples ?? []).map((s) => [String(s.labels.outcome), s.value ?? 0]));
}

const selection = { mailboxId: 'mbx-1', uids: [1] };
/** Far longer than any answer of these tests takes, except the one that never comes. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * An owner on a fresh path with a stand-in mail service answering `ownerAnswer`, a client connected to it, and
 * the forwarding mail service over a stand-in of the caller's own.
 */
async function ownerAndCaller(
  ownerAnswer?: (call: ForwardedCall, args: readonly unknown[]) => Promise<unknown>,
) {
  const path = nextPath();
  const owner = standInMail('owner', ownerAnswer);
  const server = await startWriteOwner({ path, mail: owner.mail, log });
  const registry = createMetricsRegistry();
  const client = connectWriteOwner({ path, log, registry, callTimeoutMs: CALL_TIMEOUT_MS });
  const local = standInMail('local');
  const mail = forwardSmallWrites(local.mail, client);
  await connected(client);
  return { path, owner, server, registry, client, local, mail };
}

test('a keyword change of another worker runs in the owner, and its answer comes back', async () => {
  const { path, owner, server, registry, client, local, mail } = await ownerAndCaller();
  try {
    assert.equal(((await stat(join(path, '..'))).mode & 0o777).toString(8), '700');
    const update = await mail.addKeywords('acc-1', selection, ['$seen'], { ifUnchangedSince: 5 });
    assert.deepEqual(update, {
      modseq: 7,
      updated: [{ emailId: 'e1', uid: 1, keywords: ['$seen'] }],
      modified: [],
      notFound: [],
    });
    await mail.removeKeywords('acc-1', { emailIds: ['e1'] }, ['$flagged']);
    await mail.setKeywords('acc-1', selection, []);
    assert.deepEqual(
      owner.calls.map(({ call, args }) => [call, ...args]),
      [
        ['addKeywords', 'acc-1', selection, ['$seen'], { ifUnchangedSince: 5 }],
        ['removeKeywords', 'acc-1', { emailIds: ['e1'] }, ['$flagged'], {}],
        ['setKeywords', 'acc-1', selection, [], {}],
      ],
    );
    assert.equal(local.calls.length, 0);
    // Every other method is the worker's own.
    assert.deepEqual(await mail.listMailboxes('acc-1'), []);
    assert.deepEqual(await outcomes(registry), { forwarded: 3 });
  } finally {
    client.close();
    await server.close();
  }
});

test('moves, copies and expunges are forwarded too, with their answers', async () => {
  const { owner, server, client, local, mail } = await ownerAndCaller();
  try {
    const moved = await mail.moveEmails('acc-1', selection, 'mbx-trash');
    assert.deepEqual(moved.mapping, [{ emailId: 'e1', uid: 1, targetUid: 40 }]);
    assert.equal((await mail.copyEmails('acc-1', { emailIds: ['e1'] }, 'mbx-2')).uidValidity, 3);
    assert.deepEqual(await mail.expunge('acc-1', 'mbx-1', [1, 2]), { modseq: 9, expunged: [1] });
    // Too many UIDs to forward: expunged where it was asked.
    const many = Array.from({ length: 501 }, (_, i) => i + 1);
    await mail.expunge('acc-1', 'mbx-1', many);
    assert.deepEqual(
      owner.calls.map(({ call, args }) => [call, ...args]),
      [
        ['moveEmails', 'acc-1', selection, 'mbx-trash'],
        ['copyEmails', 'acc-1', { emailIds: ['e1'] }, 'mbx-2'],
        ['expunge', 'acc-1', 'mbx-1', [1, 2]],
      ],
    );
    assert.deepEqual(
      local.calls.map(({ call, args }) => [call, (args[2] as number[]).length]),
      [['expunge', 501]],
    );
  } finally {
    client.close();
    await server.close();
  }
});

test("the owner's refusals reach the caller as the same error classes and codes", async () => {
  const { server, client, mail } = await ownerAndCaller((call) => {
    if (call === 'addKeywords')
      return Promise.reject(
        new DomainError('notFound', 'no mailbox mbx-1', {
          details: { subject: 'mailbox', name: 'mbx-1' },
        }),
      );
    if (call === 'removeKeywords') return Promise.reject(new StoreError('busy', 'database is locked'));
    return Promise.reject(new TypeError('a bug in the owner'));
  });
  try {
    await assert.rejects(
      mail.addKeywords('acc-1', selection, ['$seen']),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'notFound' &&
        error.details.subject === 'mailbox' &&
        error.details.name === 'mbx-1',
    );
    await assert.rejects(
      mail.removeKeywords('acc-1', selection, ['$seen']),
      (error: unknown) => error instanceof StoreError && error.code === 'busy',
    );
    await assert.rejects(
      mail.setKeywords('acc-1', selection, ['$seen']),
      (error: unknown) =>
        !(error instanceof DomainError) &&
        !(error instanceof StoreError) &&
        /a bug in the owner/.test(`${error}`),
    );
  } finally {
    client.close();
    await server.close();
  }
});

test('with no owner listening, or a selection too big to forward, the call runs where it was asked', async () => {
  const path = nextPath();
  const registry = createMetricsRegistry();
  const client = connectWriteOwner({ path, log, registry, callTimeoutMs: CALL_TIMEOUT_MS });
  const local = standInMail('local');
  const mail = forwardSmallWrites(local.mail, client);
  try {
    await mail.addKeywords('acc-1', selection, ['$seen']);
    assert.equal(local.calls.length, 1);

    const owner = standInMail('owner');
    const server = await startWriteOwner({ path, mail: owner.mail, log });
    try {
      await connected(client);
      const many = { mailboxId: 'mbx-1', uids: Array.from({ length: 501 }, (_, i) => i + 1) };
      await mail.addKeywords('acc-1', many, ['$seen']);
      await mail.addKeywords('acc-1', selection, ['$seen']);
      assert.deepEqual(
        local.calls.map((c) => c.args[1]),
        [selection, many],
      );
      assert.deepEqual(
        owner.calls.map((c) => c.args[1]),
        [selection],
      );
    } finally {
      await server.close();
    }
    assert.deepEqual(await outcomes(registry), { local: 2, forwarded: 1 });
  } finally {
    client.close();
  }
});

test('a call the owner would refuse as malformed runs where it was asked, and the connection stays', async () => {
  const { owner, server, client, local, mail } = await ownerAndCaller();
  try {
    const tooLong = 'k'.repeat(300);
    await mail.addKeywords('acc-1', selection, [tooLong]);
    assert.deepEqual(
      local.calls.map(({ call, args }) => [call, args[2]]),
      [['addKeywords', [tooLong]]],
    );
    assert.equal((await mail.addKeywords('acc-1', selection, ['$seen'])).modseq, 7);
    assert.equal(owner.calls.length, 1);
    assert.equal(client.isConnected(), true);
  } finally {
    client.close();
    await server.close();
  }
});

test('a stopping owner answers its calls in flight, and later ones run where they were asked', async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const { owner, server, client, local, mail } = await ownerAndCaller(async () => {
    await held;
    return { modseq: 11, updated: [], modified: [], notFound: [] };
  });
  try {
    const inFlight = mail.addKeywords('acc-1', selection, ['$seen']);
    // Once the owner has the first call, it starts stopping.
    while (owner.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = server.close();
    const later = await mail.addKeywords('acc-1', selection, ['$flagged']);
    assert.equal(later.modseq, 7, 'the caller ran it');
    assert.deepEqual(
      local.calls.map((c) => c.args[2]),
      [['$flagged']],
    );
    release();
    assert.equal((await inFlight).modseq, 11);
    await closing;
    assert.equal(owner.calls.length, 1);
  } finally {
    client.close();
  }
});

test('a call in flight when the owner goes away fails as unavailable and is not run again', async () => {
  const path = nextPath();
  // An owner that takes the call and dies before answering: the change may or may not have been made.
  await mkdir(join(path, '..'), { recursive: true });
  const dying = createServer((socket) => socket.once('data', () => socket.destroy()));
  await new Promise<void>((resolve) => dying.listen(path, resolve));
  const registry = createMetricsRegistry();
  const client = connectWriteOwner({ path, log, registry, callTimeoutMs: CALL_TIMEOUT_MS });
  const local = standInMail('local');
  const mail = forwardSmallWrites(local.mail, client);
  try {
    await connected(client);
    await assert.rejects(
      mail.addKeywords('acc-1', selection, ['$seen']),
      (error: unknown) => error instanceof StoreError && error.code === 'unavailable',
    );
    assert.equal(local.calls.length, 0);
    assert.deepEqual(await outcomes(registry), { failed: 1 });
  } finally {
    client.close();
    await new Promise((resolve) => dying.close(resolve));
  }
});

test('a client reconnects to an owner that comes back on the same path', async () => {
  const path = nextPath();
  const first = standInMail('first');
  let server = await startWriteOwner({ path, mail: first.mail, log });
  const client = connectWriteOwner({ path, log, callTimeoutMs: CALL_TIMEOUT_MS });
  const local = standInMail('local');
  const mail = forwardSmallWrites(local.mail, client);
  try {
    await connected(client);
    await mail.addKeywords('acc-1', selection, ['$seen']);
    await server.close();
    const until = Date.now() + 5_000;
    while (client.isConnected() && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(client.isConnected(), false);
    await mail.addKeywords('acc-1', selection, ['$seen']);
    const second = standInMail('second');
    server = await startWriteOwner({ path, mail: second.mail, log });
    await connected(client);
    await mail.addKeywords('acc-1', selection, ['$seen']);
    assert.deepEqual([first.calls.length, local.calls.length, second.calls.length], [1, 1, 1]);
  } finally {
    client.close();
    await server.close();
  }
});

test('the owner drops a connection that sends a bad frame, and keeps serving the others', async () => {
  const { path, owner, server, client, mail } = await ownerAndCaller();
  try {
    const rogue = connect(path);
    const closed = new Promise<void>((resolve) => rogue.on('close', () => resolve()));
    rogue.on('error', () => undefined);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(64 * 1024 * 1024);
    rogue.write(header);
    await closed;
    await connected(client);
    assert.equal((await mail.addKeywords('acc-1', selection, ['$seen'])).modseq, 7);
    assert.equal(owner.calls.length, 1);
  } finally {
    client.close();
    await server.close();
  }
});

test('a call the owner never answers fails as unavailable after the call timeout, and is not run again', async () => {
  const path = nextPath();
  await mkdir(join(path, '..'), { recursive: true });
  // An owner whose event loop is stuck: it takes the call and says nothing.
  const silent = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => silent.listen(path, resolve));
  const registry = createMetricsRegistry();
  const client = connectWriteOwner({ path, log, registry, callTimeoutMs: 100 });
  const local = standInMail('local');
  const mail = forwardSmallWrites(local.mail, client);
  try {
    await connected(client);
    const started = Date.now();
    await assert.rejects(
      mail.addKeywords('acc-1', selection, ['$seen']),
      (error: unknown) => error instanceof StoreError && error.code === 'unavailable',
    );
    assert.ok(Date.now() - started >= 90, 'it waited for the timeout');
    assert.equal(local.calls.length, 0);
    assert.deepEqual(await outcomes(registry), { failed: 1 });
    // A late answer would be ignored; the connection itself stays up.
    assert.equal(client.isConnected(), true);
  } finally {
    client.close();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('the owner drops a caller that stops reading its answers', async () => {
  const path = nextPath();
  const owner = standInMail('owner');
  const server = await startWriteOwner({ path, mail: owner.mail, log, maxUnreadBytes: 4096 });
  try {
    const reader = connect(path);
    reader.on('error', () => undefined);
    await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
    // It sends calls and never reads: the answers pile up in the owner's socket buffers, then past the bound.
    reader.pause();
    const closed = new Promise<void>((resolve) => reader.once('close', () => resolve()));
    const call = (id: number) =>
      encodeFrame({ id, call: 'addKeywords', args: ['acc-1', selection, ['$seen'], {}] });
    for (let id = 1; id <= 20_000 && !reader.destroyed; id++) {
      reader.write(call(id));
      if (id % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await closed;
    assert.ok(owner.calls.length > 0 && owner.calls.length < 20_000, `${owner.calls.length} calls ran`);
  } finally {
    await server.close();
  }
});
