import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorOf } from '../wire/wire.fixture.ts';
import { parseFetchArguments } from './fetch-items.ts';
import { headerCacheOf } from '#formats/mime';
import {
  type FetchMessage,
  type FetchResponseOptions,
  fetchResponseNow,
  prepareFetchResponse,
} from './fetch-response.ts';
import { checkBodyShape, messageOf, readValues, storedOf } from './fetch.fixture.ts';
import { MIXED } from './fetch-messages.fixture.ts';

const OPTIONS: FetchResponseOptions = {
  utf8: false,
  isImap4rev2: false,
  includeUid: false,
  includeFlags: false,
  zoneMinutes: 120,
};

async function messageFrom(
  raw: Buffer,
  fields: Partial<FetchMessage> = {},
  chunkSize = 7,
): Promise<FetchMessage> {
  const stored = await storedOf(raw, chunkSize);
  return {
    seq: 3,
    uid: 1042,
    flags: ['\\Seen', '$Forwarded'],
    internalDate: Date.UTC(2025, 8, 1, 6, 30, 5),
    size: raw.length,
    modseq: 715194045007n,
    emailId: 'Mabc_12-x',
    threadId: 'Tdef',
    structure: stored.structure,
    preview: 'Bonne rentrée à tous.',
    read: stored.read,
    ...fields,
  };
}

/** The whole response for `args` (what follows `FETCH 3`), as one Buffer, and the chunks it came in. */
async function respond(
  message: FetchMessage,
  args: string,
  options: Partial<FetchResponseOptions> = {},
  isUid = false,
) {
  const request = parseFetchArguments(cursorOf(` ${args}`), { isUid });
  const prepared = await prepareFetchResponse(message, request, { ...OPTIONS, ...options });
  assert.ok(!prepared.isRefused, 'answered');
  const chunks: Buffer[] = [];
  for await (const chunk of prepared.chunks()) chunks.push(chunk);
  return { text: Buffer.concat(chunks).toString('utf8'), chunks };
}

/** The FETCH data list of a `* n FETCH (…)` line, read back strictly. */
function fetchData(text: string): unknown[] {
  assert.ok(text.startsWith('* 3 FETCH (') && text.endsWith(')\r\n'), text.slice(0, 80));
  const [data] = readValues(text.slice('* 3 FETCH '.length, -2));
  assert.ok(Array.isArray(data));
  return data;
}

