import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CardView } from './card-display.ts';
import { type ContactForm, formFromCard } from './contact-form.ts';
import { cardPatch, pointer } from './contact-patch.ts';

/** RFC 8620 §5.3 as the server applies it: every part before the last must be an object. */
function applyPatch(card: object, patch: Record<string, unknown>): Record<string, unknown> {
  const paths = Object.keys(patch);
  for (const path of paths)
    assert.ok(!paths.some((other) => other.startsWith(`${path}/`)), `${path} has a path inside it`);
  const result = structuredClone(card) as Record<string, unknown>;
  for (const [path, value] of Object.entries(patch)) {
    const segments = path.split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop() as string;
    let parent = result;
    for (const segment of segments) {
      const next = parent[segment];
      assert.ok(typeof next === 'object' && next !== null && !Array.isArray(next), `${path}: ${segment}`);
      parent = next as Record<string, unknown>;
    }
    if (value === null) delete parent[last];
    else parent[last] = value;
  }
  return result;
}

const JEAN: CardView = {
  id: 'c1',
  uid: 'urn:uuid:1',
  kind: 'individual',
  name: {
    components: [
      { kind: 'title', value: 'Dr' },
      { kind: 'given', value: 'Jean' },
      { kind: 'surname', value: 'Dupont' },
    ],
    full: 'Jean Dupont',
  },
  emails: {
    e1: { address: 'jean@ac-test.fr', contexts: { work: true }, pref: 1, label: 'bureau' },
    e2: { address: 'jean@maison.fr', contexts: { private: true } },
  },
  phones: { p1: { number: '06 12 34 56 78', features: { mobile: true } } },
  organizations: { o1: { name: 'Lycée Champollion', units: [{ name: 'Maths' }] } },
  titles: { t1: { name: 'Professeur', kind: 'title' } },
  addresses: {
    a1: {
      components: [
        { kind: 'apartment', value: 'Bât. B' },
        { kind: 'name', value: '1 rue Hébert' },
        { kind: 'locality', value: 'Grenoble' },
        { kind: 'postcode', value: '38000' },
      ],
      countryCode: 'fr',
      full: '1 rue Hébert, 38000 Grenoble',
    },
  },
  notes: { n1: { note: 'Salle 12' } },
  anniversaries: { b1: { kind: 'birth', date: { year: 1980, month: 4, day: 12 } } },
  nicknames: { k1: { name: 'JD' } },
};

function edit(card: CardView, change: (form: ContactForm) => ContactForm) {
  const before = formFromCard(card);
  const after = change(before);
  const patch = cardPatch(card, before, after);
  return { patch, result: applyPatch(card, patch) as unknown as CardView, after };
}

test('an unchanged form patches nothing', () => {
  const before = formFromCard(JEAN);
  assert.deepEqual(cardPatch(JEAN, before, structuredClone(before)), {});
});

test('a changed address is one path; labels, preferences and other properties stay as they were', () => {
  const { patch, result } = edit(JEAN, (form) => ({
    ...form,
    emails: form.emails.map((email) =>
      email.id === 'e1' ? { ...email, address: 'jean.dupont@ac-test.fr' } : email,
    ),
  }));
  assert.deepEqual(patch, { 'emails/e1/address': 'jean.dupont@ac-test.fr' });
  assert.deepEqual(result.emails?.e1, {
    address: 'jean.dupont@ac-test.fr',
    contexts: { work: true },
    pref: 1,
    label: 'bureau',
  });
  assert.deepEqual(result.anniversaries, JEAN.anniversaries);
  assert.deepEqual(result.nicknames, JEAN.nicknames);
});

test('removed, added and re-typed entries: removed by id, added under a free id, kind as features', () => {
  const { patch, result } = edit(JEAN, (form) => ({
    ...form,
    emails: [
      ...form.emails.filter((email) => email.id !== 'e2'),
      { id: null, address: 'j.dupont@ac-test.fr', context: 'other' },
    ],
    phones: [{ ...(form.phones[0] as ContactForm['phones'][number]), kind: 'work' }],
  }));
  assert.deepEqual(patch, {
    'emails/e2': null,
    'emails/e3': { address: 'j.dupont@ac-test.fr' },
    'phones/p1/features': { voice: true },
    'phones/p1/contexts': { work: true },
  });
  assert.deepEqual(Object.keys(result.emails ?? {}), ['e1', 'e3']);
});

