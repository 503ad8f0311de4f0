import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Partial as PartialRange, SectionSpec, SectionText } from '../wire/section-spec.ts';
import { collect, messageOf, storedOf } from './fetch.fixture.ts';
import { MIXED, PLAIN } from './fetch-messages.fixture.ts';
import { bodyChunks, bodySize, KEEP_IN_MEMORY_BELOW, type SectionBody } from './section-body.ts';
import { bodySection } from './section-bytes.ts';

/** `1.2.HEADER.FIELDS (From To)` → SectionSpec, as section-spec.ts would read it. */
function spec(text: string): SectionSpec {
  const match = /^([0-9.]*?)\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?(?: \((.*)\))?$/.exec(
    text,
  );
  assert.ok(match, text);
  const part = match[1] === '' ? [] : match[1]!.split('.').map(Number);
  return { part, text: match[2] as SectionText | undefined, fields: match[3]?.split(' ') ?? [] };
}

async function sectionText(raw: Buffer, section: string, partial?: PartialRange): Promise<string> {
  const { structure, read } = await storedOf(raw);
  const body = await bodySection(
    { size: raw.length, structure: structure.structure, read },
    spec(section),
    partial,
  );
  const bytes = await collect(bodyChunks(body));
  assert.equal(bytes.length, bodySize(body), 'the size announced is the size sent');
  return bytes.toString('utf8');
}

const MIXED_TEXT = MIXED.toString('utf8');
const MIXED_HEADER = MIXED_TEXT.slice(0, MIXED_TEXT.indexOf('\r\n\r\n') + 4);
const FORWARDED = [
  'From: Luc Fabre <luc.fabre@ac-grenoble.fr>',
  'To: undisclosed-recipients:;',
  'Subject: Fwd: salles',
  'Date: Fri, 29 Aug 2025 17:00:00 +0200',
  '',
  'Salle B12.',
].join('\r\n');

describe('BODY[section] of a multipart message, from the recorded offsets (golden)', () => {
  // Expectations from RFC 9051 §6.4.5: a part's body stops before the CRLF that precedes the next boundary;
  // HEADER includes the blank line; part numbers inside the message/rfc822 part 3 count its own parts.
  const cases: [string, string, string][] = [
    ['BODY[] is the whole message', '', MIXED_TEXT],
    ['BODY[HEADER] is the header with its blank line', 'HEADER', MIXED_HEADER],
    ['BODY[TEXT] is everything after the blank line', 'TEXT', MIXED_TEXT.slice(MIXED_HEADER.length)],
    [
      'BODY[1] of a nested multipart is its body, boundaries included',
      '1',
      MIXED_TEXT.slice(MIXED_TEXT.indexOf('--alt\r\n'), MIXED_TEXT.indexOf('--alt--') + '--alt--\r\n'.length),
    ],
    ['BODY[1.1] is the encoded text', '1.1', 'Bonne rentr=C3=A9e =\r\n=C3=A0 tous.'],
    ['BODY[1.2] is the base64 HTML', '1.2', 'PHA+Qm9ubmUgcmVudHLDqWU8L3A+'],
    [
      'BODY[1.1.MIME] is the part header with its blank line',
      '1.1.MIME',
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
    ],
    ['BODY[2] is the attachment as stored', '2', 'JVBERi0xLjcKJeLjz9MK'],
    ['BODY[3] is the whole forwarded message', '3', FORWARDED],
    [
      'BODY[3.MIME] is the MIME header of the message/rfc822 part',
      '3.MIME',
      'Content-Type: message/rfc822\r\n\r\n',
    ],
    [
      'BODY[3.HEADER] is the forwarded message header',
      '3.HEADER',
      FORWARDED.slice(0, FORWARDED.indexOf('\r\n\r\n') + 4),
    ],
    ['BODY[3.TEXT] is the forwarded message body', '3.TEXT', 'Salle B12.'],
    ['BODY[3.1] is the body of the one-part forwarded message', '3.1', 'Salle B12.'],
    [
      'BODY[3.HEADER.FIELDS (SUBJECT)] filters the forwarded header',
      '3.HEADER.FIELDS (SUBJECT)',
      'Subject: Fwd: salles\r\n\r\n',
    ],
    [
      'BODY[HEADER.FIELDS (from TO)] keeps the named fields and the blank line',
      'HEADER.FIELDS (from TO)',
      'From: =?utf-8?q?Ren=C3=A9e_Martin?= <renee.martin@ac-grenoble.fr>\r\n' +
        'To: "Dupont, Jean" <jean.dupont@ac-grenoble.fr>, secretariat@ac-grenoble.fr\r\n\r\n',
    ],
    [
      'BODY[HEADER.FIELDS.NOT (…)] keeps the others',
      'HEADER.FIELDS.NOT (From To Cc Reply-To Subject Date Message-ID In-Reply-To)',
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="mixed"\r\n\r\n',
    ],
    ['a part that does not exist is the empty string', '4', ''],
    ['a nested part that does not exist is the empty string', '1.5', ''],
    ['HEADER of a part that is not a message is the empty string', '2.HEADER', ''],
    ['TEXT of a part that is not a message is the empty string', '1.1.TEXT', ''],
    ['a part below a leaf is the empty string', '2.1', ''],
  ];
  for (const [behaviour, section, expected] of cases) {
    it(behaviour, async () => {
      assert.equal(await sectionText(MIXED, section), expected);
    });
  }
});

