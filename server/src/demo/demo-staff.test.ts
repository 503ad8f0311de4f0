import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidUai } from '#domain/directory';
import { DEMO_ESTABLISHMENTS } from './demo-establishments.ts';
import { seededRandom } from './demo-random.ts';
import { AddressBook, addressPart, generateStaff } from './demo-staff.ts';

test('names become address parts with accents folded, apostrophes dropped and spaces as hyphens', () => {
  assert.equal(addressPart('Hélène'), 'helene');
  assert.equal(addressPart('Jean-Pierre'), 'jean-pierre');
  assert.equal(addressPart('de La Fontaine'), 'de-la-fontaine');
  assert.equal(addressPart('N’Diaye'), 'ndiaye');
  assert.equal(addressPart("d'Arcy"), 'darcy');
  assert.equal(addressPart('Lætitia Œillet'), 'laetitia-oeillet');
  assert.equal(addressPart('Éloïse'), 'eloise');
});

test('a colliding prenom.nom gets 1, 2… and a reserved address is never handed out again', () => {
  const book = new AddressBook('ac-demo.fr');
  assert.equal(book.reserve('administrateur'), 'administrateur@ac-demo.fr');
  assert.equal(book.forPerson('Marie', 'Martin'), 'marie.martin@ac-demo.fr');
  assert.equal(book.forPerson('Marie', 'Martin'), 'marie.martin1@ac-demo.fr');
  assert.equal(book.forPerson('Marie', 'Martin'), 'marie.martin2@ac-demo.fr');
  assert.throws(() => book.reserve('administrateur'));
});

test('the same seed gives the same staff, another seed other people', () => {
  const run = (seed: number) =>
    generateStaff(seededRandom(seed), DEMO_ESTABLISHMENTS, new AddressBook('ac-demo.fr')).map((p) => p.email);
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42), run(43));
});

test('the demo establishments have valid UAI codes in the five departments, every type represented', () => {
  assert.ok(DEMO_ESTABLISHMENTS.length >= 20);
  assert.ok(DEMO_ESTABLISHMENTS.every((e) => isValidUai(e.uai)));
  assert.equal(new Set(DEMO_ESTABLISHMENTS.map((e) => e.uai)).size, DEMO_ESTABLISHMENTS.length);
  assert.ok(DEMO_ESTABLISHMENTS.every((e) => e.uai.startsWith(`0${e.department.padStart(2, '0')}`)));
  assert.deepEqual(
    new Set(DEMO_ESTABLISHMENTS.map((e) => e.department)),
    new Set(['38', '73', '74', '26', '07']),
  );
  assert.deepEqual(
    new Set(DEMO_ESTABLISHMENTS.map((e) => e.type)),
    new Set(['ecole', 'college', 'lycee', 'lycee-professionnel', 'service-academique', 'cio']),
  );
});
