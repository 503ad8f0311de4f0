import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from './parse-message.ts';
import { assertInvariants } from './parse-invariants.fixture.ts';
import { allParts } from './part-tree.ts';
import { sectionRange } from './section-range.ts';

/** Parse, check the invariants, and fail if it took longer than `maxMs` (a hang would be far beyond). */
async function parseWithin(raw: Uint8Array, maxMs: number, options = {}) {
  const started = performance.now();
  const parsed = await parseMessage(raw, options);
  const elapsed = performance.now() - started;
  assertInvariants(parsed, raw);
  assert.ok(elapsed < maxMs, `took ${Math.round(elapsed)} ms`);
  return parsed;
}

function text(raw: Uint8Array, range: { start: number; end: number } | undefined): string | undefined {
  return range && Buffer.from(raw.subarray(range.start, range.end)).toString('latin1');
}

test('offsets are relative to the Uint8Array given, even a view into a larger buffer', async () => {
  const message = Buffer.from(
    'Subject: view\r\nContent-Type: multipart/mixed; boundary=v\r\n\r\n--v\r\n\r\nA\r\n--v--\r\n',
  );
  const backing = new Uint8Array(message.length + 20);
  backing.set(message, 7);
  const view = backing.subarray(7, 7 + message.length);
  const parsed = await parseWithin(view, 2000);
  assert.equal(text(view, sectionRange(parsed, '1')), 'A');
  assert.equal(parsed.subject, 'view');
});

test('mixed CRLF and bare LF line endings keep exact offsets on the bytes as given', async () => {
  const raw = Buffer.from(
    'Subject: mixed\r\nContent-Type: multipart/mixed; boundary=m\n\n--m\r\n\nA\n--m\n\r\nB\r\n--m--\n',
  );
  const parsed = await parseWithin(raw, 2000);
  assert.equal(text(raw, sectionRange(parsed, '1')), 'A');
  assert.equal(text(raw, sectionRange(parsed, '2')), 'B');
  assert.equal(
    text(raw, sectionRange(parsed, 'HEADER')),
    'Subject: mixed\r\nContent-Type: multipart/mixed; boundary=m\n\n',
  );
});

test('a 1 MB header block is read completely', async () => {
  const received =
    'Received: from relay.example.org by mx.ac-grenoble.fr; Mon, 3 Mar 2025 09:00:00 +0100\r\n';
  const header = received.repeat(Math.ceil((1024 * 1024) / received.length));
  const raw = Buffer.from(`${header}Subject: at the end\r\n\r\nbody\r\n`);
  const parsed = await parseWithin(raw, 5000);
  assert.equal(parsed.subject, 'at the end');
  assert.equal(parsed.headerSize, raw.length - 'body\r\n'.length);
  assert.deepEqual(parsed.defects, []);
});

test('a header block over maxHeaderBytes is read up to the limit and the offsets stay exact', async () => {
  const header = `Subject: first\r\n${'X-Filler: 0123456789abcdef0123456789abcdef\r\n'.repeat(8000)}`;
  const raw = Buffer.from(`${header}\r\nbody\r\n`);
  const parsed = await parseWithin(raw, 5000, { maxHeaderBytes: 16 * 1024 });
  assert.equal(parsed.subject, 'first');
  assert.ok(parsed.defects.includes('headerTooLarge'));
  assert.equal(parsed.headerSize, header.length + 2);
  assert.equal(text(raw, sectionRange(parsed, 'TEXT')), 'body\r\n');
});

test('an oversized part header ends the structure there without failing the message', async () => {
  const big = `X-Filler: ${'y'.repeat(100)}\r\n`.repeat(3000);
  const raw = Buffer.from(
    `Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n\r\nfirst\r\n--o\r\n${big}\r\nsecond\r\n--o--\r\n`,
  );
  const parsed = await parseWithin(raw, 5000, { maxHeaderBytes: 32 * 1024 });
  assert.equal(text(raw, sectionRange(parsed, '1')), 'first');
  assert.ok(parsed.defects.includes('structureIncomplete'));
});

test('very long lines in the header and the body', async () => {
  const raw = Buffer.from(
    `Subject: ${'é'.repeat(1_500_000)}\r\nX-Long: ${'a'.repeat(2_000_000)}\r\n\r\n${'b'.repeat(8_000_000)}`,
  );
  const parsed = await parseWithin(raw, 10_000);
  assert.ok(parsed.subject.length <= 16 * 1024);
  assert.equal(parsed.structure.bodySize, 8_000_000);
  assert.equal(parsed.structure.bodyLines, 1);
});

