import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSuggestions, MAX_SUGGESTIONS } from './recipient-suggestions.ts';

const contact = (id: string, full: string, ...addresses: string[]) => ({
  id,
  uid: `urn:uuid:${id}`,
  kind: 'individual' as const,
  name: { full },
  emails: Object.fromEntries(addresses.map((address, index) => [`e${index + 1}`, { address }])),
});

test('own contacts come first, then the directory, each address once', () => {
  const merged = mergeSuggestions(
    [
      contact('c1', 'Léa Garnier', 'lea@parents.fr', 'lea.garnier@travail.fr'),
      contact('c2', 'Paul Durand', 'Paul.Durand@ac-test.fr'),
    ],
    [
      {
        name: 'Paul Durand',
        email: 'paul.durand@ac-test.fr',
        title: 'Professeur',
        establishment: { name: 'Collège Champollion' },
      },
      { name: 'Anne Roux', email: 'anne.roux@ac-test.fr', title: null, establishment: null },
    ],
  );
  assert.deepEqual(
    merged.map((suggestion) => [suggestion.email, suggestion.source]),
    [
      ['lea@parents.fr', 'contact'],
      ['lea.garnier@travail.fr', 'contact'],
      ['Paul.Durand@ac-test.fr', 'contact'],
      ['anne.roux@ac-test.fr', 'directory'],
    ],
  );
  assert.equal(merged[3]?.detail, '');
});

test('a directory person shows function and school; the list stays short', () => {
  const [person] = mergeSuggestions(
    [],
    [
      {
        name: 'Paul Durand',
        email: 'paul.durand@ac-test.fr',
        title: 'Professeur',
        establishment: { name: 'Collège Champollion' },
      },
    ],
  );
  assert.equal(person?.detail, 'Professeur · Collège Champollion');
  const many = Array.from({ length: 20 }, (_, index) => contact(`c${index}`, `P${index}`, `p${index}@x.fr`));
  assert.equal(mergeSuggestions(many, []).length, MAX_SUGGESTIONS);
});
