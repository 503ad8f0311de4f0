// The write owner's pieces that need no socket: frames, the calls and answers on the wire, and which worker
// takes which role.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError, ParseError, StoreError } from '#core/errors';
import { encodeFrame, FrameReader } from './owner-frames.ts';
import { writeOwnerRole } from './owner-role.ts';
import { MAX_FORWARDED_EMAILS } from './owner-calls.ts';
import { errorFromWire, errorToWire, parseAnswer, parseRequest } from './owner-wire.ts';

test('frames split anywhere, or several in one chunk, decode to the values sent', () => {
  const values = [{ id: 1, call: 'addKeywords' }, { text: 'Boîte de réception — été' }, [1, 2, 3]];
  const bytes = Buffer.concat(values.map((value) => encodeFrame(value)));
  const byteByByte = new FrameReader();
  const decoded = [...bytes].flatMap((byte) => byteByByte.push(Buffer.from([byte])));
  assert.deepEqual(decoded, values);
  assert.deepEqual(new FrameReader().push(bytes), values);
  const halves = new FrameReader();
  const cut = 7;
  assert.deepEqual([...halves.push(bytes.subarray(0, cut)), ...halves.push(bytes.subarray(cut))], values);
});

test('a frame over the bound is refused from its length, before its body is buffered', () => {
  assert.throws(
    () => encodeFrame({ text: 'x'.repeat(100) }, 64),
    (error: unknown) => error instanceof ParseError && error.code === 'frameTooBig',
  );
  const reader = new FrameReader(64);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(65);
  assert.throws(
    () => reader.push(header),
    (error: unknown) => error instanceof ParseError && error.code === 'frameTooBig',
  );
});

