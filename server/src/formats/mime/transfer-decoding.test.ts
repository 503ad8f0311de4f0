import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MimePart } from './parsed-message.ts';
import { decodeBase64, decodeBody, decodedSize, decodeQuotedPrintable } from './transfer-decoding.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytes = (value: string): Uint8Array => Buffer.from(value, 'latin1');

function partOver(raw: Uint8Array, encoding: string): MimePart {
  return {
    partId: '1',
    type: 'application',
    subtype: 'octet-stream',
    parameters: {},
    encoding,
    headerStart: 0,
    headerEnd: 0,
    bodyStart: 0,
    bodyEnd: raw.length,
    bodySize: raw.length,
    bodyLines: 0,
    children: [],
  };
}

test('base64 decodes across line breaks and skips characters outside the alphabet', () => {
  assert.equal(text(decodeBase64(bytes('Qm9u\r\nam91\r\nciE='))), 'Bonjour!');
  assert.equal(text(decodeBase64(bytes('Qm9u!!am91*ciE=\r\n~~~'))), 'Bonjour!');
});

test('base64 keeps decoding after padding, so concatenated encoded blocks all come through', () => {
  assert.equal(text(decodeBase64(bytes('QQ==Qg==\r\nQw=='))), 'ABC');
});

test('base64 drops an incomplete final quantum instead of inventing bytes', () => {
  assert.equal(text(decodeBase64(bytes('QUJD' + 'R'))), 'ABC');
});

test('quoted-printable decodes escapes in either case and removes soft line breaks', () => {
  assert.equal(
    text(decodeQuotedPrintable(bytes('caf=E9 =e0 la=\r\n ligne=  \r\nsuite=\nfin'))),
    'caf\xe9 \xe0 la lignesuitefin',
  );
});

test('broken quoted-printable escapes are kept literally', () => {
  assert.equal(text(decodeQuotedPrintable(bytes('100=% =ZZ =4'))), '100=% =ZZ =4');
  assert.equal(text(decodeQuotedPrintable(bytes('end='))), 'end');
});

test('decoding stops at maxBytes', () => {
  assert.equal(decodeBase64(bytes('QUJDREVGR0g='), 3).length, 3);
  assert.equal(decodeQuotedPrintable(bytes('=41=42=43=44'), 2).length, 2);
  const raw = bytes('abcdef');
  assert.equal(text(decodeBody(raw, partOver(raw, '8bit'), 4)), 'abcd');
});

test('decodeBody returns a copy for identity encodings and the decoded bytes otherwise', () => {
  const raw = bytes('SGVsbG8=');
  assert.equal(text(decodeBody(raw, partOver(raw, 'base64'))), 'Hello');
  const copy = decodeBody(raw, partOver(raw, '7bit'));
  copy[0] = 0;
  assert.equal(raw[0], 0x53);
});

test('decodedSize counts without decoding and agrees with decodeBody', () => {
  for (const [value, encoding] of [
    ['SGVsbG8gd29ybGQ=\r\n', 'base64'],
    ['QQ==Qg==', 'base64'],
    ['caf=E9=\r\n!', 'quoted-printable'],
    ['plain', '7bit'],
    ['x-uuencode is not decoded', 'x-uuencode'],
  ] as const) {
    const raw = bytes(value);
    const part = partOver(raw, encoding);
    assert.equal(decodedSize(raw, part), decodeBody(raw, part).length, `${encoding}: ${value}`);
  }
});

test('the fast base64 path and the lenient loop agree on any input whose padding is at the end', () => {
  let state = 7;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_ \r\n\t!*~\xe9';
  for (let round = 0; round < 300; round++) {
    let value = '';
    for (let length = Math.floor(next() * 200); length > 0; length--)
      value += alphabet[Math.floor(next() * alphabet.length)];
    value += '='.repeat(Math.floor(next() * 3));
    // A '=' in the middle forces the lenient loop; the same text without it must decode the same way in both paths.
    const fast = decodeBase64(bytes(value));
    const slow = decodeBase64(bytes(`${value}=A`)).subarray(0, fast.length);
    assert.deepEqual(Buffer.from(fast), Buffer.from(slow), JSON.stringify(value));
  }
});
