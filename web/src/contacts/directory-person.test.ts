import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardFromPerson, type DirectoryPerson, isSearchable, telUri } from './directory-person.ts';

const HELENE: DirectoryPerson = {
  id: 'p1',
  name: 'Hélène Martin',
  givenName: 'Hélène',
  familyName: 'Martin',
  email: 'helene.martin@ac-test.fr',
  title: 'Professeure certifiée',
  phone: '04 76 00 00 01',
  disciplines: ['Mathématiques'],
  establishment: { uai: '0380027Y', name: 'Lycée Champollion' },
  posts: [],
};

test('a directory person becomes a work contact: names, address, phone, function and establishment', () => {
  assert.deepEqual(cardFromPerson(HELENE, 'book'), {
    addressBookIds: { book: true },
    kind: 'individual',
    name: {
      components: [
        { kind: 'given', value: 'Hélène' },
        { kind: 'surname', value: 'Martin' },
      ],
      full: 'Hélène Martin',
    },
    emails: { e1: { address: 'helene.martin@ac-test.fr', contexts: { work: true }, pref: 1 } },
    phones: { p1: { number: '04 76 00 00 01', features: { voice: true }, contexts: { work: true } } },
    organizations: { o1: { name: 'Lycée Champollion' } },
    titles: { t1: { name: 'Professeure certifiée', kind: 'title' } },
  });
  const bare = cardFromPerson({ ...HELENE, phone: null, title: null, establishment: null }, 'b');
  assert.deepEqual(Object.keys(bare).sort(), ['addressBookIds', 'emails', 'kind', 'name']);
});

test('a search needs two letters or digits; a phone becomes a tel: URI', () => {
  assert.equal(isSearchable(' m '), false);
  assert.equal(isSearchable('m.'), false);
  assert.equal(isSearchable('mé'), true);
  assert.equal(telUri('04 76 00 00 01'), 'tel:0476000001');
  assert.equal(telUri('+33 (0)4 76-00'), 'tel:+3304 7600'.replace(/ /g, ''));
});
