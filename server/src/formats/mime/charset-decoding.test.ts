import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCharset, partText } from './charset-decoding.ts';
import type { MimePart } from './parsed-message.ts';

const latin = (value: string): Uint8Array => Buffer.from(value, 'latin1');

test('declared charsets are honoured: Windows-1252, ISO-8859-15, ISO-8859-1', () => {
  assert.equal(decodeCharset(latin('\x80 \xe9t\xe9 \x9c'), 'windows-1252').text, '€ été œ');
  assert.equal(decodeCharset(latin('\xa4 \xbd'), 'ISO-8859-15').text, '€ œ');
  assert.equal(decodeCharset(latin('caf\xe9'), 'iso-8859-1').text, 'café');
  assert.equal(decodeCharset(latin('caf\xe9'), 'cp1252').text, 'café');
});

test('UTF-8 is the reading of undeclared and US-ASCII text, as 8-bit mail usually is', () => {
  const utf8 = Buffer.from('Élèves présents');
  assert.equal(decodeCharset(utf8, undefined).text, 'Élèves présents');
  assert.equal(decodeCharset(utf8, 'us-ascii').text, 'Élèves présents');
});

test('latin1 bytes labelled UTF-8 (or not labelled) fall back to Windows-1252', () => {
  assert.equal(decodeCharset(latin('El\xe8ves pr\xe9sents'), 'utf-8').text, 'Elèves présents');
  assert.equal(decodeCharset(latin('El\xe8ves'), '').text, 'Elèves');
});

test('damaged UTF-8 stays UTF-8 with replacement characters', () => {
  const damaged = Buffer.concat([Buffer.from('été '), Buffer.from([0xff, 0xfe]), Buffer.from(' hiver')]);
  assert.equal(decodeCharset(damaged, 'utf-8').text, 'été \ufffd\ufffd hiver');
});

test('a UTF-8 text cut inside a character is not read as latin1', () => {
  const cut = Buffer.from('été é').subarray(0, 7);
  assert.equal(decodeCharset(cut, 'utf-8').text, 'été \ufffd');
});

test('an unknown charset never throws: it is reported and the text read as UTF-8 or Windows-1252', () => {
  const result = decodeCharset(latin('Caf\xe9'), 'x-vercors-imaginary');
  assert.deepEqual(result, { text: 'Café', isCharsetKnown: false });
  assert.equal(decodeCharset(latin('abc'), 'utf-7').isCharsetKnown, false);
  assert.equal(decodeCharset(latin('abc'), '\u0000\uffff').isCharsetKnown, false);
});

test('NUL characters are removed from text', () => {
  assert.equal(decodeCharset(latin('a\x00b'), 'utf-8').text, 'ab');
});

test('partText decodes the transfer encoding, then the charset of the part', () => {
  const raw = latin('caf=E9 cr=E8me');
  const part: MimePart = {
    partId: '1',
    type: 'text',
    subtype: 'plain',
    parameters: { charset: 'iso-8859-15' },
    encoding: 'quoted-printable',
    headerStart: 0,
    headerEnd: 0,
    bodyStart: 0,
    bodyEnd: raw.length,
    bodySize: raw.length,
    bodyLines: 1,
    children: [],
  };
  assert.equal(partText(raw, part), 'café crème');
});
