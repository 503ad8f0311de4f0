import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiDomain, isPlainAddress } from './address-syntax.ts';

test('a domain needs two labels of letters, digits and hyphens; accented names become A-labels', () => {
  assert.equal(asciiDomain('ac-grenoble.fr'), 'ac-grenoble.fr');
  assert.equal(asciiDomain('Exemple.FR'), 'exemple.fr');
  assert.equal(asciiDomain('école.fr'), 'xn--cole-9oa.fr');
  for (const bad of [
    'localhost',
    '',
    'a..fr',
    '-a.fr',
    'a-.fr',
    '192.168.1.1',
    'a b.fr',
    'a.fr/x',
    'a@b.fr',
  ]) {
    assert.equal(asciiDomain(bad), undefined, bad);
  }
});

test('an address is a dot-atom local part at a valid domain', () => {
  for (const good of ['marie@example.fr', 'jean-paul.durand2@ac-test.fr', 'x_y+z@école.fr']) {
    assert.ok(isPlainAddress(good), good);
  }
  for (const bad of [
    '@example.fr',
    'marie',
    'marie@',
    'marie@localhost',
    '.marie@example.fr',
    'marie.@example.fr',
    'ma..rie@example.fr',
    'ma rie@example.fr',
    'Marie <marie@example.fr>',
    '"marie"@example.fr',
  ]) {
    assert.ok(!isPlainAddress(bad), bad);
  }
});
