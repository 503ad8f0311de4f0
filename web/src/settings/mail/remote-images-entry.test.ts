import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRemoteImagesEntry, maxRemoteImagesFrom } from './remote-images-entry.ts';

test('an address or an @domain is added trimmed and in lower case', () => {
  assert.deepEqual(checkRemoteImagesEntry('  Marie@Example.FR ', [], 10), { entry: 'marie@example.fr' });
  assert.deepEqual(checkRemoteImagesEntry('@AC-Grenoble.fr', [], 10), { entry: '@ac-grenoble.fr' });
  // As the server takes them: sub-addresses, letters beyond ASCII, in NFC.
  assert.deepEqual(checkRemoteImagesEntry('lettre+info@example.fr', [], 10), {
    entry: 'lettre+info@example.fr',
  });
  assert.deepEqual(checkRemoteImagesEntry('E\u0301lodie@e\u0301cole.fr', [], 10), {
    entry: 'élodie@école.fr',
  });
});

test('what is not an address or a domain is refused, saying why', () => {
  assert.deepEqual(checkRemoteImagesEntry('   ', [], 10), { problem: 'empty' });
  for (const bad of [
    'marie',
    'example.fr',
    '@localhost',
    '@',
    'marie@',
    'Marie <marie@example.fr>',
    '@a@b.fr',
  ]) {
    assert.deepEqual(checkRemoteImagesEntry(bad, [], 10), { problem: 'invalid' }, bad);
  }
  assert.deepEqual(checkRemoteImagesEntry(`${'a'.repeat(250)}@example.fr`, [], 10), { problem: 'tooLong' });
});

test('each entry once, and no more than the bound', () => {
  assert.deepEqual(checkRemoteImagesEntry('MARIE@example.fr', ['marie@example.fr'], 10), {
    problem: 'duplicate',
  });
  assert.deepEqual(checkRemoteImagesEntry('paul@example.fr', ['a@b.fr', 'c@d.fr'], 2), { problem: 'full' });
});

test('the bound comes from the session, else the contract’s 1,000', () => {
  assert.equal(maxRemoteImagesFrom({ preferences: { maxRemoteImagesFrom: 50 } }), 50);
  assert.equal(maxRemoteImagesFrom({ signatures: {} }), 1000);
  assert.equal(maxRemoteImagesFrom(undefined), 1000);
  assert.equal(maxRemoteImagesFrom({ preferences: { maxRemoteImagesFrom: -1 } }), 1000);
});
