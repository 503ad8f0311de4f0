import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '#core/errors';
import { buildVcard, withUid } from './build-vcard.ts';
import { parseVcard } from './parse-vcard.ts';
import { VCARD_LIMITS } from './vcard-limits.ts';

const crlf = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n`;

function refusedWith(code: string, text: string): void {
  assert.throws(
    () => parseVcard(text),
    (error: unknown) => error instanceof ParseError && error.code === code,
  );
}

test('a vCard 3.0 gives its names, addresses, phones and organisation', () => {
  const card = parseVcard(
    crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:jean-1',
      'FN:Jean Dupont',
      'N:Dupont;Jean;;;',
      'EMAIL;TYPE=INTERNET,WORK:Jean.Dupont@AC-Grenoble.fr',
      'item1.EMAIL:jean@example.org',
      'EMAIL:jean@example.org',
      'TEL;TYPE=CELL:+33 6 12 34 56 78',
      'ORG:Lycée Champollion;Mathématiques',
      'END:VCARD',
    ]),
  );
  assert.deepEqual(card, {
    version: '3.0',
    uid: 'jean-1',
    kind: 'individual',
    fullName: 'Jean Dupont',
    givenName: 'Jean',
    familyName: 'Dupont',
    emails: ['jean.dupont@ac-grenoble.fr', 'jean@example.org'],
    phones: ['+33 6 12 34 56 78'],
    organization: 'Lycée Champollion',
    members: [],
  });
});

test('a vCard 4.0 reads tel: URIs and mailto-free addresses', () => {
  const card = parseVcard(
    crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
      'FN:Marie Curie',
      'TEL;VALUE=uri;TYPE=work:tel:+33-4-76-00-00-00',
      'EMAIL:marie@ac-test.fr',
      'END:VCARD',
    ]),
  );
  assert.equal(card.version, '4.0');
  assert.equal(card.uid, 'urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1');
  assert.deepEqual(card.phones, ['+33-4-76-00-00-00']);
  assert.deepEqual(card.emails, ['marie@ac-test.fr']);
});

test('a vCard 4.0 group lists its members', () => {
  const card = parseVcard(
    crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:group-1',
      'KIND:group',
      'FN:Équipe de maths',
      'MEMBER:urn:uuid:a',
      'MEMBER:urn:uuid:b',
      'MEMBER:urn:uuid:a',
      'END:VCARD',
    ]),
  );
  assert.equal(card.kind, 'group');
  assert.deepEqual(card.members, ['urn:uuid:a', 'urn:uuid:b']);
});

test("Apple's X-ADDRESSBOOKSERVER group is a group too", () => {
  const card = parseVcard(
    crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:apple-group',
      'FN:Conseil pédagogique',
      'N:Conseil pédagogique;;;;',
      'X-ADDRESSBOOKSERVER-KIND:group',
      'X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:c',
      'END:VCARD',
    ]),
  );
  assert.equal(card.kind, 'group');
  assert.deepEqual(card.members, ['urn:uuid:c']);
});

test('a card without FN is named from N, then ORG, then its address', () => {
  const base = ['BEGIN:VCARD', 'VERSION:3.0'];
  assert.equal(parseVcard(crlf([...base, 'N:Martin;Paul;;;', 'END:VCARD'])).fullName, 'Paul Martin');
  assert.equal(parseVcard(crlf([...base, 'ORG:Rectorat', 'END:VCARD'])).fullName, 'Rectorat');
  assert.equal(parseVcard(crlf([...base, 'EMAIL:a@b.fr', 'END:VCARD'])).fullName, 'a@b.fr');
  assert.equal(parseVcard(crlf([...base, 'EMAIL:a@b.fr', 'END:VCARD'])).uid, undefined);
});

test('bad input is refused with a stable code', () => {
  refusedWith('notVcard', 'hello');
  refusedWith('notVcard', crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'END:VCALENDAR']));
  refusedWith('malformed', crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:x']));
  refusedWith('malformed', crlf(['BEGIN:VCARD', 'VERSION:3.0', 'garbage line', 'END:VCARD']));
  refusedWith('unsupportedVersion', crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:x', 'END:VCARD']));
  refusedWith('unsupportedVersion', crlf(['BEGIN:VCARD', 'FN:x', 'END:VCARD']));
  refusedWith('invalidUid', crlf(['BEGIN:VCARD', 'VERSION:3.0', 'UID:', 'FN:x', 'END:VCARD']));
  refusedWith(
    'multipleCards',
    crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:a',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:b',
      'END:VCARD',
    ]),
  );
});

test('the size, line and property limits hold', () => {
  const big = 'x'.repeat(VCARD_LIMITS.maxCardBytes);
  refusedWith('tooBig', crlf(['BEGIN:VCARD', 'VERSION:3.0', `NOTE:${big}`, 'END:VCARD']));
  const manyLines = Array.from({ length: VCARD_LIMITS.maxCardLines }, () => ' x');
  refusedWith('tooManyLines', crlf(['BEGIN:VCARD', 'VERSION:3.0', 'NOTE:a', ...manyLines, 'END:VCARD']));
  const manyProperties = Array.from({ length: VCARD_LIMITS.maxProperties }, (_, i) => `NOTE:${i}`);
  refusedWith('tooManyProperties', crlf(['BEGIN:VCARD', 'VERSION:3.0', ...manyProperties, 'END:VCARD']));
});

test('a built card parses back to what it was built from, escaped and folded', () => {
  const name = 'Anne-Sophie de la Tour, proviseure; lycée « Les Eaux-Claires » à Grenoble';
  const text = buildVcard({ uid: 'u-1', name, email: 'anne@ac-grenoble.fr' });
  assert.ok(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75));
  const card = parseVcard(text);
  assert.equal(card.fullName, name);
  assert.equal(card.uid, 'u-1');
  assert.deepEqual(card.emails, ['anne@ac-grenoble.fr']);
  assert.equal(parseVcard(buildVcard({ uid: 'u-2', name: '', email: 'x@y.fr' })).fullName, 'x@y.fr');
});

test('withUid adds a UID to a card that had none', () => {
  const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Sans UID', 'END:VCARD']);
  assert.equal(parseVcard(withUid(text, 'added-1')).uid, 'added-1');
  assert.equal(parseVcard(withUid(text.replace(/\r\n$/, ''), 'added-2')).uid, 'added-2');
});

test('random bytes never escape as anything but a ParseError', () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pieces = [
    'BEGIN:VCARD',
    'END:VCARD',
    'VERSION:3.0',
    'VERSION:4.0',
    'FN:a',
    ';',
    ':',
    '\r\n',
    ' ',
    '=',
    'N:;;',
    'é',
  ];
  for (let round = 0; round < 500; round++) {
    const text = [
      'BEGIN:VCARD\r\n',
      ...Array.from({ length: 12 }, () => pieces[Math.floor(random() * pieces.length)]),
    ].join('');
    try {
      parseVcard(text);
    } catch (error) {
      assert.ok(error instanceof ParseError, String(error));
    }
  }
});
