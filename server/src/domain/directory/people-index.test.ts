import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '#core/seeded-random';
import { buildPeopleIndex, type IndexedPerson, type Viewer, wordsOf } from './people-index.ts';

const NOBODY: Viewer = { establishments: new Set(), correspondents: new Set() };

function person(
  name: [given: string, family: string],
  others: {
    email?: string;
    title?: string;
    school?: [uai: string, name: string, commune: string];
    disciplines?: string[];
  },
): IndexedPerson {
  const [given, family] = name;
  const school = others.school;
  return {
    nameWords: wordsOf(`${family} ${given}`),
    otherWords: [
      ...wordsOf(others.email ?? ''),
      ...wordsOf(others.title ?? ''),
      ...(school ? wordsOf(`${school[1]} ${school[2]}`) : []),
      ...(others.disciplines ?? []).flatMap(wordsOf),
    ],
    establishments: school ? [school[0]] : [],
    email: others.email ?? null,
    sortKey: wordsOf(`${family} ${given}`).join(' '),
  };
}

const CHAMPOLLION: [string, string, string] = ['0380027Y', 'Lycée Champollion', 'Grenoble'];
const FERRY: [string, string, string] = ['0730001E', 'Collège Jules Ferry', 'Chambéry'];
const PEOPLE = [
  person(['Paul', 'Martin'], {
    email: 'paul.martin@ac-test.fr',
    school: CHAMPOLLION,
    disciplines: ['Mathématiques'],
  }),
  person(['Martine', 'Dupont'], {
    email: 'martine.dupont@ac-test.fr',
    school: FERRY,
    title: 'Secrétaire de direction',
  }),
  person(['Hélène', 'Martinez'], {
    email: 'helene.martinez@ac-test.fr',
    school: FERRY,
    disciplines: ['Lettres'],
  }),
  person(['Jean-Pierre', "d'Arc"], {
    email: 'jp.darc@ac-test.fr',
    school: CHAMPOLLION,
    disciplines: ['Éducation physique'],
  }),
  person(['Œdipe', 'Cœurdevey'], { email: 'oedipe.coeurdevey@ac-test.fr', school: FERRY }),
  person(['Zoé', 'Blanc'], {
    email: 'zoe.blanc@ac-test.fr',
    school: ['0380033E', 'Lycée Martial Dubois', 'Voiron'],
  }),
];
const index = buildPeopleIndex(PEOPLE);
const names = (found: number[]) => found.map((i) => PEOPLE[i]?.sortKey);

test('a few letters of any words, in any order, accents and case aside', () => {
  assert.deepEqual(names(index.search('mart grenob', 10, NOBODY)), ['martin paul']);
  assert.deepEqual(names(index.search('GRENOB mart', 10, NOBODY)), ['martin paul']);
  assert.deepEqual(names(index.search('helene', 10, NOBODY)), ['martinez helene']);
  assert.deepEqual(names(index.search('coeur', 10, NOBODY)), ['coeurdevey oedipe'], 'œ folds to oe');
  assert.deepEqual(names(index.search('œdi', 10, NOBODY)), ['coeurdevey oedipe']);
  assert.deepEqual(
    names(index.search('arc jean', 10, NOBODY)),
    ['d arc jean pierre'],
    'apostrophes and hyphens break words',
  );
  assert.deepEqual(names(index.search('secretaire', 10, NOBODY)), ['dupont martine'], 'the function matches');
  assert.deepEqual(names(index.search('math', 10, NOBODY)), ['martin paul'], 'a discipline matches');
  assert.deepEqual(names(index.search('chamb', 10, NOBODY)).sort(), [
    'coeurdevey oedipe',
    'dupont martine',
    'martinez helene',
  ]);
  assert.deepEqual(names(index.search('jp.darc@', 10, NOBODY)), ['d arc jean pierre'], 'the address matches');
  assert.deepEqual(index.search('m', 10, NOBODY), [], 'one letter is too little');
  assert.deepEqual(index.search('zz', 10, NOBODY), []);
  assert.deepEqual(index.search('mart zz', 10, NOBODY), [], 'every word must match');
});

