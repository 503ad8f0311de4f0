import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSyncToken, syncTokenUri } from './sync-token.ts';

test('a sync token carries a version, or where a cut answer stopped, and reads back the same', () => {
  assert.equal(syncTokenUri(42), 'http://vercors.fr/ns/sync/42');
  assert.deepEqual(parseSyncToken('http://vercors.fr/ns/sync/42'), { since: 42 });
  for (const position of [
    { since: 7, resume: { version: 9, name: 'a.vcf' } },
    { resume: { version: 281474976710655, name: 'Élodie Martin/1.vcf' } },
    { since: 0, resume: { version: 0, name: '😀' } },
  ]) {
    const uri = syncTokenUri(position);
    assert.match(uri, /^http:\/\/vercors\.fr\/ns\/sync\/[0-9-]+\/\d+\/[A-Za-z0-9_-]+$/);
    assert.deepEqual(parseSyncToken(uri), position);
  }
});

test('anything else is not one of our sync tokens', () => {
  for (const token of [
    '',
    'garbage',
    'http://vercors.fr/ns/sync/',
    'http://vercors.fr/ns/sync/-',
    'http://vercors.fr/ns/sync/1234567890123456',
    'http://vercors.fr/ns/sync/1/2',
    'http://vercors.fr/ns/sync/1/2/',
    'http://vercors.fr/ns/sync/1/2/YQ==',
    // Not what we write for 'a' (its padding bits are set).
    'http://vercors.fr/ns/sync/1/2/YR',
    `http://vercors.fr/ns/sync/1/2/${'A'.repeat(2000)}`,
    'https://example.org/ns/sync/1',
  ])
    assert.equal(parseSyncToken(token), undefined, token);
});
