import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '#core/errors';
import { parseVcard } from '#formats/vcard';
import { jscontactToVcard } from './jscontact-to-vcard.ts';
import type { JsCard } from './jscontact-card.ts';
import { partialDate, vcardToJscontact } from './vcard-to-jscontact.ts';

const crlf = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n`;
const REV = '2026-01-02T03:04:05Z';

test('a vCard 3.0 reads as a JSContact card (RFC 9555)', () => {
  const card = vcardToJscontact(
    crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:jean-1',
      'FN:Dr Jean Paul Dupont',
      'N:Dupont;Jean;Paul;Dr;PhD',
      'NICKNAME:JJ,Jo',
      'ORG:Lycée Champollion;Mathématiques',
      'TITLE:Professeur',
      'ROLE:Coordinateur',
      'EMAIL;TYPE=INTERNET,WORK,pref:Jean.Dupont@ac-grenoble.fr',
      'item1.EMAIL;type=home:jean@example.org',
      'item1.X-ABLabel:perso',
      'TEL;TYPE=CELL,VOICE:+33 6 12 34 56 78',
      'TEL;TYPE=WORK,FAX:+33 4 76 00 00 00',
      'ADR;TYPE=WORK:;Bât. B;1 rue X;Grenoble;;38000;France',
      'URL:https://example.org',
      'IMPP:xmpp:jean@example.org',
      'NOTE:a\\, b\\nc',
      'BDAY:1990-05-01',
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      'END:VCARD',
    ]),
  );
  assert.deepEqual(card, {
    '@type': 'Card',
    version: '1.0',
    uid: 'jean-1',
    kind: 'individual',
    name: {
      components: [
        { kind: 'title', value: 'Dr' },
        { kind: 'given', value: 'Jean' },
        { kind: 'given2', value: 'Paul' },
        { kind: 'surname', value: 'Dupont' },
        { kind: 'credential', value: 'PhD' },
      ],
      full: 'Dr Jean Paul Dupont',
    },
    nicknames: { k1: { name: 'JJ' }, k2: { name: 'Jo' } },
    organizations: { o1: { name: 'Lycée Champollion', units: [{ name: 'Mathématiques' }] } },
    titles: { t1: { name: 'Professeur', kind: 'title' }, t2: { name: 'Coordinateur', kind: 'role' } },
    emails: {
      e1: { address: 'Jean.Dupont@ac-grenoble.fr', contexts: { work: true }, pref: 1 },
      e2: { address: 'jean@example.org', contexts: { private: true } },
    },
    phones: {
      p1: { number: '+33 6 12 34 56 78', features: { mobile: true, voice: true } },
      p2: { number: '+33 4 76 00 00 00', features: { fax: true }, contexts: { work: true } },
    },
    addresses: {
      a1: {
        components: [
          { kind: 'apartment', value: 'Bât. B' },
          { kind: 'name', value: '1 rue X' },
          { kind: 'locality', value: 'Grenoble' },
          { kind: 'postcode', value: '38000' },
          { kind: 'country', value: 'France' },
        ],
        contexts: { work: true },
      },
    },
    onlineServices: { s1: { uri: 'xmpp:jean@example.org' } },
    links: { l1: { uri: 'https://example.org' } },
    notes: { n1: { note: 'a, b\nc' } },
    anniversaries: { b1: { kind: 'birth', date: { year: 1990, month: 5, day: 1 } } },
  });
});

test('a vCard 4.0 group, its members, PREF, PROP-ID and a birthday without year', () => {
  const card = vcardToJscontact(
    crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:g-1',
      'KIND:group',
      'FN:Équipe',
      'MEMBER:urn:uuid:a',
      'MEMBER:urn:uuid:b',
      'EMAIL;PREF=2;PROP-ID=main:equipe@ac-test.fr',
      'BDAY:--0501',
      'ADR;CC=FR;LABEL="1 rue X, Grenoble":;;1 rue X;Grenoble;;;',
      'END:VCARD',
    ]),
  );
  assert.equal(card.kind, 'group');
  assert.deepEqual(card.members, { 'urn:uuid:a': true, 'urn:uuid:b': true });
  assert.deepEqual(card.emails, { main: { address: 'equipe@ac-test.fr', pref: 2 } });
  assert.deepEqual(card.anniversaries, { b1: { kind: 'birth', date: { month: 5, day: 1 } } });
  assert.deepEqual(card.addresses?.a1?.countryCode, 'fr');
  assert.deepEqual(card.addresses?.a1?.full, '1 rue X, Grenoble');
  const apple = vcardToJscontact(
    crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:g',
      'FN:G',
      'X-ADDRESSBOOKSERVER-KIND:group',
      'X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:c',
      'END:VCARD',
    ]),
  );
  assert.deepEqual([apple.kind, apple.members], ['group', { 'urn:uuid:c': true }]);
});

test('partial dates read every vCard form and refuse nonsense', () => {
  assert.deepEqual(partialDate('19900501'), { year: 1990, month: 5, day: 1 });
  assert.deepEqual(partialDate('--05-01'), { month: 5, day: 1 });
  assert.deepEqual(partialDate('1990-05-01T10:00:00Z'), { year: 1990, month: 5, day: 1 });
  assert.deepEqual(partialDate('1990'), { year: 1990 });
  assert.equal(partialDate('1990-13-01'), undefined);
  assert.equal(partialDate('demain'), undefined);
});

test('a new card is written as vCard 3.0 and reads back the same', () => {
  const card: JsCard = {
    '@type': 'Card',
    version: '1.0',
    uid: 'urn:uuid:new-1',
    kind: 'individual',
    name: {
      components: [
        { kind: 'given', value: 'Anne; Sophie' },
        { kind: 'surname', value: 'de la Tour' },
      ],
      full: 'Anne-Sophie de la Tour, proviseure « Les Eaux-Claires » à Grenoble, lycée général et technologique',
    },
    emails: {
      e1: { address: 'anne@ac-grenoble.fr', contexts: { work: true }, pref: 1 },
      perso: { address: 'a@b.fr' },
    },
    phones: { p1: { number: 'tel:+33612345678', features: { mobile: true }, contexts: { private: true } } },
    organizations: { o1: { name: 'Lycée', units: [{ name: 'Direction' }] } },
    titles: { t1: { name: 'Proviseure', kind: 'title' } },
    addresses: {
      a1: {
        components: [
          { kind: 'name', value: '1 rue X' },
          { kind: 'locality', value: 'Grenoble' },
        ],
        countryCode: 'fr',
      },
    },
    links: { l1: { uri: 'https://lycee.fr' } },
    notes: { n1: { note: 'ligne 1\nligne 2, suite' } },
    anniversaries: { b1: { kind: 'birth', date: { year: 1980, month: 2, day: 29 } } },
    nicknames: { k1: { name: 'Anne' } },
  };
  const text = jscontactToVcard(card, { rev: REV });
  assert.ok(text.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:new-1\r\n'));
  assert.ok(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75));
  assert.match(text, /\r\nREV:2026-01-02T03:04:05Z\r\nEND:VCARD\r\n$/);
  assert.match(text, /EMAIL;PROP-ID=perso;TYPE=INTERNET:a@b.fr/);
  assert.deepEqual(vcardToJscontact(text), {
    ...card,
    phones: { p1: { number: '+33612345678', features: { mobile: true }, contexts: { private: true } } },
  });
  // The vCard codec reads it too (CardDAV's columns).
  const columns = parseVcard(text);
  assert.deepEqual(
    [columns.givenName, columns.familyName, columns.emails[0]],
    ['Anne; Sophie', 'de la Tour', 'anne@ac-grenoble.fr'],
  );
});

test('a group is written for the vCard codec in either version', () => {
  const group: JsCard = {
    '@type': 'Card',
    version: '1.0',
    uid: 'g-2',
    kind: 'group',
    name: { full: 'Conseil' },
    members: { 'urn:uuid:a': true, 'urn:uuid:b': true },
  };
  const v3 = jscontactToVcard(group, { rev: REV });
  assert.match(v3, /X-ADDRESSBOOKSERVER-KIND:group/);
  assert.deepEqual(parseVcard(v3).members, ['urn:uuid:a', 'urn:uuid:b']);
  const existing = crlf(['BEGIN:VCARD', 'VERSION:4.0', 'UID:g-2', 'FN:Old', 'KIND:group', 'END:VCARD']);
  const v4 = jscontactToVcard(group, { rev: REV, existing });
  assert.match(v4, /\r\nKIND:group\r\nMEMBER:urn:uuid:a\r\nMEMBER:urn:uuid:b\r\n/);
  assert.equal(parseVcard(v4).kind, 'group');
  assert.deepEqual(vcardToJscontact(v4).members, group.members);
});

test('patching an existing card keeps what JSContact does not model, byte for byte', () => {
  const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${'A'.repeat(70)}`;
  const existing = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'PRODID:-//Apple Inc.//iPhone OS 17//EN',
    'UID:keep-1',
    'FN:Paul Martin',
    'N:Martin;Paul;;;',
    'item1.EMAIL;type=INTERNET:paul@example.org',
    'item1.X-ABLabel:_$!<Other>!$_',
    'item2.URL:https://a.fr',
    'item2.X-ABLabel:blog',
    photo.slice(0, 75),
    ` ${photo.slice(75)}`,
    'X-SOCIALPROFILE;type=twitter:x',
    'CATEGORIES:Collègues',
    'REV:2020-01-01T00:00:00Z',
    'END:VCARD',
  ];
  const card = vcardToJscontact(crlf(existing));
  const changed: JsCard = {
    ...card,
    name: { full: 'Paul Martin-Durand' },
    emails: { e1: { address: 'paul@ac-test.fr' } },
  };
  const text = jscontactToVcard(changed, { rev: REV, existing: crlf(existing) });
  const lines = text.split('\r\n');
  for (const kept of [
    'PRODID:-//Apple Inc.//iPhone OS 17//EN',
    'UID:keep-1',
    'X-SOCIALPROFILE;type=twitter:x',
    'CATEGORIES:Collègues',
  ])
    assert.ok(lines.includes(kept), kept);
  assert.ok(text.replace(/\r\n /g, '').includes(photo));
  // The groups of replaced properties go with them; the others' are written anew.
  assert.ok(!text.includes('X-ABLabel'));
  assert.ok(!text.includes('REV:2020'));
  const back = vcardToJscontact(text);
  assert.deepEqual(back.name, { full: 'Paul Martin-Durand' });
  assert.deepEqual(back.emails, { e1: { address: 'paul@ac-test.fr' } });
  // The link was not changed: written anew from the card, its Apple label gone with its group.
  assert.deepEqual(back.links, { l1: { uri: 'https://a.fr' } });
  assert.equal(parseVcard(text).uid, 'keep-1');
});

test('hostile text is a ParseError, never an exception of ical.js', () => {
  for (const text of [
    'hello',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x',
    `BEGIN:VCARD\r\nNOTE:${'x'.repeat(600_000)}\r\nEND:VCARD\r\n`,
  ]) {
    assert.throws(
      () => vcardToJscontact(text),
      (error: unknown) => error instanceof ParseError,
    );
  }
});