test('correspondents first, then colleagues, then names starting with the first word, then by name', () => {
  // Zoé matches through her school's name only: after everyone whose name matches.
  assert.deepEqual(names(index.search('mart', 10, NOBODY)), [
    'dupont martine',
    'martin paul',
    'martinez helene',
    'blanc zoe',
  ]);
  const atFerry: Viewer = { establishments: new Set(['0730001E']), correspondents: new Set() };
  assert.deepEqual(names(index.search('mart', 10, atFerry)), [
    'dupont martine',
    'martinez helene',
    'martin paul',
    'blanc zoe',
  ]);
  const writesToZoe: Viewer = { ...atFerry, correspondents: new Set(['zoe.blanc@ac-test.fr']) };
  assert.deepEqual(names(index.search('mart', 10, writesToZoe)), [
    'blanc zoe',
    'dupont martine',
    'martinez helene',
    'martin paul',
  ]);
  assert.deepEqual(
    names(index.search('mart', 2, writesToZoe)),
    ['blanc zoe', 'dupont martine'],
    'at most the limit',
  );
});

test('the index answers exactly as a plain scan would, query after query', () => {
  const random = seededRandom(7);
  const syllables = ['ma', 'ri', 'tin', 'du', 'pon', 'lé', 'ne', 'ber', 'nard', 'ro', 'bert', 'cœ', 'zo'];
  const word = () =>
    Array.from(
      { length: 1 + Math.floor(random() * 3) },
      () => syllables[Math.floor(random() * syllables.length)],
    ).join('');
  const schools: [string, string, string][] = [CHAMPOLLION, FERRY, ['0380001A', 'École Bayard', 'Voiron']];
  const people = Array.from({ length: 400 }, () =>
    person([word(), word()], {
      email: `${word()}@ac-test.fr`,
      school: schools[Math.floor(random() * schools.length)],
      disciplines: random() < 0.5 ? [word()] : [],
    }),
  );
  const big = buildPeopleIndex(people);
  const viewer: Viewer = {
    establishments: new Set(['0380027Y']),
    correspondents: new Set([people[3]?.email ?? '']),
  };
  for (let round = 0; round < 300; round++) {
    const query = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      word().slice(0, 2 + Math.floor(random() * 3)),
    );
    const text = query.join(' ');
    const folded = [...new Set(wordsOf(text))];
    const expected = people
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => folded.every((q) => [...p.nameWords, ...p.otherWords].some((w) => w.startsWith(q))))
      .map(({ i }) => i)
      .sort();
    const found = big.search(text, 50, viewer);
    if (folded.join('').length < 2) {
      assert.deepEqual(found, []);
      continue;
    }
    if (expected.length <= 50) assert.deepEqual([...found].sort(), expected, text);
    else {
      assert.equal(found.length, 50, `${text}: the limit`);
      assert.ok(
        found.every((i) => expected.includes(i)),
        `${text}: only matching people`,
      );
    }
    // Best first: correspondents, then colleagues, never after someone ranked lower.
    const tier = (i: number) =>
      (viewer.correspondents.has(people[i]?.email ?? '') ? 2 : 0) +
      (people[i]?.establishments.some((uai) => viewer.establishments.has(uai)) ? 1 : 0);
    for (let k = 1; k < found.length; k++)
      assert.ok(tier(found[k - 1] ?? 0) >= tier(found[k] ?? 0), `${text}: ranked`);
  }
});

test('a match of thousands is ranked in one pass, and the same as a sort would', () => {
  const school: [string, string, string] = ['0380099A', 'Lycée Marie Curie', 'Échirolles'];
  const people = Array.from({ length: 3000 }, (_, i) =>
    person([`Prénom${i}`, `Famille${String(3000 - i).padStart(4, '0')}`], {
      email: `p${i}@ac-test.fr`,
      school: i % 3 === 0 ? school : FERRY,
    }),
  );
  const big = buildPeopleIndex(people);
  const viewer: Viewer = {
    establishments: new Set(['0380099A']),
    correspondents: new Set(['p2@ac-test.fr', 'p5@ac-test.fr']),
  };
  // "fam" matches every name: correspondents (p2, p5 at Ferry), then colleagues at Marie Curie, by name.
  const found = big.search('fam', 10, viewer).map((i) => people[i]?.email);
  const expectedColleagues = people
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => i % 3 === 0)
    .sort((a, b) => (a.p.sortKey < b.p.sortKey ? -1 : 1))
    .slice(0, 8)
    .map(({ p }) => p.email);
  assert.deepEqual(found, ['p5@ac-test.fr', 'p2@ac-test.fr', ...expectedColleagues]);
  // The correspondents' order is by name too: Famille2995 (p5) before Famille2998 (p2).
  assert.equal(big.search('fam', 50, NOBODY).length, 50);
  assert.deepEqual(
    big.search('fam', 3, NOBODY).map((i) => people[i]?.email),
    ['p2999@ac-test.fr', 'p2998@ac-test.fr', 'p2997@ac-test.fr'],
  );
});
