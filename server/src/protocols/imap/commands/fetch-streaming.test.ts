// FETCH streaming and its failures: a client that stops reading holds the FETCH back (back-pressure), and a
// blob store that fails before a response starts (NO [SERVERBUG]; a small message is read whole first) or
// inside a streamed literal (connection closed).

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openImapFixture, PAUL } from '../imap.fixture.ts';
import { ByteClient, CONSEIL, replaceBlobRead, store } from './fetch-command.fixture.ts';

test('a client that stops reading holds the FETCH back until it reads again', async (t) => {
  const fixture = await openImapFixture(t);
  // 80 messages of about 256 KB: 20 MB, far more than socket buffers and the session's high-water mark.
  const body = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(18)}\r\n`.repeat(250);
  for (let index = 0; index < 80; index++) await store(fixture, `${CONSEIL.slice(0, 175)}${body}`);
  let reads = 0;
  replaceBlobRead(fixture, (original) => (id, range) => {
    reads++;
    return original(id, range);
  });
  const socket = connect({ host: '127.0.0.1', port: fixture.ports.imap });
  t.after(() => socket.destroy());
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.write(`l1 LOGIN ${PAUL.email} ${PAUL.password}\r\nl2 SELECT INBOX\r\n`);
  while (!received.includes('l2 OK')) await sleep(10);
  socket.pause();
  socket.write('f1 FETCH 1:* BODY.PEEK[]\r\n');
  // Wait until the server stops reading messages (the socket is full), then check it stopped early.
  let whilePaused = -1;
  for (let turn = 0; turn < 50 && reads !== whilePaused; turn++) {
    whilePaused = reads;
    await sleep(300);
  }
  assert.equal(reads, whilePaused, 'no more reads while the client does not read');
  assert.ok(whilePaused < 80, `stopped after ${whilePaused} of 80 messages`);
  t.diagnostic(`${whilePaused} of 80 messages read while the client did not read`);
  socket.resume();
  while (!received.includes('\r\nf1 ')) await sleep(10);
  assert.equal(reads, 80);
  assert.equal(received.split('* ').filter((part) => /^\d+ FETCH \(BODY\[\] \{/.test(part)).length, 80);
  assert.match(received, /\r\nf1 OK FETCH completed\r\n$/);
});

/** Every message in a file: a FETCH of a few messages reads them from the blob store, not with their rows. */
const IN_FILES = { env: { VERCORS_BLOBS_IN_DATABASE_MAX: '0' } };

test('a store failure before a response starts is NO [SERVERBUG], and the connection goes on', async (t) => {
  const fixture = await openImapFixture(t, IN_FILES);
  await store(fixture, CONSEIL);
  await store(fixture, CONSEIL);
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  // Both messages are the same bytes, so one blob: the second read is message 2's.
  let reads = 0;
  replaceBlobRead(fixture, (original) => (id, range) => {
    reads++;
    if (reads === 2) throw new Error('disk on fire');
    return original(id, range);
  });
  // HEADER.FIELDS of a field the header cache does not keep reads the header while preparing: message 2
  // fails before a byte of its response.
  const reply = (
    await client.command('f1', 'FETCH 1:2 BODY.PEEK[HEADER.FIELDS (Received Subject)]')
  ).toString('utf8');
  assert.match(
    reply,
    /^\* 1 FETCH \(BODY\[HEADER\.FIELDS \(Received Subject\)\] \{30\}\r\nSubject: Conseil de classe\r\n\r\n\)\r\nf1 NO \[SERVERBUG\] Internal error, incident \S+\r\n$/,
  );
  assert.match((await client.command('n1', 'NOOP')).toString('utf8'), /^n1 OK NOOP completed\r\n$/);
});

test('a blob that runs short inside a streamed literal closes the connection with no tagged reply', async (t) => {
  const fixture = await openImapFixture(t);
  // Past what a FETCH reads at once (64 KiB): the literal is announced, then streamed from the store.
  const large = `${CONSEIL}${'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n'.repeat(1500)}`;
  await store(fixture, large);
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  // The blob holds 50 of the octets the row announces.
  const short = Buffer.from(large.slice(0, 50));
  replaceBlobRead(fixture, () => () => Promise.resolve(Readable.from([new Uint8Array(short)])));
  client.write('f1 FETCH 1 BODY[]\r\n');
  const { bytes, isClosed } = await client.rest();
  assert.ok(isClosed);
  // Whatever went out is a prefix of the response: the announced literal, never a reply after it.
  const text = bytes.toString('latin1');
  assert.ok(`* 1 FETCH (BODY[] {${large.length}}\r\n${large.slice(0, 50)}`.startsWith(text), text);
  assert.doesNotMatch(text, /f1 /);
});

test('a small blob that runs short fails the FETCH before its response starts', async (t) => {
  const fixture = await openImapFixture(t, IN_FILES);
  await store(fixture, CONSEIL);
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  // The blob holds 50 of the 188 octets the row announces; the message is read whole before it is written.
  const short = Buffer.from(CONSEIL.slice(0, 50));
  replaceBlobRead(fixture, () => () => Promise.resolve(Readable.from([new Uint8Array(short)])));
  const reply = (await client.command('f1', 'FETCH 1 BODY[]')).toString('latin1');
  assert.match(reply, /^f1 NO \[SERVERBUG\] Internal error, incident \S+\r\n$/);
  assert.match((await client.command('n1', 'NOOP')).toString('latin1'), /^n1 OK NOOP completed\r\n$/);
});