describe('BODY[section] of a one-part message', () => {
  const body = 'Line one.\r\nLine two.\r\n';
  const cases: [string, string, string][] = [
    ['BODY[1] of a message that is not multipart is its body', '1', body],
    ['BODY[TEXT] is the same body', 'TEXT', body],
    [
      'BODY[1.MIME] is the message header, as Dovecot sends it',
      '1.MIME',
      PLAIN.toString().slice(0, -body.length),
    ],
    [
      'a folded field keeps its continuation line',
      'HEADER.FIELDS (x-folded)',
      'X-Folded: one\r\n  two\r\n\r\n',
    ],
    ['BODY[2] does not exist', '2', ''],
  ];
  for (const [behaviour, section, expected] of cases) {
    it(behaviour, async () => {
      assert.equal(await sectionText(PLAIN, section), expected);
    });
  }
});

describe('partial BODY[section]<origin.count>', () => {
  const cases: [string, string, PartialRange, string][] = [
    ['takes count octets from origin', '1.1', { offset: 6, length: 5 }, 'rentr'],
    ['stops at the end of the section', '1.2', { offset: 20, length: 100 }, 'qWU8L3A+'],
    ['is empty from an origin past the end', '1.2', { offset: 1000, length: 5 }, ''],
    [
      'applies to the filtered header, after filtering',
      'HEADER.FIELDS (subject)',
      { offset: 9, length: 7 },
      '=?utf-8',
    ],
  ];
  for (const [behaviour, section, partial, expected] of cases) {
    it(behaviour, async () => {
      assert.equal(await sectionText(MIXED, section, partial), expected);
    });
  }
});

describe('what BODY[section] reads and holds', () => {
  async function sectionOf(raw: Buffer, section: string, partial?: PartialRange) {
    const stored = await storedOf(raw, 4096);
    const body = await bodySection(
      { size: raw.length, structure: stored.structure.structure, read: stored.read },
      spec(section),
      partial,
    );
    return { stored, body };
  }

  it('reads only the header octets for HEADER.FIELDS', async () => {
    const { stored } = await sectionOf(MIXED, 'HEADER.FIELDS (Subject)');
    assert.deepEqual(stored.reads, [{ start: 0, end: stored.structure.headerSize }]);
  });

  it('streams a large BODY[] in chunks without reading it before it is sent', async () => {
    const raw = messageOf(['Subject: big', '', 'x'.repeat(3 * 1024 * 1024)]);
    const { stored, body } = await sectionOf(raw, '');
    assert.equal(body.kind, 'range');
    assert.deepEqual(stored.reads, []);
    let chunks = 0;
    let size = 0;
    for await (const chunk of bodyChunks(body)) {
      chunks++;
      size += chunk.length;
    }
    assert.equal(size, raw.length);
    assert.ok(chunks > 700, `${chunks} chunks`);
  });

  it('reads only the wanted range of a partial fetch', async () => {
    const raw = messageOf(['Subject: big', '', 'x'.repeat(100_000)]);
    const { stored, body } = await sectionOf(raw, 'TEXT', { offset: 50_000, length: 10 });
    await collect(bodyChunks(body));
    assert.deepEqual(stored.reads, [
      { start: raw.indexOf('\r\n\r\n') + 4 + 50_000, end: raw.indexOf('\r\n\r\n') + 4 + 50_010 },
    ]);
  });

  it('measures a header block larger than it keeps in memory, then filters it again while sending', async () => {
    const received =
      'Received: from relay.example.org by mx.ac-grenoble.fr; Mon, 1 Sep 2025 08:00:00 +0200\r\n';
    const lines = received.repeat(Math.ceil(KEEP_IN_MEMORY_BELOW / received.length) + 10);
    const raw = Buffer.from(`${lines}Subject: at the end\r\n\r\nbody\r\n`);
    const { stored, body } = await sectionOf(raw, 'HEADER.FIELDS (Subject)');
    assert.equal(body.kind, 'stream');
    assert.equal(bodySize(body), 'Subject: at the end\r\n\r\n'.length);
    assert.equal((await collect(bodyChunks(body))).toString(), 'Subject: at the end\r\n\r\n');
    assert.equal(stored.reads.length, 2, 'one pass to measure, one to send');
  });

  it('sends NUL octets of a stored message as 0x80, keeping the size', async () => {
    const raw = Buffer.from('Subject: nul\r\n\r\na\0b\r\n', 'latin1');
    const { body } = await sectionOf(raw, 'TEXT');
    assert.deepEqual([...(await collect(bodyChunks(body)))], [0x61, 0x80, 0x62, 0x0d, 0x0a]);
  });

  it('throws when the store returns fewer octets than the structure promised', async () => {
    const { stored, body } = await sectionOf(MIXED, '');
    const short: SectionBody =
      body.kind === 'range'
        ? { ...body, read: (range) => stored.read({ start: range.start, end: range.end - 5 }) }
        : body;
    await assert.rejects(collect(bodyChunks(short)), /stored message ended after/);
  });
});