test('a 10,000-part multipart is cut at maxParts, and the parts kept are exact', async () => {
  const parts = Array.from(
    { length: 10_000 },
    (_, index) => `--p\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`,
  );
  const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=p\r\n\r\n${parts.join('')}--p--\r\n`);
  const parsed = await parseWithin(raw, 10_000);
  assert.equal(parsed.structure.children.length, 999);
  assert.ok(parsed.defects.includes('tooManyParts'));
  assert.equal(text(raw, sectionRange(parsed, '999')), 'part 998');
  assert.equal(sectionRange(parsed, '1000'), undefined);
  const few = await parseWithin(raw, 10_000, { maxParts: 10 });
  assert.equal(allParts(few.structure).length, 10);
});

test('thousands of delimiter lines without headers are bounded', async () => {
  const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=d\r\n\r\n${'--d\r\n'.repeat(300_000)}`);
  await parseWithin(raw, 10_000);
});

test('multiparts nested deeper than maxDepth become opaque', async () => {
  const depth = 300;
  let body = 'Content-Type: text/plain\r\n\r\ndeepest';
  for (let level = depth - 1; level >= 0; level--) {
    body = `Content-Type: multipart/mixed; boundary=l${level}\r\n\r\n--l${level}\r\n${body}\r\n--l${level}--`;
  }
  const raw = Buffer.from(`Subject: deep\r\n${body}\r\n`);
  const parsed = await parseWithin(raw, 10_000);
  assert.ok(parsed.defects.includes('tooDeep'));
  const deepest = Math.max(...allParts(parsed.structure).map((part) => part.partId.split('.').length));
  assert.ok(deepest <= 20, `depth ${deepest}`);
});

test('message/rfc822 nested deeper than maxDepth becomes opaque', async () => {
  let message = 'Subject: innermost\r\n\r\ntext';
  for (let level = 0; level < 100; level++)
    message = `Subject: level ${level}\r\nContent-Type: message/rfc822\r\n\r\n${message}`;
  const raw = Buffer.from(message);
  const parsed = await parseWithin(raw, 10_000, { maxDepth: 5 });
  assert.ok(parsed.defects.includes('tooDeep'));
  assert.ok(allParts(parsed.structure).length <= 7);
});

test('body text is bounded by maxBodyText', async () => {
  const raw = Buffer.from(`Subject: long\r\n\r\n${'mot '.repeat(100_000)}`);
  const parsed = await parseWithin(raw, 5000, { maxBodyText: 1000 });
  assert.ok(parsed.bodyText.length <= 1000);
  assert.ok(parsed.defects.includes('bodyTextTruncated'));
  assert.equal(parsed.preview.length, 256);
});

test('invalid options fall back to the defaults', async () => {
  const raw = Buffer.from('Subject: x\r\n\r\nbody');
  const parsed = await parseWithin(raw, 2000, { maxParts: -1, maxDepth: Number.NaN, maxBodyText: 0 });
  assert.equal(parsed.bodyText, 'body');
});

test('the result survives a JSON round trip unchanged, as the store keeps it', async () => {
  const raw = Buffer.from(
    'From: =?utf-8?q?Jos=C3=A9?= <j@x.fr>\r\nSubject: json\r\nDate: Mon, 3 Mar 2025 09:14:00 +0100\r\n\r\nA',
  );
  const parsed = await parseWithin(raw, 2000);
  assert.deepEqual(JSON.parse(JSON.stringify(parsed)), parsed);
});

test('parsing 200 messages concurrently gives the same results as one at a time', async () => {
  const raws = Array.from({ length: 200 }, (_, index) =>
    Buffer.from(
      `Subject: n${index}\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\n${index}\r\n--c--\r\n`,
    ),
  );
  const parsed = await Promise.all(raws.map((raw) => parseMessage(raw)));
  for (const [index, message] of parsed.entries()) {
    assert.equal(message.subject, `n${index}`);
    assert.equal(text(raws[index] as Buffer, sectionRange(message, '1')), String(index));
  }
});

test('a nested multipart that reuses its parent boundary is split the way mailsplit reads it', async () => {
  const raw = Buffer.from(
    [
      'Content-Type: multipart/mixed; boundary=same',
      '',
      '--same',
      'Content-Type: multipart/alternative; boundary=same',
      '',
      '--same',
      '',
      'inner',
      '--same--',
      '--same',
      '',
      'outer',
      '--same--',
      '',
    ].join('\r\n'),
  );
  const parsed = await parseWithin(raw, 2000);
  assert.equal(text(raw, sectionRange(parsed, '1.1')), 'inner');
  assert.equal(text(raw, sectionRange(parsed, '2')), 'outer');
});

test('a part whose header runs into the next delimiter keeps its place in the numbering', async () => {
  const raw = Buffer.from(
    'Content-Type: multipart/mixed; boundary=h\r\n\r\n--h\r\nX-Only: header\r\n--h\r\n\r\nsecond\r\n--h--\r\n',
  );
  const parsed = await parseWithin(raw, 2000);
  assert.equal(text(raw, sectionRange(parsed, '1.MIME')), 'X-Only: header');
  assert.equal(text(raw, sectionRange(parsed, '1')), '');
  assert.equal(text(raw, sectionRange(parsed, '2')), 'second');
});
