import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MimePart } from '#formats/mime';
import { type BodyStructureOptions, writeBodyStructure } from './body-structure.ts';
import { checkBodyShape, messageOf, readValues, storedOf, written } from './fetch.fixture.ts';
import { BROKEN_BOUNDARY, MIXED, PLAIN } from './fetch-messages.fixture.ts';

const EXTENSIBLE: BodyStructureOptions = { isExtensible: true, isImap4rev2: false };
const BASIC: BodyStructureOptions = { isExtensible: false, isImap4rev2: false };

async function structureOf(raw: Buffer, options: BodyStructureOptions): Promise<string> {
  const { structure } = await storedOf(raw);
  return written((writer) => writeBodyStructure(writer, structure.structure, options));
}

/** The forwarded message's envelope, as it appears inside part 3. */
const NESTED_ENVELOPE =
  '("Fri, 29 Aug 2025 17:00:00 +0200" "Fwd: salles" (("Luc Fabre" NIL "luc.fabre" "ac-grenoble.fr")) ' +
  '(("Luc Fabre" NIL "luc.fabre" "ac-grenoble.fr")) (("Luc Fabre" NIL "luc.fabre" "ac-grenoble.fr")) ' +
  '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL)';

describe('BODYSTRUCTURE and BODY of parsed messages (golden)', () => {
  // Expectations from RFC 9051 §7.5.2: sizes are the encoded octets between the part's blank line and the
  // CRLF before the next boundary; text parts and message/rfc822 add their line count; the RFC 2231 name is
  // reassembled by the parser and sent again as one `name*` extended value (ASCII, as Dovecot passes it);
  // the encoded Content-Description is re-encoded as one B word; the Content-ID gets its brackets back.
  const cases: [string, Buffer, BodyStructureOptions, string][] = [
    [
      'a multipart/mixed with alternative, attachment and forwarded message, with extension data',
      MIXED,
      EXTENSIBLE,
      '((("text" "plain" ("charset" "utf-8") NIL NIL "QUOTED-PRINTABLE" 34 2 NIL NIL NIL NIL)' +
        '("text" "html" ("charset" "utf-8") NIL NIL "BASE64" 28 1 NIL NIL NIL NIL) ' +
        '"alternative" ("boundary" "alt") NIL NIL NIL)' +
        `("application" "pdf" ("name*" "utf-8''ordre%20du%20jour%20r%C3%A9union.pdf") "<odj@ac-grenoble.fr>" ` +
        '"=?utf-8?B?T3JkcmUgZHUgam91ciByw6l1bmlvbg==?=" "BASE64" 20 "Q2hlY2sgSW50ZWdyaXR5IQ==" ' +
        `("attachment" ("filename*" "utf-8''ordre%20du%20jour%20r%C3%A9union.pdf")) ("fr") NIL)` +
        `("message" "rfc822" NIL NIL NIL "7BIT" 147 ${NESTED_ENVELOPE} ` +
        '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL) 6 NIL NIL NIL NIL) ' +
        '"mixed" ("boundary" "mixed") NIL NIL NIL)',
    ],
    [
      'the same message without extension data for BODY',
      MIXED,
      BASIC,
      '((("text" "plain" ("charset" "utf-8") NIL NIL "QUOTED-PRINTABLE" 34 2)' +
        '("text" "html" ("charset" "utf-8") NIL NIL "BASE64" 28 1) "alternative")' +
        `("application" "pdf" ("name*" "utf-8''ordre%20du%20jour%20r%C3%A9union.pdf") "<odj@ac-grenoble.fr>" ` +
        '"=?utf-8?B?T3JkcmUgZHUgam91ciByw6l1bmlvbg==?=" "BASE64" 20)' +
        `("message" "rfc822" NIL NIL NIL "7BIT" 147 ${NESTED_ENVELOPE} ` +
        '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 1) 6) "mixed")',
    ],
    [
      'a message without Content-Type is text/plain in US-ASCII, 7BIT (RFC 2045 §5.2, §6.1)',
      PLAIN,
      EXTENSIBLE,
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 22 2 NIL NIL NIL NIL)',
    ],
    [
      'a multipart whose boundary never comes is one text part, its parameters kept',
      BROKEN_BOUNDARY,
      BASIC,
      '("text" "plain" ("boundary" "never" "charset" "us-ascii") NIL NIL "7BIT" 55 5)',
    ],
  ];
  for (const [behaviour, raw, options, expected] of cases) {
    it(behaviour, async () => {
      const text = await structureOf(raw, options);
      assert.equal(text, expected);
      const [value] = readValues(text);
      checkBodyShape(value!, options.isExtensible);
    });
  }
});

