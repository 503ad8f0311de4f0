import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBody, type MimePart } from '#formats/mime';
import { seededRandom } from '../wire/wire.fixture.ts';
import { Base64Decoder, LineEndRepair, QuotedPrintableDecoder } from './transfer-streams.ts';

/** What #formats/mime decodeBody makes of the whole input at once: the reference. */
function decodedWhole(input: Buffer, encoding: string): Buffer {
  const part: MimePart = {
    partId: '1',
    type: 'application',
    subtype: 'octet-stream',
    parameters: {},
    encoding,
    headerStart: 0,
    headerEnd: 0,
    bodyStart: 0,
    bodyEnd: input.length,
    bodySize: input.length,
    bodyLines: 0,
    children: [],
  };
  return Buffer.from(decodeBody(input, part));
}

function decodedInChunks(input: Buffer, encoding: string, sizes: () => number): Buffer {
  const output: Uint8Array[] = [];
  if (encoding === 'base64') {
    const decoder = new Base64Decoder();
    for (let at = 0, size = sizes(); at < input.length; at += size, size = sizes())
      output.push(decoder.push(input.subarray(at, at + size)));
  } else {
    const decoder = new QuotedPrintableDecoder();
    for (let at = 0, size = sizes(); at < input.length; at += size, size = sizes())
      output.push(decoder.push(input.subarray(at, at + size)));
    output.push(decoder.end());
  }
  return Buffer.concat(output);
}

describe('transfer decoding chunk by chunk', () => {
  const cases: [string, string, string][] = [
    ['decodes base64 across line breaks', 'base64', 'Qm9u\r\nam91\r\nciDDoCB0b3Vz\r\n'],
    ['skips characters outside the base64 alphabet', 'base64', 'Qm9u*am91!ciDDoCB0b3Vz'],
    ['decodes padded base64 blocks one after the other', 'base64', 'QQ==Qg==QkM='],
    ['accepts URL-safe base64 letters', 'base64', '-_-_'],
    ['drops an incomplete final quantum', 'base64', 'QUJDRA'],
    ['decodes =XX escapes in either case', 'quoted-printable', 'caf=C3=A9 caf=c3=a9'],
    [
      'removes soft line breaks, with padding before them',
      'quoted-printable',
      'long =\r\nline= \t\r\nend=\nx',
    ],
    ['keeps a broken escape as text', 'quoted-printable', 'a=ZZb =4 =\r =='],
    ['drops a final soft break with nothing after it', 'quoted-printable', 'end='],
    ['keeps 8-bit octets as they are', 'quoted-printable', 'caf\u00e9'],
  ];
  for (const [behaviour, encoding, text] of cases) {
    it(`${behaviour}, as decodeBody does`, () => {
      const input = Buffer.from(text, 'latin1');
      const expected = decodedWhole(input, encoding);
      for (const size of [1, 2, 3, 4, 5, 7, 64]) {
        assert.deepEqual(
          decodedInChunks(input, encoding, () => size),
          expected,
          `chunks of ${size}`,
        );
      }
    });
  }

  it('agrees with decodeBody on random input cut at random places', () => {
    const random = seededRandom(9051);
    const alphabet = Buffer.from('ABCab09+/=\r\n \t=3D=C3=A9=\r\n-_!', 'latin1');
    for (let round = 0; round < 400; round++) {
      const input = Buffer.from(
        Uint8Array.from(
          { length: Math.floor(random() * 200) },
          () => alphabet[Math.floor(random() * alphabet.length)]!,
        ),
      );
      for (const encoding of ['base64', 'quoted-printable']) {
        const expected = decodedWhole(input, encoding);
        const actual = decodedInChunks(input, encoding, () => 1 + Math.floor(random() * 9));
        assert.deepEqual(actual, expected, `${encoding} ${JSON.stringify(input.toString('latin1'))}`);
      }
    }
  });

  it('holds back no more than a line of padding after a "="', () => {
    const decoder = new QuotedPrintableDecoder();
    const output = [
      decoder.push(Buffer.from('a=')),
      decoder.push(Buffer.alloc(2000, 0x20)),
      decoder.push(Buffer.from('b')),
    ];
    output.push(decoder.end());
    // Past 998 octets of padding the '=' is text (decodeBody would look further: input no encoder writes).
    assert.equal(Buffer.concat(output).toString('latin1'), `a=${' '.repeat(2000)}b`);
  });
});

describe('CRLF line ends for textual BINARY data', () => {
  const cases: [string, string[], string][] = [
    ['turns bare LF into CRLF', ['a\nb\n'], 'a\r\nb\r\n'],
    ['leaves CRLF alone', ['a\r\nb\r\n'], 'a\r\nb\r\n'],
    ['sees a CR and its LF in different chunks', ['a\r', '\nb\n'], 'a\r\nb\r\n'],
    ['leaves a lone CR alone', ['a\rb'], 'a\rb'],
  ];
  for (const [behaviour, chunks, expected] of cases) {
    it(behaviour, () => {
      const repair = new LineEndRepair();
      const output = chunks.map((chunk) => repair.push(Buffer.from(chunk, 'latin1')));
      assert.equal(Buffer.concat(output).toString('latin1'), expected);
    });
  }
});
