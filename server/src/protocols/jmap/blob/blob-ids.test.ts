import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  blobPartId,
  MAX_BLOB_NESTING,
  messageBlobId,
  parseBlobId,
  partBlobId,
  uploadBlobId,
} from './blob-ids.ts';

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
    'u',
    'u+',
    'v1x',
    'v1xq1',
    'v0xuabc',
    'v1.2xuabc',
  ])
    assert.equal(parseBlobId(bad), undefined, bad);
});

test('an upload is u<uploadId>; a part of the message another blob holds nests that blob’s id', () => {
  assert.equal(uploadBlobId('uAbC_1-2'), 'uuAbC_1-2');
  assert.deepEqual(parseBlobId('uuAbC_1-2'), { kind: 'upload', uploadId: 'uAbC_1-2' });

  const inUpload = blobPartId('uuAbC', '2.1');
  assert.equal(inUpload, 'v2-1xuuAbC');
  assert.deepEqual(parseBlobId(inUpload ?? ''), { kind: 'blobPart', blobId: 'uuAbC', partId: '2.1' });
  const inAttachedMessage = blobPartId(partBlobId('e1', '3'), '1');
  assert.equal(inAttachedMessage, 'v1xp3xe1');
  assert.deepEqual(parseBlobId(inAttachedMessage ?? ''), { kind: 'blobPart', blobId: 'p3xe1', partId: '1' });
  // A stored message's parts are numbered alike in its stored structure: they keep their own ids.
  assert.equal(blobPartId(messageBlobId('e1'), '2.1'), partBlobId('e1', '2.1'));

  let id = uploadBlobId('uAbC');
  for (let depth = 0; depth < MAX_BLOB_NESTING; depth++) {
    const nested = blobPartId(id, '1');
    assert.ok(nested !== undefined, `depth ${depth + 1}`);
    id = nested;
  }
  assert.equal(id, 'v1xv1xv1xv1xuuAbC');
  assert.equal(blobPartId(id, '1'), undefined, 'one level too deep');
  assert.equal(parseBlobId(`v1x${id}`), undefined);
  assert.equal(blobPartId(uploadBlobId('u'.repeat(200)), '1'.repeat(6)), 'v111111x' + 'u'.repeat(201));
  assert.equal(parseBlobId(`v1x${'u'.repeat(253)}`), undefined, 'longer than 255');
});