test('a frame that is not JSON is refused', () => {
  const body = Buffer.from('{"id":', 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  assert.throws(
    () => new FrameReader().push(Buffer.concat([header, body])),
    (error: unknown) => error instanceof ParseError && error.code === 'frameNotJson',
  );
});

const goodArgs = ['acc-1', { mailboxId: 'mbx-1', uids: [1, 2] }, ['$seen'], { ifUnchangedSince: 9 }];

test('a forwarded call is parsed when well formed, refused otherwise', () => {
  assert.deepEqual(parseRequest({ id: 3, call: 'addKeywords', args: goodArgs }), {
    id: 3,
    call: 'addKeywords',
    args: goodArgs,
  });
  const byEmailId = ['acc-1', { emailIds: ['e1'] }, [], {}];
  assert.equal(parseRequest({ id: 1, call: 'setKeywords', args: byEmailId }).call, 'setKeywords');
  const move = ['acc-1', { mailboxId: 'mbx-1', uids: [4] }, 'mbx-trash'];
  assert.deepEqual(parseRequest({ id: 2, call: 'moveEmails', args: move }).args, move);
  assert.equal(parseRequest({ id: 3, call: 'copyEmails', args: move }).call, 'copyEmails');
  assert.deepEqual(parseRequest({ id: 4, call: 'expunge', args: ['acc-1', 'mbx-1', [1, 2]] }).args, [
    'acc-1',
    'mbx-1',
    [1, 2],
  ]);
  const bad: unknown[] = [
    null,
    [],
    { id: 0, call: 'addKeywords', args: goodArgs },
    { id: 1, call: 'createMailbox', args: goodArgs },
    { id: 1, call: 'addKeywords', args: goodArgs.slice(0, 3) },
    { id: 1, call: 'addKeywords', args: ['', ...goodArgs.slice(1)] },
    { id: 1, call: 'addKeywords', args: ['acc-1', { mailboxId: 'm', uids: ['1'] }, ['$seen'], {}] },
    { id: 1, call: 'addKeywords', args: ['acc-1', { mailboxId: 'm', uids: [1], extra: 1 }, ['$seen'], {}] },
    {
      id: 1,
      call: 'addKeywords',
      args: [
        'acc-1',
        { mailboxId: 'm', uids: Array.from({ length: MAX_FORWARDED_EMAILS + 1 }, (_, i) => i + 1) },
        [],
        {},
      ],
    },
    { id: 1, call: 'addKeywords', args: ['acc-1', { emailIds: ['e1'] }, [7], {}] },
    {
      id: 1,
      call: 'addKeywords',
      args: ['acc-1', { emailIds: ['e1'] }, ['$seen'], { ifUnchangedSince: '9' }],
    },
    { id: 1, call: 'addKeywords', args: ['acc-1', { emailIds: ['e1'] }, ['$seen'], { other: 1 }] },
    { id: 1, call: 'moveEmails', args: ['acc-1', { mailboxId: 'm', uids: [1] }] },
    { id: 1, call: 'moveEmails', args: ['acc-1', { mailboxId: 'm', uids: [1] }, 7] },
    { id: 1, call: 'copyEmails', args: ['acc-1', { emailIds: 'e1' }, 'mbx-2'] },
    { id: 1, call: 'expunge', args: ['acc-1', 'mbx-1', [1.5]] },
    {
      id: 1,
      call: 'expunge',
      args: ['acc-1', 'mbx-1', Array.from({ length: MAX_FORWARDED_EMAILS + 1 }, (_, i) => i + 1)],
    },
    { id: 1, call: 'destroyEmails', args: ['acc-1', ['e1']] },
  ];
  for (const frame of bad)
    assert.throws(
      () => parseRequest(frame),
      (error: unknown) => error instanceof ParseError && error.code === 'badRequest',
      JSON.stringify(frame),
    );
});

test('errors cross with their class, code and details; anything else becomes a plain error', () => {
  const domain = errorFromWire(
    errorToWire(new DomainError('limit', 'too many', { details: { subject: 'keyword', max: 100 } })),
  );
  assert.ok(domain instanceof DomainError);
  assert.equal(domain.code, 'limit');
  assert.equal(domain.message, 'too many');
  assert.deepEqual(domain.details, { subject: 'keyword', max: 100 });

  const store = errorFromWire(errorToWire(new StoreError('busy', 'locked')));
  assert.ok(store instanceof StoreError);
  assert.equal(store.code, 'busy');

  const other = errorFromWire(errorToWire(new TypeError('x is undefined')));
  assert.ok(!(other instanceof DomainError) && !(other instanceof StoreError));
  assert.match(other.message, /x is undefined/);
  // A code the caller does not know is not trusted as one.
  const unknown = errorFromWire({ kind: 'domain', code: 'weird', message: 'm' });
  assert.ok(!(unknown instanceof DomainError));
});

test('answers are parsed by id, and one without an id is refused', () => {
  assert.deepEqual(parseAnswer({ id: 2, notRun: true }), { id: 2, notRun: true });
  assert.deepEqual(parseAnswer({ id: 2, value: { modseq: 4 } }), { id: 2, value: { modseq: 4 } });
  assert.equal('error' in parseAnswer({ id: 2, error: { kind: 'store', code: 'busy', message: 'm' } }), true);
  assert.throws(() => parseAnswer({ value: 1 }), ParseError);
  assert.throws(() => parseAnswer({ id: 2, error: { message: 'no code' } }), ParseError);
});

test('on SQLite slot 1 owns and the others forward; PostgreSQL and too long a path forward nothing', () => {
  const sqlite = { dialect: 'sqlite', dataDir: '/var/lib/vercors', ownerSlot: 1 };
  assert.deepEqual(writeOwnerRole({ ...sqlite, slot: 1 }), {
    kind: 'owner',
    path: '/var/lib/vercors/run/write-owner.sock',
  });
  assert.deepEqual(writeOwnerRole({ ...sqlite, slot: 3 }), {
    kind: 'client',
    path: '/var/lib/vercors/run/write-owner.sock',
  });
  assert.deepEqual(writeOwnerRole({ ...sqlite, dialect: 'postgres', slot: 2 }), {
    kind: 'none',
    reason: 'postgres',
  });
  assert.deepEqual(writeOwnerRole({ ...sqlite, dataDir: `/srv/${'d'.repeat(100)}`, slot: 2 }), {
    kind: 'none',
    reason: 'pathTooLong',
  });
});