test('every entry removed removes the map; a map the card lacks is written whole', () => {
  const bare: CardView = { id: 'c2', uid: 'u2', kind: 'individual', name: { full: 'Anne' } };
  const { patch } = edit(bare, (form) => ({
    ...form,
    emails: [{ id: null, address: 'anne@ac-test.fr', context: 'work' }],
    phones: [{ id: null, number: '04 76 00 00 01', kind: 'home' }],
    organization: 'Collège Fantin-Latour',
    title: 'CPE',
    street: '3 place Verdun',
    locality: 'Grenoble',
    note: 'Voit les parents le mardi',
  }));
  assert.deepEqual(patch, {
    emails: { e1: { address: 'anne@ac-test.fr', contexts: { work: true } } },
    phones: { p1: { number: '04 76 00 00 01', features: { voice: true }, contexts: { private: true } } },
    organizations: { o1: { name: 'Collège Fantin-Latour' } },
    titles: { t1: { name: 'CPE', kind: 'title' } },
    addresses: {
      a1: {
        components: [
          { kind: 'name', value: '3 place Verdun' },
          { kind: 'locality', value: 'Grenoble' },
        ],
      },
    },
    notes: { n1: { note: 'Voit les parents le mardi' } },
  });
  const cleared = edit(JEAN, (form) => ({ ...form, emails: [], phones: [], note: '', title: '' }));
  assert.deepEqual(cleared.patch, { emails: null, phones: null, titles: null, notes: null });
});

test('names: given and surname replaced, other parts kept, the full name follows', () => {
  const { patch, result } = edit(JEAN, (form) => ({ ...form, given: 'Jean-Marc' }));
  assert.deepEqual(patch, {
    'name/components': [
      { kind: 'title', value: 'Dr' },
      { kind: 'given', value: 'Jean-Marc' },
      { kind: 'surname', value: 'Dupont' },
    ],
    'name/full': 'Jean-Marc Dupont',
  });
  assert.equal(result.name?.full, 'Jean-Marc Dupont');
  // A full name alone (a collected address) shows split at its first space, and stays alone until edited.
  const collected: CardView = { id: 'c3', uid: 'u3', kind: 'individual', name: { full: 'Yann Le Gall' } };
  const form = formFromCard(collected);
  assert.deepEqual([form.given, form.surname], ['Yann', 'Le Gall']);
  assert.deepEqual(cardPatch(collected, form, { ...form, note: '' }), {});
});

test('the address: its other parts kept, the stale printed label dropped; emptied, it goes', () => {
  const { patch } = edit(JEAN, (form) => ({ ...form, postcode: '38100' }));
  assert.deepEqual(patch, {
    'addresses/a1/components': [
      { kind: 'apartment', value: 'Bât. B' },
      { kind: 'name', value: '1 rue Hébert' },
      { kind: 'locality', value: 'Grenoble' },
      { kind: 'postcode', value: '38100' },
    ],
    'addresses/a1/full': null,
  });
  const onlyStreet: CardView = {
    ...JEAN,
    addresses: { a1: { components: [{ kind: 'name', value: 'x' }] } },
  };
  assert.deepEqual(edit(onlyStreet, (form) => ({ ...form, street: '' })).patch, { addresses: null });
});

test('a group is renamed through name/full; ids with a slash or a tilde are escaped', () => {
  const group: CardView = { id: 'g', uid: 'urn:uuid:g', kind: 'group', name: { full: 'Équipe' } };
  assert.deepEqual(edit(group, (form) => ({ ...form, name: 'Équipe de maths' })).patch, {
    'name/full': 'Équipe de maths',
  });
  assert.equal(pointer('members', 'a/b~c'), 'members/a~1b~0c');
});
