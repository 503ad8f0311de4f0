import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageBlobId, parseBlobId, partBlobId } from './blob-ids.ts';

test('blob ids name an email or one of its parts, round trip, and refuse anything else', () => {
  for (const emailId of ['bO5HXgWbkLTgLEI1C', 'a-b_c', 'x']) {
    assert.deepEqual(parseBlobId(messageBlobId(emailId)), { kind: 'message', emailId });
    for (const partId of ['1', '2.1', '10.3.12'])
      assert.deepEqual(parseBlobId(partBlobId(emailId, partId)), { kind: 'part', emailId, partId });
  }
  assert.match(partBlobId('e_1-2', '2.1'), /^[A-Za-z0-9_-]+$/);
  for (const bad of [
    '',
    'm',
    'p1x',
    'px1',
    'p0xabc',
    'p1--2xabc',
    'p1.2xabc',
    'q1xabc',
    'mabc/def',
    `m${'a'.repeat(201)}`,
  ])
    assert.equal(parseBlobId(bad), undefined, bad);
});
