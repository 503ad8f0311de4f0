// FETCH as a real client drives it: imapflow (the client of e2e/ and many Node mail apps) lists the inbox,
// reads envelopes, structures and sources, and downloads parts in 64 KiB partial fetches (BODY.PEEK) or
// with BINARY once IMAP4rev2 is on; and as an IMAP4rev1 client when it enables nothing.

import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { ImapFlow } from 'imapflow';
import { openImapFixture, PAUL, type ImapFixture } from '../imap.fixture.ts';
import { CONSEIL, store, WITH_ATTACHMENT } from './fetch-command.fixture.ts';

const SUMMER = new Date('2025-09-01T06:30:05Z');
const WINTER = new Date('2025-01-15T10:00:00Z');
/** 300 KB of octets, base64-encoded in the message: several 64 KiB download chunks. */
const PAYLOAD = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 7919) % 251));

const LARGE = [
  'From: Marie Curie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: =?utf-8?q?Bulletins_du_trimestre_=C3=A0_signer?=',
  'Date: Tue, 2 Sep 2025 09:00:00 +0200',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Ci-joint.',
  '--b2',
  'Content-Type: application/pdf; name="bulletins.pdf"',
  'Content-Disposition: attachment; filename="bulletins.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  ...(PAYLOAD.toString('base64').match(/.{1,76}/g) ?? []),
  '--b2--',
  '',
].join('\r\n');

async function openClient(
  t: TestContext,
  fixture: ImapFixture,
  options: { readonly disableAutoEnable?: boolean } = {},
): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: fixture.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: PAUL.email, pass: PAUL.password },
    logger: false,
    ...options,
  });
  await client.connect();
  t.after(() => client.close());
  return client;
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function withMessages(t: TestContext): Promise<ImapFixture> {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL, { receivedAt: SUMMER, keywords: ['$seen'] });
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  await store(fixture, LARGE, { receivedAt: SUMMER });
  return fixture;
}

test('imapflow lists the inbox and reads flags, dates, sizes, envelopes and structures', async (t) => {
  const fixture = await withMessages(t);
  const client = await openClient(t, fixture);
  const names = (await client.list()).map((mailbox) => mailbox.path);
  assert.ok(names.includes('INBOX'));
  const lock = await client.getMailboxLock('INBOX');
  t.after(() => lock.release());
  assert.ok(client.mailbox !== false);
  assert.equal(client.mailbox.exists, 3);
  assert.equal(typeof client.mailbox.uidValidity, 'bigint');

  const messages = await client.fetchAll('1:*', {
    uid: true,
    flags: true,
    envelope: true,
    internalDate: true,
    size: true,
    bodyStructure: true,
  });
  assert.deepEqual(
    messages.map((message) => [message.seq, message.uid, [...(message.flags ?? [])]]),
    [
      [1, 1, ['\\Seen']],
      [2, 2, []],
      [3, 3, []],
    ],
  );
  assert.deepEqual(
    messages.map((message) => message.envelope?.subject),
    ['Conseil de classe', 'Emploi du temps', 'Bulletins du trimestre à signer'],
  );
  const [first, second, third] = messages;
  assert.deepEqual(first?.envelope?.from, [{ name: 'Marie Curie', address: 'marie@ac-test.fr' }]);
  assert.deepEqual(first?.envelope?.to, [{ name: 'Paul Durand', address: 'paul@ac-test.fr' }]);
  assert.equal(first?.envelope?.messageId, '<conseil@ac-test.fr>');
  assert.equal(first?.size, Buffer.byteLength(CONSEIL));
  assert.equal((first?.internalDate as Date | undefined)?.getTime(), SUMMER.getTime());
  assert.equal((second?.internalDate as Date | undefined)?.getTime(), WINTER.getTime());
  assert.equal(second?.bodyStructure?.type, 'multipart/mixed');
  assert.deepEqual(
    second?.bodyStructure?.childNodes?.map((node) => [node.part, node.type, node.encoding]),
    [
      ['1', 'text/plain', 'quoted-printable'],
      ['2', 'application/octet-stream', 'base64'],
    ],
  );
  const attachment = third?.bodyStructure?.childNodes?.[1];
  assert.equal(attachment?.dispositionParameters?.filename, 'bulletins.pdf');
  assert.equal(attachment?.parameters?.name, 'bulletins.pdf');
});

test('imapflow reads the last message whole and downloads parts, decoded', async (t) => {
  const fixture = await withMessages(t);
  const client = await openClient(t, fixture);
  const lock = await client.getMailboxLock('INBOX');
  t.after(() => lock.release());

  const last = await client.fetchOne('*', { envelope: true, bodyStructure: true, source: true });
  assert.ok(last !== false);
  assert.equal(last.seq, 3);
  assert.equal(last.source?.toString('utf8'), LARGE);
  assert.equal(last.bodyStructure?.childNodes?.[1]?.type, 'application/pdf');

  const binary = await client.download('2', '2');
  assert.equal(binary.meta?.contentType, 'application/octet-stream');
  assert.deepEqual(await read(binary.content!), Buffer.from('Bonjour\u0000!', 'latin1'));
  const text = await client.download('2', '1');
  assert.equal((await read(text.content!)).toString('utf8'), 'Salle B12 à 8 h.');
  // Several 64 KiB partial fetches, then base64 decoding by the client.
  const large = await client.download('3', '2', { uid: true });
  assert.deepEqual(await read(large.content!), PAYLOAD);
  // With IMAP4rev2 on, BINARY asks the server to decode.
  const decoded = await client.download('3', '2', { binary: true });
  assert.deepEqual(await read(decoded.content!), PAYLOAD);

  // Downloads use BODY.PEEK: nothing was marked read.
  const flags = await client.fetchAll('1:*', { flags: true });
  assert.deepEqual(
    flags.map((message) => [...(message.flags ?? [])]),
    [['\\Seen'], [], []],
  );
});

test('imapflow as an IMAP4rev1 client with nothing enabled', async (t) => {
  const fixture = await withMessages(t);
  const client = await openClient(t, fixture, { disableAutoEnable: true });
  const lock = await client.getMailboxLock('INBOX');
  t.after(() => lock.release());
  const one = await client.fetchOne('2', { uid: true, envelope: true, bodyParts: ['1', '2'] });
  assert.ok(one !== false);
  assert.equal(one.envelope?.subject, 'Emploi du temps');
  assert.equal(one.bodyParts?.get('1')?.toString('utf8'), 'Salle B12 =C3=A0 8 h.');
  assert.equal(one.bodyParts?.get('2')?.toString('latin1'), 'Qm9uam91cgAh');
  const large = await client.download('3', '2');
  assert.deepEqual(await read(large.content!), PAYLOAD);
  await client.messageFlagsAdd('1:*', ['\\Flagged']);
  const flagged = await client.fetchAll('1:*', { uid: true, flags: true });
  assert.ok(flagged.every((message) => message.flags?.has('\\Flagged') === true));
});
