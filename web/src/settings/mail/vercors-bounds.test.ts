import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signatureBounds, templateBounds } from './vercors-bounds.ts';

test('the session’s bounds are used as advertised', () => {
  const capability = {
    signatures: {
      maxSignaturesPerIdentity: 3,
      maxSignaturesPerAccount: 7,
      maxSizeName: 40,
      maxSizeSignature: 1000,
      maxRecipientsToChoose: 1000,
    },
    replyTemplates: { maxTemplatesPerAccount: 5, maxSizeName: 50, maxSizeSubject: 60, maxSizeBody: 2000 },
  };
  assert.deepEqual(signatureBounds(capability), {
    maxSignaturesPerIdentity: 3,
    maxSignaturesPerAccount: 7,
    maxSizeName: 40,
    maxSizeSignature: 1000,
  });
  assert.deepEqual(templateBounds(capability), capability.replyTemplates);
});

test('a missing or odd bound falls back to the documented value', () => {
  assert.deepEqual(signatureBounds(undefined), {
    maxSignaturesPerIdentity: 20,
    maxSignaturesPerAccount: 100,
    maxSizeName: 255,
    maxSizeSignature: 16384,
  });
  assert.deepEqual(
    templateBounds({ replyTemplates: { maxSizeBody: -4, maxSizeName: '9', maxSizeSubject: 1.5 } }),
    {
      maxTemplatesPerAccount: 100,
      maxSizeName: 255,
      maxSizeSubject: 255,
      maxSizeBody: 65536,
    },
  );
});
