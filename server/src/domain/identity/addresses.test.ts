import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { parseAddress, parseDomainName, toAddress, toDomainName, unicodeDomainName } from './addresses.ts';

test('domain names are lower-cased, lose a trailing dot and keep their labels', () => {
  assert.equal(toDomainName('AC-Grenoble.FR'), 'ac-grenoble.fr');
  assert.equal(toDomainName(' ac-grenoble.fr. '), 'ac-grenoble.fr');
  assert.equal(toDomainName('mail.ac-grenoble.education.fr'), 'mail.ac-grenoble.education.fr');
});

test('internationalised domain names become A-labels and read back as Unicode', () => {
  const ascii = toDomainName('Académie-Grenoble.fr');
  assert.equal(ascii, 'xn--acadmie-grenoble-eqb.fr');
  assert.equal(unicodeDomainName(ascii ?? ''), 'académie-grenoble.fr');
});

test('malformed domain names are refused', () => {
  for (const bad of [
    '',
    'localhost',
    'ac grenoble.fr',
    '-ac.fr',
    'ac-.fr',
    'a..fr',
    '192.168.1.1',
    'a_b.fr',
    'x@y.fr',
    `${'a'.repeat(64)}.fr`,
  ]) {
    assert.equal(toDomainName(bad), undefined, bad);
  }
  assert.throws(
    () => parseDomainName('not a domain'),
    (error: unknown) =>
      error instanceof DomainError &&
      error.code === 'invalid' &&
      error.details.reason === 'invalidDomainName',
  );
});

test('addresses are lower-cased with their domain as A-labels', () => {
  assert.deepEqual(toAddress(' Marie.Martin@AC-Grenoble.fr '), {
    address: 'marie.martin@ac-grenoble.fr',
    localPart: 'marie.martin',
    domain: 'ac-grenoble.fr',
  });
  assert.equal(toAddress('jean-luc_2@académie.fr')?.address, 'jean-luc_2@xn--acadmie-eya.fr');
});

test('addresses with sub-address separators, quotes, accents or stray dots are refused', () => {
  for (const bad of [
    'marie',
    '@ac.fr',
    'marie+listes@ac.fr',
    '"marie"@ac.fr',
    'hélène@ac.fr',
    '.marie@ac.fr',
    'marie.@ac.fr',
    'ma..rie@ac.fr',
    `${'a'.repeat(65)}@ac.fr`,
    'marie@ac',
  ]) {
    assert.equal(toAddress(bad), undefined, bad);
  }
  assert.throws(
    () => parseAddress('nope', 'alias'),
    (error: unknown) =>
      error instanceof DomainError &&
      error.details.subject === 'alias' &&
      error.details.reason === 'invalidEmail',
  );
});
