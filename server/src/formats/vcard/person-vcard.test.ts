import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVcard } from './parse-vcard.ts';
import { buildPersonVcard } from './person-vcard.ts';

test('a person card carries names, address, phone, function, establishments and disciplines, escaped', () => {
  const text = buildPersonVcard({
    uid: 'vercors-directory-p1',
    name: 'Hélène Martin-Dupont',
    givenName: 'Hélène',
    familyName: 'Martin-Dupont',
    email: 'helene.martin-dupont@ac-test.fr',
    phone: '04 76 00 00 00',
    title: 'Professeure agrégée, coordinatrice',
    organisations: [
      { name: 'Lycée Champollion; site Lesdiguières', commune: 'Grenoble' },
      { name: 'Collège Stendhal', commune: 'Grenoble' },
    ],
    categories: ['Mathématiques', 'Sciences, numériques'],
  });
  const card = parseVcard(text);
  assert.equal(card.uid, 'vercors-directory-p1');
  assert.equal(card.fullName, 'Hélène Martin-Dupont');
  assert.equal(card.givenName, 'Hélène');
  assert.equal(card.familyName, 'Martin-Dupont');
  assert.deepEqual(card.emails, ['helene.martin-dupont@ac-test.fr']);
  assert.deepEqual(card.phones, ['04 76 00 00 00']);
  assert.equal(card.organization, 'Lycée Champollion; site Lesdiguières');
  assert.match(text, /^TITLE:Professeure agrégée\\, coordinatrice\r$/m);
  assert.match(text, /^CATEGORIES:Mathématiques,Sciences\\, numériques\r$/m);
  assert.match(text, /^NOTE:Collège Stendhal \(Grenoble\)\r$/m, 'a second post as a note');
  assert.ok(
    text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75),
    'folded',
  );
});

test('a person without address, phone, function or establishment still makes a valid card', () => {
  const card = parseVcard(
    buildPersonVcard({
      uid: 'a1',
      name: 'Marc Martel',
      givenName: '',
      familyName: '',
      email: null,
      phone: null,
      title: null,
      organisations: [],
      categories: [],
    }),
  );
  assert.equal(card.fullName, 'Marc Martel');
  assert.deepEqual(card.emails, []);
});
