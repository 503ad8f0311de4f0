import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  boundReferences,
  decodeText,
  parseAddressList,
  parseDate,
  parseListId,
  parseMessageIds,
  parseStructured,
} from './header-values.ts';

test('encoded words are decoded, joining a UTF-8 character split across adjacent B and Q words', () => {
  assert.equal(decodeText('=?utf-8?B?w4k=?= =?utf-8?b?w6k=?='), 'Éé');
  assert.equal(decodeText('=?UTF-8?Q?Ch=C3?= =?UTF-8?Q?=A2telain?='), 'Châtelain');
  assert.equal(decodeText('=?utf-8?q?caf=c3=a9_cr=C3=A8me?='), 'café crème');
  assert.equal(decodeText('=?iso-8859-15?q?=A4?= et =?windows-1252?Q?=80?='), '€ et €');
});

test('invalid and unknown encoded words never throw and keep their text', () => {
  assert.equal(decodeText('a =?utf-8?z?bad?= b'), 'a =?utf-8?z?bad?= b');
  assert.equal(typeof decodeText('=?x-unknown?q?abc?='), 'string');
  assert.equal(decodeText('=?utf-8?B?####?='), decodeText('=?utf-8?B?####?='));
  assert.equal(decodeText('=?'), '=?');
});

test('address lists are decoded with groups flattened', () => {
  assert.deepEqual(
    parseAddressList(
      '=?utf-8?q?Jos=C3=A9_Dupr=C3=A9?= <jose@ac-grenoble.fr>, Équipe: a@ac-grenoble.fr, "B, C" <b@x.fr>;',
    ),
    [
      { name: 'José Dupré', address: 'jose@ac-grenoble.fr' },
      { name: '', address: 'a@ac-grenoble.fr' },
      { name: 'B, C', address: 'b@x.fr' },
    ],
  );
  assert.deepEqual(parseAddressList('undisclosed-recipients:;'), []);
  assert.deepEqual(parseAddressList(undefined), []);
  assert.deepEqual(parseAddressList('   '), []);
});

test('a broken address field is kept best effort', () => {
  const addresses = parseAddressList('Jean <<jean@example.org');
  assert.ok(addresses.length >= 1);
  assert.ok(
    addresses.some(
      (address) => address.address.includes('jean@example.org') || address.name.includes('Jean'),
    ),
  );
});

test('a huge address field is bounded', () => {
  const field = Array.from({ length: 20_000 }, (_, index) => `u${index}@example.org`).join(', ');
  const started = performance.now();
  const addresses = parseAddressList(field);
  assert.ok(addresses.length <= 5000);
  assert.ok(performance.now() - started < 3000);
});

test('message ids lose their angle brackets, keep their order and tolerate missing brackets', () => {
  assert.deepEqual(parseMessageIds(' <a@x> <b@y>\r\n <c@z>'), ['a@x', 'b@y', 'c@z']);
  assert.deepEqual(parseMessageIds('bare@example.org'), ['bare@example.org']);
  assert.deepEqual(parseMessageIds('not an id'), []);
  assert.deepEqual(parseMessageIds(undefined), []);
});

test('long References keep the thread root and the most recent ids', () => {
  const ids = Array.from({ length: 500 }, (_, index) => `m${index}@x`);
  const kept = boundReferences(ids);
  assert.equal(kept.length, 128);
  assert.equal(kept[0], 'm0@x');
  assert.equal(kept.at(-1), 'm499@x');
});

test('List-Id gives the bracketed identifier', () => {
  assert.equal(
    parseListId('Profs de maths <profs-maths.listes.ac-grenoble.fr>'),
    'profs-maths.listes.ac-grenoble.fr',
  );
  assert.equal(parseListId('liste.example.org'), 'liste.example.org');
  assert.equal(parseListId(undefined), undefined);
});

const DATES: [string, number | undefined][] = [
  ['Mon, 3 Mar 2025 09:14:00 +0100', Date.UTC(2025, 2, 3, 8, 14)],
  ['3 Mar 2025 09:14 +0100', Date.UTC(2025, 2, 3, 8, 14)],
  ['Wed, 5 Mar 2025 08:00:00 +0100 (CET)', Date.UTC(2025, 2, 5, 7, 0)],
  ['Tue, 11 Feb 2025 16:42:31 GMT', Date.UTC(2025, 1, 11, 16, 42, 31)],
  ['2 Apr 25 14:00 EST', Date.UTC(2025, 3, 2, 19, 0)],
  ['2 Apr 99 14:00 -0000', Date.UTC(1999, 3, 2, 14, 0)],
  ['Thu, 13 Mar 2025 10:05:12 +0000', Date.UTC(2025, 2, 13, 10, 5, 12)],
  ['Fri, 21 March 2025 20:15:00 +0530', Date.UTC(2025, 2, 21, 14, 45)],
  ['2025-03-21T20:15:00Z', Date.UTC(2025, 2, 21, 20, 15)],
  ['not a date', undefined],
  ['', undefined],
];

for (const [value, expected] of DATES) {
  test(`the date ${JSON.stringify(value)} is read as ${expected === undefined ? 'absent' : new Date(expected).toISOString()}`, () => {
    assert.equal(parseDate(value), expected);
  });
}

test('structured values decode RFC 2231 continuations, charsets and quoted encoded words', () => {
  assert.deepEqual(parseStructured("attachment; filename*0*=utf-8''r%C3%A9sum; filename*1*=%C3%A9.pdf"), {
    value: 'attachment',
    parameters: { filename: 'résumé.pdf' },
  });
  assert.deepEqual(parseStructured('text/plain; name*=iso-8859-1\'fr\'caf%E9.txt; CHARSET="UTF-8"'), {
    value: 'text/plain',
    parameters: { name: 'café.txt', charset: 'UTF-8' },
  });
  assert.deepEqual(parseStructured('attachment; filename="=?utf-8?B?w6kucGRm?="'), {
    value: 'attachment',
    parameters: { filename: 'é.pdf' },
  });
  assert.deepEqual(parseStructured('Multipart/Mixed; boundary="b (c)" (comment)'), {
    value: 'multipart/mixed',
    parameters: { boundary: 'b (c)' },
  });
});

test('a parameter named __proto__ cannot change the parameters object', () => {
  const parsed = parseStructured('text/plain; __proto__=x; charset=utf-8');
  assert.equal(Object.getPrototypeOf(parsed.parameters), Object.prototype);
  assert.equal(parsed.parameters.charset, 'utf-8');
});
