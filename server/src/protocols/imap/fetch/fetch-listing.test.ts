// The listing writer against fetchResponseNow(): the same octets for every request and message it takes,
// undefined for those it leaves, and lines that stay intact while the arena fills new buffers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headerCacheOf } from '#formats/mime';
import { cursorOf } from '../wire/wire.fixture.ts';
import { parseFetchArguments } from './fetch-items.ts';
import { writeListingResponse } from './fetch-listing.ts';
import { type FetchMessage, type FetchResponseOptions, fetchResponseNow } from './fetch-response.ts';
import { ResponseArena } from './response-arena.ts';

const HEADER = Buffer.from(
  [
    'Received: from mx.example.org by mx.ac-test.fr',
    'From: =?utf-8?q?Ren=C3=A9e?= <renee@example.org>',
    'To: classe-4b@ac-test.fr,',
    '\tparents-4b@ac-test.fr',
    'Subject: Sortie au musée',
    'Date: Mon, 01 Sep 2025 08:30:05 +0200',
    'Message-ID: <sortie-4b@example.org>',
    'X-Mailer: Vercors',
    'Content-Type: text/plain; charset=utf-8',
    '',
    '',
  ].join('\r\n'),
  'utf8',
);

function message(index: number, fields: Partial<FetchMessage> = {}): FetchMessage {
  return {
    seq: index + 1,
    uid: 1000 + index * 7919,
    flags: [['\\Seen'], [], ['\\Seen', '\\Flagged', '$Forwarded'], ['$Étiquette']][index % 4] ?? [],
    internalDate: Date.UTC(2025, index % 12, 1 + (index % 28), index % 24, index % 60, (index * 7) % 60),
    size: 100 + index * 9973,
    modseq: index % 5 === 0 ? 715194045007n : 17 + index,
    emailId: `e${index.toString(36)}_x-Y`,
    threadId: index % 3 === 0 ? undefined : `t${index}`,
    structure: undefined,
    headerCache: headerCacheOf(HEADER) ?? null,
    read: () => {
      throw new Error('a listing never reads the message');
    },
    ...fields,
  };
}

const OPTIONS: FetchResponseOptions = {
  utf8: false,
  isImap4rev2: false,
  includeUid: false,
  includeFlags: false,
  zoneMinutes: 0,
};

function expected(fetched: FetchMessage, args: string, options: FetchResponseOptions, isUid = false) {
  const request = parseFetchArguments(cursorOf(` ${args}`), { isUid });
  const now = fetchResponseNow(fetched, request, options);
  assert.ok(now !== undefined, `fetchResponseNow answers ${args}`);
  return { request, octets: Buffer.concat(now) };
}

