import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteImagesAllowed, remoteImagesEntry, withRemoteImagesEntry } from './remote-images.ts';

test('an entry is the sender address or its domain, lowercased; a non-address gives none', () => {
  assert.equal(remoteImagesEntry(' Marie.Dupont@Example.FR ', 'address'), 'marie.dupont@example.fr');
  assert.equal(remoteImagesEntry('marie@example.fr', 'domain'), '@example.fr');
  assert.equal(remoteImagesEntry('no-at-sign', 'address'), undefined);
  assert.equal(remoteImagesEntry('@example.fr', 'domain'), undefined);
  assert.equal(remoteImagesEntry('marie@', 'domain'), undefined);
});

test('images show for a trusted address or domain, never for a suspicious or anonymous message', () => {
  const from = [{ name: 'Lettre', email: 'News@Editeur.fr' }];
  assert.equal(remoteImagesAllowed(from, ['news@editeur.fr'], false), true);
  assert.equal(remoteImagesAllowed(from, ['@editeur.fr'], false), true);
  assert.equal(remoteImagesAllowed(from, ['@autre.fr', 'x@editeur.fr'], false), false);
  assert.equal(remoteImagesAllowed(from, ['@editeur.fr'], true), false);
  assert.equal(remoteImagesAllowed(null, ['@editeur.fr'], false), false);
  assert.equal(remoteImagesAllowed([], ['@editeur.fr'], false), false);
  const two = [...from, { name: null, email: 'other@elsewhere.fr' }];
  assert.equal(remoteImagesAllowed(two, ['@editeur.fr'], false), false);
});

test('adding an entry keeps the list without repeats', () => {
  assert.deepEqual(withRemoteImagesEntry(['@a.fr'], '@b.fr'), ['@a.fr', '@b.fr']);
  assert.deepEqual(withRemoteImagesEntry(['@a.fr'], '@a.fr'), ['@a.fr']);
});