describe('BODYSTRUCTURE of unusual trees', () => {
  const leaf = (fields: Partial<MimePart>): MimePart => ({
    partId: '1',
    type: 'application',
    subtype: 'octet-stream',
    parameters: {},
    encoding: '7bit',
    headerStart: 0,
    headerEnd: 10,
    bodyStart: 10,
    bodyEnd: 20,
    bodySize: 10,
    bodyLines: 1,
    children: [],
    ...fields,
  });
  const nested = { envelope: { subject: 'inner' }, structure: leaf({ type: 'text', subtype: 'plain' }) };
  const cases: [string, MimePart, BodyStructureOptions, string][] = [
    [
      'a message/rfc822 part without its nested message is opaque octets',
      leaf({ type: 'message', subtype: 'rfc822' }),
      BASIC,
      '("application" "octet-stream" NIL NIL NIL "7BIT" 10)',
    ],
    [
      'message/global is a basic part for a rev1 client',
      leaf({ type: 'message', subtype: 'global', message: nested }),
      BASIC,
      '("message" "global" NIL NIL NIL "7BIT" 10)',
    ],
    [
      'message/global has its envelope and body for an IMAP4rev2 client',
      leaf({ type: 'message', subtype: 'global', message: nested }),
      { isExtensible: false, isImap4rev2: true },
      '("message" "global" NIL NIL NIL "7BIT" 10 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) ' +
        '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 1) 1)',
    ],
    [
      'a multipart without children gets an empty text part so that it parses',
      leaf({ type: 'multipart', subtype: 'mixed', parameters: { boundary: 'b' } }),
      EXTENSIBLE,
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)',
    ],
    [
      'an unknown encoding is sent upper case as a string',
      leaf({ encoding: 'x-uuencode' }),
      BASIC,
      '("application" "octet-stream" NIL NIL NIL "X-UUENCODE" 10)',
    ],
    [
      'a disposition without parameters has NIL parameters, several languages a list',
      leaf({
        disposition: { type: 'inline', parameters: {} },
        language: ['fr', 'en'],
        location: 'https://x.example/a',
      }),
      EXTENSIBLE,
      '("application" "octet-stream" NIL NIL NIL "7BIT" 10 NIL ("inline" NIL) ("fr" "en") "https://x.example/a")',
    ],
    [
      'a parameter value with quotes is escaped, a non-ASCII one sent as RFC 2231',
      leaf({ parameters: { name: 'a "b".txt', title: 'été' } }),
      BASIC,
      `("application" "octet-stream" ("name" "a \\"b\\".txt" "title*" "utf-8''%C3%A9t%C3%A9") NIL NIL "7BIT" 10)`,
    ],
  ];
  for (const [behaviour, part, options, expected] of cases) {
    it(behaviour, () => {
      const text = written((writer) => writeBodyStructure(writer, part, options));
      assert.equal(text, expected);
      checkBodyShape(readValues(text)[0]!, options.isExtensible, options.isImap4rev2);
    });
  }

  it('writes a tree nested past 64 levels as opaque octets below that depth', () => {
    let part = leaf({ type: 'text', subtype: 'plain' });
    for (let level = 0; level < 100; level++)
      part = leaf({ type: 'multipart', subtype: 'mixed', children: [part] });
    const text = written((writer) => writeBodyStructure(writer, part, BASIC));
    assert.equal(checkBodyShape(readValues(text)[0]!, false), 1);
    assert.match(text, /"application" "octet-stream"/);
  });

  it('never throws on a tree with missing fields, as damaged stored data could be', () => {
    const damaged = {
      ...leaf({ type: 'text', subtype: '' }),
      parameters: undefined,
      children: undefined,
      encoding: '',
    };
    const text = written((writer) => writeBodyStructure(writer, damaged as unknown as MimePart, EXTENSIBLE));
    assert.equal(text, '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL)');
  });

  it('gives every part of a many-part message its place in a strict parse', async () => {
    const parts = Array.from({ length: 30 }, (_, index) => [
      '--b',
      `Content-Type: ${index % 2 === 0 ? 'text/plain' : 'image/png'}`,
      '',
      `part ${index}`,
    ]).flat();
    const raw = messageOf(['Content-Type: multipart/mixed; boundary=b', '', ...parts, '--b--', '']);
    const [value] = readValues(await structureOf(raw, EXTENSIBLE));
    assert.equal(checkBodyShape(value!, true), 30);
  });
});