describe('writeListingResponse', () => {
  const requests = [
    '(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])',
    '(FLAGS)',
    'FAST',
    '(UID MODSEQ EMAILID THREADID)',
    '(BODY[HEADER.FIELDS (to)] UID)',
    '(BODY.PEEK[HEADER.FIELDS (LIST-ID)] RFC822.SIZE)',
    '(INTERNALDATE BODY.PEEK[HEADER.FIELDS (Subject From)] BODY.PEEK[HEADER.FIELDS (DATE)])',
  ];
  const zones = [0, 120, -420, 345, -60];

  it('writes the octets fetchResponseNow() writes, for every item it handles and option that changes them', () => {
    const arena = new ResponseArena();
    let compared = 0;
    for (const [index, args] of requests.entries()) {
      for (let variant = 0; variant < 40; variant++) {
        const fetched = message(index * 40 + variant);
        const options = {
          ...OPTIONS,
          utf8: variant % 2 === 0,
          includeUid: variant % 3 === 0,
          includeFlags: variant % 4 === 0,
          zoneMinutes: zones[variant % zones.length] ?? 0,
        };
        const { request, octets } = expected(fetched, args, options, variant % 5 === 0);
        const line = writeListingResponse(arena, fetched, request, options);
        assert.ok(line !== undefined, `listing of ${args}`);
        assert.equal(line.toString('latin1'), octets.toString('latin1'), `${args}, variant ${variant}`);
        compared++;
      }
    }
    assert.equal(compared, requests.length * 40);
  });

  it('writes an empty selection as "", a header cache without the fields, a plain Uint8Array cache and far dates as the other path', () => {
    const arena = new ResponseArena();
    const cases: FetchMessage[] = [
      message(1, { headerCache: new Uint8Array(0) }),
      message(2, { headerCache: Buffer.from('X-Tuid: abc\r\n\r\n') }),
      message(3, { internalDate: Date.UTC(10_500, 0, 1) }),
      message(4, { internalDate: 0, size: 0, uid: 1 }),
      // node:sqlite reads a BLOB as a plain Uint8Array, not a Buffer.
      message(5, { headerCache: Uint8Array.from(headerCacheOf(HEADER) ?? []) }),
      // A line larger than the arena's first buffers.
      message(6, { headerCache: Buffer.from(`From: ${'a'.repeat(9_000)}@example.org\r\n\r\n`) }),
    ];
    for (const fetched of cases) {
      const args = '(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM)])';
      const { request, octets } = expected(fetched, args, OPTIONS);
      assert.equal(
        writeListingResponse(arena, fetched, request, OPTIONS)?.toString('latin1'),
        octets.toString('latin1'),
      );
    }
  });

  it('leaves other items, partial sections, uncached or NUL-holding headers and odd ids to the other path', () => {
    const arena = new ResponseArena();
    const fetched = message(0);
    const left = (args: string, target: FetchMessage = fetched) => {
      const request = parseFetchArguments(cursorOf(` ${args}`), { isUid: false });
      return writeListingResponse(arena, target, request, OPTIONS);
    };
    assert.equal(left('(UID ENVELOPE)'), undefined);
    assert.equal(left('(UID PREVIEW)'), undefined);
    assert.equal(left('(BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>)'), undefined);
    assert.equal(left('(BODY.PEEK[HEADER.FIELDS (X-SPAM-SCORE)])'), undefined);
    assert.equal(left('(BODY.PEEK[HEADER])'), undefined);
    assert.equal(left('(BODY.PEEK[HEADER.FIELDS (FROM)])', message(0, { headerCache: null })), undefined);
    assert.equal(
      left(
        '(BODY.PEEK[HEADER.FIELDS (FROM)])',
        message(0, { headerCache: Buffer.from('From: a\0b\r\n\r\n') }),
      ),
      undefined,
    );
    assert.equal(left('(EMAILID)', message(0, { emailId: 'not an id' })), undefined);
    // A line given up half-way leaves nothing behind: the next one is whole.
    const request = parseFetchArguments(cursorOf(' (UID FLAGS)'), { isUid: false });
    assert.equal(
      writeListingResponse(arena, fetched, request, OPTIONS)?.toString(),
      '* 1 FETCH (UID 1000 FLAGS (\\Seen))\r\n',
    );
  });

  it('hands out lines that stay as written while later lines fill new buffers', () => {
    const arena = new ResponseArena();
    const args = '(UID FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])';
    const lines: Buffer[] = [];
    const octets: Buffer[] = [];
    // About 300 octets a line: several 64 KiB buffers.
    for (let index = 0; index < 1_000; index++) {
      const fetched = message(index);
      const { request, octets: expectedOctets } = expected(fetched, args, OPTIONS);
      const line = writeListingResponse(arena, fetched, request, OPTIONS);
      assert.ok(line !== undefined);
      lines.push(line);
      octets.push(expectedOctets);
    }
    assert.ok(new Set(lines.map((line) => line.buffer)).size > 2, 'the lines span several buffers');
    lines.forEach((line, index) => assert.deepEqual(line, octets[index]));
  });
});