describe('FETCH responses', () => {
  const cases: [string, string, Partial<FetchResponseOptions>, string][] = [
    [
      'writes metadata items in the order asked',
      '(FLAGS RFC822.SIZE UID)',
      {},
      `* 3 FETCH (UID 1042 FLAGS (\\Seen $Forwarded) RFC822.SIZE ${MIXED.length})\r\n`,
    ],
    [
      'adds UID first for UID FETCH',
      'FLAGS',
      { includeUid: true },
      '* 3 FETCH (UID 1042 FLAGS (\\Seen $Forwarded))\r\n',
    ],
    [
      'adds FLAGS after \\Seen was set',
      'BODY[1.2]',
      { includeFlags: true },
      '* 3 FETCH (FLAGS (\\Seen $Forwarded) BODY[1.2] {28}\r\nPHA+Qm9ubmUgcmVudHLDqWU8L3A+)\r\n',
    ],
    [
      'writes INTERNALDATE in the zone given',
      'INTERNALDATE',
      {},
      '* 3 FETCH (INTERNALDATE "01-Sep-2025 08:30:05 +0200")\r\n',
    ],
    [
      'writes MODSEQ, EMAILID and THREADID in parentheses',
      '(MODSEQ EMAILID THREADID)',
      {},
      '* 3 FETCH (MODSEQ (715194045007) EMAILID (Mabc_12-x) THREADID (Tdef))\r\n',
    ],
    ['writes SAVEDATE as NIL when the store has none', 'SAVEDATE', {}, '* 3 FETCH (SAVEDATE NIL)\r\n'],
    [
      'sends a UTF-8 preview quoted to a UTF-8 client',
      'PREVIEW',
      { utf8: true },
      '* 3 FETCH (PREVIEW "Bonne rentrée à tous.")\r\n',
    ],
    [
      'sends a UTF-8 preview as a literal to a rev1 client',
      'PREVIEW',
      {},
      '* 3 FETCH (PREVIEW {23}\r\nBonne rentrée à tous.)\r\n',
    ],
    [
      'answers a partial with its origin',
      'BODY.PEEK[1.1]<6.5>',
      {},
      '* 3 FETCH (BODY[1.1]<6> {5}\r\nrentr)\r\n',
    ],
    ['sends an empty section as ""', 'BODY[9]', {}, '* 3 FETCH (BODY[9] "")\r\n'],
    ['writes UID first wherever it was asked', '(BODY[9] UID)', {}, '* 3 FETCH (UID 1042 BODY[9] "")\r\n'],
    [
      'answers BINARY.SIZE with the decoded size',
      'BINARY.SIZE[1.1]',
      {},
      '* 3 FETCH (BINARY.SIZE[1.1] 23)\r\n',
    ],
    [
      'sends BINARY as a literal when it holds no NUL',
      'BINARY.PEEK[1.2]',
      {},
      '* 3 FETCH (BINARY[1.2] {21}\r\n<p>Bonne rentrée</p>)\r\n',
    ],
    [
      'keeps the field list in the response name',
      'BODY.PEEK[3.HEADER.FIELDS (subject)]',
      {},
      '* 3 FETCH (BODY[3.HEADER.FIELDS (subject)] {24}\r\nSubject: Fwd: salles\r\n\r\n)\r\n',
    ],
  ];
  for (const [behaviour, args, options, expected] of cases) {
    it(behaviour, async () => {
      const { text } = await respond(await messageFrom(MIXED), args, options);
      assert.equal(text, expected);
    });
  }

  it('writes ENVELOPE and BODYSTRUCTURE that read back strictly', async () => {
    const { text } = await respond(await messageFrom(MIXED), '(ENVELOPE BODYSTRUCTURE BODY)');
    const [, envelope, , structure, , body] = fetchData(text) as [
      unknown,
      unknown[],
      unknown,
      unknown,
      unknown,
      unknown,
    ];
    assert.equal(envelope.length, 10);
    // text, html, pdf and the message/rfc822 part (its nested part is checked inside it).
    assert.equal(checkBodyShape(structure as never, true), 4);
    assert.equal(checkBodyShape(body as never, false), 4);
  });

  it('streams a large BODY[] in many chunks and goes on with the next items after it', async () => {
    const raw = messageOf(['Subject: big', '', 'x'.repeat(2 * 1024 * 1024)]);
    const message = await messageFrom(raw, { structure: undefined }, 16 * 1024);
    const { text, chunks } = await respond(message, '(UID BODY.PEEK[] FLAGS)');
    assert.ok(chunks.length > 100, `${chunks.length} chunks`);
    assert.ok(
      chunks.every((chunk) => chunk.length <= 64 * 1024),
      'no chunk joins the message',
    );
    assert.ok(text.startsWith(`* 3 FETCH (UID 1042 BODY[] {${raw.length}}\r\nSubject: big`));
    assert.ok(text.endsWith('xxx FLAGS (\\Seen $Forwarded))\r\n'));
  });

  it('sends RFC822, RFC822.HEADER and RFC822.TEXT under their own names', async () => {
    const raw = messageOf(['Subject: s', '', 'body']);
    const { text } = await respond(await messageFrom(raw), '(RFC822.HEADER RFC822.TEXT RFC822)');
    assert.equal(
      text,
      `* 3 FETCH (RFC822.HEADER {14}\r\nSubject: s\r\n\r\n RFC822.TEXT {4}\r\nbody RFC822 {18}\r\nSubject: s\r\n\r\nbody)\r\n`,
    );
  });

  it('sends decoded octets with NUL as literal8', async () => {
    const raw = messageOf([
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      'AAEC',
    ]);
    const { text } = await respond(await messageFrom(raw), 'BINARY[1]');
    assert.equal(text, '* 3 FETCH (BINARY[1] ~{3}\r\n\0\u0001\u0002)\r\n');
  });

  it('answers THREADID NIL for a message outside any thread', async () => {
    const { text } = await respond(await messageFrom(MIXED, { threadId: undefined }), 'THREADID');
    assert.equal(text, '* 3 FETCH (THREADID NIL)\r\n');
  });

  it('cuts a preview to 256 characters', async () => {
    const { text } = await respond(await messageFrom(MIXED, { preview: 'é'.repeat(300) }), 'PREVIEW', {
      utf8: true,
    });
    assert.equal(text, `* 3 FETCH (PREVIEW "${'é'.repeat(256)}")\r\n`);
  });

  it('refuses the whole message before writing anything when a BINARY part cannot be decoded', async () => {
    const raw = messageOf(['Content-Type: text/plain', 'Content-Transfer-Encoding: x-uuencode', '', 'begin']);
    const request = parseFetchArguments(cursorOf(' (UID BINARY[1])'), { isUid: false });
    const prepared = await prepareFetchResponse(await messageFrom(raw), request, OPTIONS);
    assert.ok(prepared.isRefused);
    assert.equal(prepared.code, 'UNKNOWN-CTE');
  });

  it('holds the structure requirement: an ENVELOPE without the structure is a bug, not a NO', async () => {
    const message = await messageFrom(MIXED, { structure: undefined });
    await assert.rejects(respond(message, 'ENVELOPE'), /EmailStructure the command did not load/);
  });

  it('writes a long line in pieces that still read back as one response', async () => {
    const to = Array.from(
      { length: 3000 },
      (_, index) => `"Personne ${index}" <p${index}@ac-grenoble.fr>`,
    ).join(', ');
    const raw = messageOf([`To: ${to}`, 'Subject: s', '', 'body']);
    const { text, chunks } = await respond(await messageFrom(raw), '(ENVELOPE UID)');
    assert.ok(chunks.length > 1, 'taken in pieces');
    const data = fetchData(text) as [unknown, number, unknown, unknown[]];
    assert.equal(data[1], 1042);
    assert.equal((data[3][5] as unknown[]).length, 3000);
  });

  describe('at once, from the loaded row (fetchResponseNow)', () => {
    const now = (message: FetchMessage, args: string, options: Partial<FetchResponseOptions> = {}) =>
      fetchResponseNow(message, parseFetchArguments(cursorOf(` ${args}`), { isUid: true }), {
        ...OPTIONS,
        ...options,
      });
    const raw = messageOf([
      'From: "Élise Martin" <elise.martin@ac-grenoble.fr>',
      'To: equipe@ac-grenoble.fr',
      'Subject: =?UTF-8?Q?R=C3=A9union?= du conseil',
      'Date: Mon, 1 Sep 2025 08:30:05 +0200',
      'Message-ID: <r1@ac-grenoble.fr>',
      'X-Mailer: rien',
      '',
      'Bonjour',
    ]);
    const headerOf = (bytes: Buffer) => bytes.subarray(0, bytes.indexOf('\r\n\r\n') + 4);

    it('writes what the reading path writes, for values and cached header fields', async () => {
      const headerCache = headerCacheOf(headerOf(raw));
      assert.ok(headerCache !== undefined);
      const message = await messageFrom(raw, { headerCache });
      for (const args of [
        '(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])',
        '(FLAGS BODY.PEEK[HEADER.FIELDS (subject)]<2.9> MODSEQ EMAILID THREADID PREVIEW)',
        'BODY[HEADER.FIELDS (X-Unknown-Field-Not-Cached-Anyway)]',
        '(UID ENVELOPE BODYSTRUCTURE)',
      ]) {
        const chunks = now(message, args, { includeUid: true });
        if (args.includes('X-Unknown')) {
          assert.equal(chunks, undefined, 'a field outside the cache is read from the message');
          continue;
        }
        assert.ok(chunks !== undefined, args);
        const { text } = await respond(message, args, { includeUid: true }, true);
        assert.equal(Buffer.concat(chunks).toString('utf8'), text, args);
      }
    });

    it('leaves to the reading path what needs the stored octets or has no cache', async () => {
      const message = await messageFrom(raw);
      assert.equal(now(message, 'BODY.PEEK[HEADER.FIELDS (SUBJECT)]'), undefined, 'no header cache');
      const cached = await messageFrom(raw, { headerCache: headerCacheOf(headerOf(raw)) });
      for (const args of ['BODY.PEEK[]', 'RFC822.HEADER', 'BINARY.PEEK[1]', 'BODY[HEADER.FIELDS.NOT (TO)]']) {
        assert.equal(now(cached, args), undefined, args);
      }
    });

    it('writes BODY[] and RFC822 from the octets the row brought, as the reading path writes them', async () => {
      const withNul = messageOf(['Subject: nul', '', 'a\0b\0c']);
      for (const bytes of [raw, withNul]) {
        const message = await messageFrom(bytes, { bytes: Uint8Array.from(bytes) });
        for (const args of [
          'BODY.PEEK[]',
          '(UID BODY[] FLAGS)',
          'BODY.PEEK[]<5.20>',
          'BODY[]<900.10>',
          'RFC822',
        ]) {
          const chunks = now(message, args);
          assert.ok(chunks !== undefined, args);
          const read = await respond(message, args, {}, true);
          assert.deepEqual(Buffer.concat(chunks), Buffer.concat(read.chunks), args);
          // NUL may not go in a literal (RFC 9051 §4.3): replaced, and the row's octets left as they were.
          assert.equal(Buffer.concat(chunks).includes(0), false, args);
        }
        assert.deepEqual(Buffer.from(message.bytes ?? []), bytes);
      }
    });

    it('leaves a part, or octets that do not match the row, to the reading path', async () => {
      const message = await messageFrom(raw, { bytes: Uint8Array.from(raw) });
      for (const args of ['BODY.PEEK[TEXT]', 'BODY.PEEK[1]', 'BINARY.PEEK[]', 'RFC822.TEXT']) {
        assert.equal(now(message, args), undefined, args);
      }
      // A store that lost octets fails on the reading path, which reports it before writing anything.
      const short = await messageFrom(raw, { bytes: Uint8Array.from(raw.subarray(0, 10)) });
      assert.throws(() => now(short, 'BODY.PEEK[]'), /stored message ended after 10/);
    });
  });
});
