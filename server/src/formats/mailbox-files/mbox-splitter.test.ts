import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFromLine } from './mbox-from-line.ts';
import { MboxSplitter, type MboxMessage } from './mbox-splitter.ts';
import { mboxMetadata } from './mbox-status.ts';

const MBOX = [
  'From marie@ac-test.fr Tue Sep  1 10:00:00 2026',
  'Subject: one',
  '',
  'From here on, an unescaped body line that is no separator.',
  '>From the escaped body line.',
  '>>From a doubly escaped one.',
  '',
  'From - Wed Sep 02 11:30:00 2026',
  'Subject: two',
  '',
  'body two',
  '',
  'From 1745@xxx Mon Mar 18 10:00:00 +0200 2024',
  'Subject: three',
  '',
  'body three',
  '',
].join('\n');

function split(text: string | Uint8Array, chunkSizes: readonly number[] = [], maxMessageBytes = 1 << 20) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const splitter = new MboxSplitter({ maxMessageBytes });
  const messages: MboxMessage[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = chunkSizes.length === 0 ? bytes.length : (chunkSizes[i % chunkSizes.length] ?? 1);
    messages.push(...splitter.push(bytes.subarray(at, at + size)));
    at += size;
  }
  messages.push(...splitter.end());
  return { messages, leading: splitter.leadingBytes };
}

const text = (message: MboxMessage | undefined) => Buffer.from(message?.raw ?? []).toString();

test('messages are split at From lines that carry a date, and mboxrd escapes are undone', () => {
  const { messages, leading } = split(MBOX);
  assert.equal(leading, 0);
  assert.equal(messages.length, 3);
  assert.equal(
    text(messages[0]),
    'Subject: one\n\nFrom here on, an unescaped body line that is no separator.\n' +
      'From the escaped body line.\n>From a doubly escaped one.\n',
  );
  assert.equal(text(messages[1]), 'Subject: two\n\nbody two\n');
  assert.equal(text(messages[2]), 'Subject: three\n\nbody three\n');
  assert.deepEqual(
    messages.map((m) => m.receivedAt?.toISOString()),
    ['2026-09-01T10:00:00.000Z', '2026-09-02T11:30:00.000Z', '2024-03-18T08:00:00.000Z'],
  );
  assert.deepEqual(
    messages.map((m) => m.offset),
    [0, MBOX.indexOf('From - '), MBOX.indexOf('From 1745')],
  );
});

test('any chunking gives the same messages (a From line or an escape cut in two included)', () => {
  const whole = split(MBOX).messages.map(text);
  for (const sizes of [[1], [2], [3, 7], [5, 1, 13], [64]]) {
    assert.deepEqual(split(MBOX, sizes).messages.map(text), whole, `chunks of ${sizes.join(',')}`);
  }
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % 40);
  };
  for (let round = 0; round < 50; round++) {
    const sizes = Array.from({ length: 20 }, random);
    assert.deepEqual(split(MBOX, sizes).messages.map(text), whole);
  }
});

test('a message above the limit is measured and skipped, and its neighbours are kept', () => {
  const big = 'x'.repeat(2000);
  const mbox = `From a Tue Sep  1 10:00:00 2026\nSubject: big\n\n${big}\n\nFrom b Tue Sep  1 10:00:01 2026\nSubject: small\n\nok\n`;
  for (const sizes of [[], [100], [7]]) {
    const { messages } = split(mbox, sizes, 1000);
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.raw, undefined);
    assert.ok((messages[0]?.size ?? 0) > 2000);
    assert.equal(text(messages[1]), 'Subject: small\n\nok\n');
  }
});

test('CRLF files, a first line without a date, bytes before any From line', () => {
  const crlf =
    'From x\r\nSubject: a\r\n\r\nbody\r\n\r\nFrom y Thu Jan  1 00:00:00 1970\r\nSubject: b\r\n\r\n';
  const { messages } = split(crlf, [3]);
  assert.deepEqual(messages.map(text), ['Subject: a\r\n\r\nbody\r\n', 'Subject: b\r\n']);
  assert.equal(messages[0]?.receivedAt, undefined);
  assert.equal(messages[1]?.receivedAt?.getTime(), 0);
  const junk = split('not mail\nFrom a Tue Sep  1 10:00:00 2026\n\nx\n');
  assert.equal(junk.leading, 9);
  assert.equal(junk.messages.length, 1);
  assert.deepEqual(split('').messages, []);
});

test('From line dates: asctime, with a zone before or after the year, and refusals', () => {
  const iso = (line: string) => parseFromLine(line)?.date?.toISOString();
  assert.equal(iso('From a@b Tue Sep  1 10:00:00 2026'), '2026-09-01T10:00:00.000Z');
  assert.equal(iso('From a@b Tue Sep 1 10:00 2026 -0130'), '2026-09-01T11:30:00.000Z');
  assert.equal(iso('From "a b"@c Tue Sep 1 10:00:00 CEST 2026'), '2026-09-01T10:00:00.000Z');
  assert.equal(parseFromLine('From here on, nothing.'), undefined);
  assert.equal(parseFromLine('From: header-like Tue'), undefined);
  assert.equal(parseFromLine(`From a Tue Sep 1 10:00:00 2026${' '.repeat(5000)}`), undefined);
});

test('mbox status fields become keywords and leave the stored bytes', () => {
  const raw = Buffer.from(
    'Status: RO\nX-Status: AF\nX-Keywords: $label1, Junk\nSubject: s\nX-Mozilla-Status: 1000\nX-Mozilla-Keys: $label2\n\nStatus: D\n',
  );
  const meta = mboxMetadata(raw);
  assert.deepEqual([...meta.keywords].sort(), [
    '$answered',
    '$flagged',
    '$forwarded',
    '$label1',
    '$label2',
    '$seen',
    'Junk',
  ]);
  assert.equal(meta.isDeleted, false);
  assert.equal(Buffer.from(meta.raw).toString(), 'Subject: s\n\nStatus: D\n');
  assert.equal(mboxMetadata(Buffer.from('X-Status: D\n\n')).isDeleted, true);
  assert.equal(mboxMetadata(Buffer.from('X-Mozilla-Status: 0009\n\n')).isDeleted, true);
  assert.deepEqual(mboxMetadata(Buffer.from('X-Mozilla-Status: 0001\n\n')).keywords, ['$seen']);
  const plain = Buffer.from('Subject: s\n\n');
  assert.equal(mboxMetadata(plain).raw, plain);
});
