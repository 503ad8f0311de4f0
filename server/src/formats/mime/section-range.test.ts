import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from './parse-message.ts';
import { sectionRange } from './section-range.ts';

const MESSAGE = [
  'Subject: sections',
  'Content-Type: multipart/mixed; boundary=s',
  '',
  '--s',
  'Content-Type: text/plain',
  '',
  'one',
  '--s',
  'Content-Type: message/rfc822',
  '',
  'Subject: inner',
  'Content-Type: multipart/alternative; boundary=i',
  '',
  '--i',
  '',
  'inner text',
  '--i--',
  '--s',
  'Content-Type: message/rfc822',
  '',
  'Subject: single',
  '',
  'single body',
  '--s--',
  '',
].join('\r\n');

async function section(spec: string): Promise<string | undefined> {
  const raw = Buffer.from(MESSAGE);
  const range = sectionRange(await parseMessage(raw), spec);
  return range && raw.subarray(range.start, range.end).toString();
}

test('the whole message, its header and its text', async () => {
  assert.equal(await section(''), MESSAGE);
  assert.equal(
    await section('HEADER'),
    'Subject: sections\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n',
  );
  assert.equal(await section('header.fields'), await section('HEADER'));
  assert.equal(await section('HEADER.FIELDS.NOT'), await section('HEADER'));
  assert.equal(await section('TEXT'), MESSAGE.slice(MESSAGE.indexOf('--s')));
});

test('a part body stops before the line break that precedes the next delimiter', async () => {
  assert.equal(await section('1'), 'one');
  assert.equal(await section('1.MIME'), 'Content-Type: text/plain\r\n\r\n');
});

test('an encapsulated multipart message: n is the whole message, n.HEADER, n.TEXT and n.1 its parts', async () => {
  assert.ok((await section('2'))?.startsWith('Subject: inner\r\n'));
  assert.ok((await section('2'))?.endsWith('--i--'));
  assert.equal(
    await section('2.HEADER'),
    'Subject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n',
  );
  assert.equal(await section('2.TEXT'), '--i\r\n\r\ninner text\r\n--i--');
  assert.equal(await section('2.1'), 'inner text');
  assert.equal(await section('2.1.MIME'), '\r\n');
});

test('an encapsulated single-part message: n.1 is its body', async () => {
  assert.equal(await section('3.HEADER'), 'Subject: single\r\n\r\n');
  assert.equal(await section('3.TEXT'), 'single body');
  assert.equal(await section('3.1'), 'single body');
});

test('sections that do not exist are undefined', async () => {
  for (const spec of [
    '4',
    '1.1',
    '1.HEADER',
    '1.TEXT',
    '0',
    '01',
    '2.0',
    'MIME',
    'BODY',
    '1..2',
    '1.',
    '.1',
    '2.1.2',
  ]) {
    assert.equal(await section(spec), undefined, spec);
  }
});

test('a non-multipart message has part 1, equal to TEXT', async () => {
  const raw = Buffer.from('Subject: x\r\n\r\nbody\r\n');
  const parsed = await parseMessage(raw);
  assert.deepEqual(sectionRange(parsed, '1'), sectionRange(parsed, 'TEXT'));
  assert.deepEqual(sectionRange(parsed, '1'), { start: 14, end: raw.length });
  assert.equal(sectionRange(parsed, '2'), undefined);
});
