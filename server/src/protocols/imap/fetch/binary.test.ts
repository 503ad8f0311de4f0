import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Partial as PartialRange } from '../wire/section-spec.ts';
import { type BinaryMessage, binarySection, binarySize } from './binary.ts';
import { collect, messageOf, storedOf } from './fetch.fixture.ts';
import { MIXED } from './fetch-messages.fixture.ts';
import { bodyChunks, bodyHasNul, bodySize, KEEP_IN_MEMORY_BELOW } from './section-body.ts';

async function binaryMessage(raw: Buffer, chunkSize = 5): Promise<BinaryMessage & { reads: unknown[] }> {
  const stored = await storedOf(raw, chunkSize);
  return {
    size: raw.length,
    structure: stored.structure.structure,
    read: stored.read,
    mayHoldNul: stored.structure.defects.includes('nulBytes'),
    reads: stored.reads,
  };
}

const section = (part: number[]) => ({ part, text: undefined, fields: [] });

async function decoded(raw: Buffer, part: number[], partial?: PartialRange) {
  const message = await binaryMessage(raw);
  const outcome = await binarySection(message, section(part), partial);
  assert.ok(!outcome.isRefused, 'answered');
  const bytes = await collect(bodyChunks(outcome.body));
  assert.equal(bytes.length, bodySize(outcome.body), 'the size announced is the size sent');
  const size = await binarySize(message, section(part));
  assert.ok(!size.isRefused);
  if (partial === undefined) assert.equal(size.size, bytes.length, 'BINARY.SIZE matches BINARY');
  return { bytes, hasNul: bodyHasNul(outcome.body), kind: outcome.body.kind };
}

const ATTACHMENT = messageOf([
  'Content-Type: multipart/mixed; boundary=b',
  '',
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  'AAEC/w==',
  '--b',
  'Content-Type: text/plain',
  '',
  'bare\nline\nends',
  '--b',
  'Content-Type: application/x-thing',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '--b',
  'Content-Type: message/rfc822',
  '',
  'Subject: inner',
  '',
  'Inner body.',
  '--b--',
  '',
]);

describe('BINARY[section] decoded from the stored part', () => {
  const cases: [string, Buffer, number[], string][] = [
    ['joins quoted-printable soft line breaks and decodes escapes', MIXED, [1, 1], 'Bonne rentrée à tous.'],
    ['decodes base64 text', MIXED, [1, 2], '<p>Bonne rentrée</p>'],
    ['turns the bare LF of a text part into CRLF (RFC 9051 §7.5.2)', ATTACHMENT, [2], 'bare\r\nline\r\nends'],
    ['sends a 7bit message/rfc822 part as stored', ATTACHMENT, [4], 'Subject: inner\r\n\r\nInner body.'],
    ['is empty for a part that does not exist, like BODY', MIXED, [9], ''],
  ];
  for (const [behaviour, raw, part, expected] of cases) {
    it(behaviour, async () => {
      const { bytes } = await decoded(raw, part);
      assert.equal(bytes.toString('utf8'), expected);
    });
  }

  it('marks decoded octets holding NUL for literal8', async () => {
    const { bytes, hasNul } = await decoded(ATTACHMENT, [1]);
    assert.deepEqual([...bytes], [0, 1, 2, 255]);
    assert.equal(hasNul, true);
  });

  it('applies a partial to the decoded octets', async () => {
    const { bytes } = await decoded(MIXED, [1, 2], { offset: 3, length: 5 });
    assert.equal(bytes.toString('utf8'), 'Bonne');
  });

  it('measures a large attachment first and decodes it again while sending', async () => {
    const content = Buffer.from(
      Uint8Array.from({ length: KEEP_IN_MEMORY_BELOW * 2 }, (_, index) => (index * 7) & 0xff),
    );
    const encoded = content.toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = messageOf([
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Transfer-Encoding: base64',
      'Content-Type: image/png',
      '',
      encoded,
      '--b--',
      '',
    ]);
    const message = await binaryMessage(raw, 64 * 1024);
    const outcome = await binarySection(message, section([1]), undefined);
    assert.ok(!outcome.isRefused);
    assert.equal(outcome.body.kind, 'stream');
    assert.deepEqual(await collect(bodyChunks(outcome.body)), content);
    assert.equal(message.reads.length, 2, 'one pass to measure, one to send');
  });

  it('sends an identity-encoded part of a message without NUL as stored, without measuring it', async () => {
    const message = await binaryMessage(ATTACHMENT);
    const outcome = await binarySection(message, section([4]), undefined);
    assert.ok(!outcome.isRefused);
    assert.equal(outcome.body.kind, 'range');
    assert.deepEqual(message.reads, []);
  });
});

describe('BINARY refusals', () => {
  const cases: [string, number[], string, RegExp][] = [
    [
      'an unknown Content-Transfer-Encoding is UNKNOWN-CTE (RFC 3516 §4.3)',
      [3],
      'UNKNOWN-CTE',
      /"x-uuencode"/,
    ],
    ['the whole message cannot be decoded as one part', [], 'CANNOT', /BINARY\[\]/],
  ];
  for (const [behaviour, part, code, text] of cases) {
    it(behaviour, async () => {
      const message = await binaryMessage(ATTACHMENT);
      for (const outcome of [
        await binarySection(message, section(part), undefined),
        await binarySize(message, section(part)),
      ]) {
        assert.ok(outcome.isRefused);
        assert.equal(outcome.code, code);
        assert.match(outcome.text, text);
      }
    });
  }

  it('refuses a multipart part', async () => {
    const outcome = await binarySection(await binaryMessage(MIXED), section([1]), undefined);
    assert.ok(outcome.isRefused);
    assert.equal(outcome.code, 'CANNOT');
  });
});
