import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchWords } from '../email/search-words.ts';
import { MAX_PREVIEW_BYTES, markPreview, markSubject } from './mark-matches.ts';

const SUBJECTS: readonly { text: string; search: string; expected: string | null }[] = [
  {
    text: 'Réunion <urgent> & élèves',
    search: 'eleves',
    expected: 'Réunion &lt;urgent&gt; &amp; <mark>élèves</mark>',
  },
  { text: 'ÉLÈVES et élèves', search: 'Élèves', expected: '<mark>ÉLÈVES</mark> et <mark>élèves</mark>' },
  { text: 'Réunions de rentrée', search: 'reun*', expected: '<mark>Réunions</mark> de rentrée' },
  { text: 'Réunions de rentrée', search: 'reun', expected: null },
  { text: 'Réunions de rentrée', search: '', expected: null },
  { text: 'Le cœur du sujet', search: 'coeur', expected: 'Le <mark>cœur</mark> du sujet' },
  { text: 'Nouveau ﬁchier', search: 'fichier', expected: 'Nouveau <mark>ﬁchier</mark>' },
  // Decomposed accents belong to the letter they follow, the last one too.
  { text: 'Les e\u0301le\u0300ves', search: 'eleves', expected: 'Les <mark>e\u0301le\u0300ves</mark>' },
  { text: 'cafe\u0301 noir', search: 'cafe', expected: '<mark>cafe\u0301</mark> noir' },
  { text: 'Rue ΟΔΟΣ', search: 'οδος', expected: 'Rue <mark>ΟΔΟΣ</mark>' },
  { text: 'À l’école', search: "l'ecole", expected: 'À <mark>l</mark>’<mark>école</mark>' },
  { text: 'pré-rentrée', search: 'rentree', expected: 'pré-<mark>rentrée</mark>' },
  { text: 'a<b&c', search: 'b', expected: 'a&lt;<mark>b</mark>&amp;c' },
];

test('a subject is escaped and its matching words are marked as the index folds them', () => {
  for (const { text, search, expected } of SUBJECTS)
    assert.equal(markSubject(text, searchWords(search)), expected, `${text} / ${search}`);
});

test('a preview collapses white space and keeps to the section around the first match', () => {
  assert.equal(
    markPreview('Bonjour,\n\nles élèves\tpartent  à 8 h.\n', searchWords('eleves')),
    'Bonjour, les <mark>élèves</mark> partent à 8 h.',
  );
  assert.equal(markPreview('Rien à voir.', searchWords('eleves')), null);

  const body = `${'Introduction sans rapport. '.repeat(20)}Rendez-vous devant le musée de Grenoble à 9 h. ${'Suite du texte. '.repeat(30)}`;
  const preview = markPreview(body, searchWords('musee'));
  // Up to 40 characters before the match, from a word's start; up to 255 octets, ending on a whole word.
  assert.equal(
    preview,
    'sans rapport. Rendez-vous devant le <mark>musée</mark> de Grenoble à 9 h. ' +
      'Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte. ' +
      'Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte.',
  );
  assert.ok(Buffer.byteLength(preview ?? '') <= MAX_PREVIEW_BYTES);
});

test('a preview never exceeds 255 octets, marks and entities included', () => {
  const cases = [
    { text: 'élève '.repeat(200), search: 'eleve' },
    { text: '& '.repeat(300) + 'élève', search: 'eleve' },
    { text: `élève ${'<&>'.repeat(300)}`, search: 'eleve' },
    { text: `${'€'.repeat(60)} élève ${'€'.repeat(300)}`, search: 'eleve' },
  ];
  for (const { text, search } of cases) {
    const preview = markPreview(text, searchWords(search)) ?? assert.fail('no preview');
    assert.ok(Buffer.byteLength(preview) <= MAX_PREVIEW_BYTES, `${Buffer.byteLength(preview)} octets`);
    assert.match(preview, /<mark>élève<\/mark>/);
    // Never an entity or a mark cut in half.
    assert.doesNotMatch(preview, /&[a-z]*$|<[^>]*$/);
  }
  const repeated = markPreview('élève '.repeat(200), searchWords('eleve'));
  assert.equal(repeated, Array.from({ length: 12 }, () => '<mark>élève</mark>').join(' '));
});
