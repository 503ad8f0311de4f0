import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '#core/seeded-random';
import { filterHeaderBlock, HeaderFieldFilter } from './header-field-filter.ts';

/** The filter's output for `header` pushed in chunks of `size` octets. */
function filtered(header: string, names: string[], isExclusion: boolean, size: number): string {
  const bytes = Buffer.from(header, 'utf8');
  const filter = new HeaderFieldFilter(names, isExclusion);
  const kept: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    kept.push(...filter.push(bytes.subarray(offset, offset + size)));
  return Buffer.concat(kept).toString('utf8');
}

const HEADER = [
  'Received: from a by b;',
  '\tMon, 1 Sep 2025 08:00:00 +0200',
  'From: Jean <jean@example.fr>',
  'subject: Bonjour',
  'To: a@example.fr,',
  '  b@example.fr',
  'X-Spam : no',
  '',
  'Body: not a field',
].join('\r\n');

describe('HEADER.FIELDS and HEADER.FIELDS.NOT', () => {
  const cases: [string, string, string[], boolean, string][] = [
    [
      'keeps the named fields in header order, then the blank line',
      HEADER,
      ['To', 'From'],
      false,
      'From: Jean <jean@example.fr>\r\nTo: a@example.fr,\r\n  b@example.fr\r\n\r\n',
    ],
    ['matches names without regard to case', HEADER, ['SUBJECT'], false, 'subject: Bonjour\r\n\r\n'],
    [
      'reads a name with spaces before its colon (obs-optional)',
      HEADER,
      ['x-spam'],
      false,
      'X-Spam : no\r\n\r\n',
    ],
    [
      'keeps continuation lines with their field',
      HEADER,
      ['received'],
      false,
      'Received: from a by b;\r\n\tMon, 1 Sep 2025 08:00:00 +0200\r\n\r\n',
    ],
    [
      'leaves the named fields out with .NOT',
      HEADER,
      ['Received', 'To', 'X-Spam'],
      true,
      'From: Jean <jean@example.fr>\r\nsubject: Bonjour\r\n\r\n',
    ],
    ['is only the blank line when nothing matches', HEADER, ['Cc'], false, '\r\n'],
    ['stops at the blank line', HEADER, ['Body'], false, '\r\n'],
    ['keeps bare LF line ends as they are', 'A: 1\nB: 2\n  2b\n\nbody', ['b'], false, 'B: 2\n  2b\n\n'],
    ['adds no blank line to a block that has none', 'A: 1\r\nB: 2', ['b'], false, 'B: 2'],
    [
      'leaves out a line without a colon and its continuation',
      'junk line\r\n more\r\nA: 1\r\n\r\n',
      ['junk line'],
      true,
      'A: 1\r\n\r\n',
    ],
    [
      'does not take a name longer than a line for a field',
      `${'x'.repeat(1200)}: v\r\nA: 1\r\n\r\n`,
      ['a'],
      true,
      '\r\n',
    ],
    [
      'does not match a field name that only starts like a listed one',
      'Subject-X: 1\r\nSubject: 2\r\n\r\n',
      ['subject'],
      false,
      'Subject: 2\r\n\r\n',
    ],
  ];
  for (const [behaviour, header, names, isExclusion, expected] of cases) {
    it(behaviour, () => {
      // Every chunking gives the same result: a field name or a CRLF may be split anywhere.
      for (const size of [1, 2, 3, 5, 8, 13, 64, 4096]) {
        assert.equal(filtered(header, names, isExclusion, size), expected, `chunks of ${size}`);
      }
      const whole = filterHeaderBlock(Buffer.from(header, 'utf8'), names, isExclusion);
      assert.equal(whole.toString('utf8'), expected, 'filterHeaderBlock');
    });
  }

  it('holds no more than a line of octets however long a nameless line runs', () => {
    const filter = new HeaderFieldFilter(['a'], true);
    const kept: Uint8Array[] = [];
    for (let index = 0; index < 1000; index++) kept.push(...filter.push(Buffer.alloc(1000, 0x61)));
    kept.push(...filter.push(Buffer.from('\r\nA: 1\r\n\r\n')));
    // A 1 MB run without a colon is not a field: left out as it streams, not held.
    assert.equal(Buffer.concat(kept).toString(), '\r\n');
  });

  it('filterHeaderBlock keeps what the streaming filter keeps, on random header blocks', () => {
    const random = seededRandom(20261129);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const pieces = ['From', 'to', 'Subject', 'X-a', 'a', 'From ', ':', ': v', ' ', '\t', '\r', '\n', '\r\n'];
    const names = ['from', 'TO', 'x-a', 'a', 'subject'];
    for (let round = 0; round < 2000; round++) {
      let header = '';
      const parts = 1 + Math.floor(random() * 30);
      for (let index = 0; index < parts; index++) {
        header += random() < 0.05 ? 'y'.repeat(990 + Math.floor(random() * 20)) : pick(pieces);
      }
      const listed = names.filter(() => random() < 0.5);
      const isExclusion = random() < 0.3;
      const bytes = Buffer.from(header, 'latin1');
      const streamed = filtered(header, listed, isExclusion, 1 + Math.floor(random() * 40));
      assert.equal(
        filterHeaderBlock(bytes, listed, isExclusion).toString('utf8'),
        streamed,
        JSON.stringify({ header, listed, isExclusion }),
      );
    }
  });

  it('matches a field name as its latin1 text, trimmed and lower-cased, whatever its bytes', () => {
    const random = seededRandom(7);
    // Bytes around the ASCII fast path: letters of both cases, white space trimEnd() removes, 8-bit bytes.
    const alphabet = [0x41, 0x5a, 0x61, 0x7a, 0x2d, 0x20, 0x09, 0x0b, 0x0c, 0xa0, 0xc0, 0xe0, 0xff, 0x4b];
    const listed = ['k', 'Ke', '\u212Ae', 'x-\u00e0', 'A\u00a0', 'ke\t', 'zz'];
    const set = new Set(listed.map((name) => name.toLowerCase()));
    for (let round = 0; round < 3000; round++) {
      const name = Buffer.from(
        Array.from(
          { length: 1 + Math.floor(random() * 3) },
          () => alphabet[Math.floor(random() * alphabet.length)] ?? 0x41,
        ),
      );
      const line = Buffer.concat([name, Buffer.from(': v\r\n\r\n')]);
      const expected = set.has(name.toString('latin1').trimEnd().toLowerCase());
      const kept = filterHeaderBlock(line, listed, false).length > 2;
      assert.equal(kept, expected, JSON.stringify([...name]));
    }
  });
});
