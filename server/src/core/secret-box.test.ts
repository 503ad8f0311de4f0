import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from './errors.ts';
import { createSecretBox, newSecretKey } from './secret-box.ts';

test('a sealed value opens with its key and purpose only, and never shows the plain text', () => {
  const box = createSecretBox(newSecretKey());
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp-seed');
  assert.match(sealed, /^sealed:v1:[A-Za-z0-9_-]+$/);
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'totp-seed'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed, 'totp-seed'), 'JBSWY3DPEHPK3PXP');
  assert.ok(box.isSealed(sealed));
  assert.throws(() => box.open(sealed, 'dkim-key'), StoreError, 'bound to its purpose');
  assert.throws(() => createSecretBox(newSecretKey()).open(sealed, 'totp-seed'), StoreError, 'another key');
  const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
  assert.throws(() => box.open(tampered, 'totp-seed'), StoreError, 'tampering is detected');
  assert.throws(() => box.open('sealed:v1:AAAA', 'totp-seed'), StoreError, 'too short');
});

test('a value written before sealing reads as it is; fingerprints tell keys apart', () => {
  const key = newSecretKey();
  const box = createSecretBox(key);
  assert.equal(box.open('JBSWY3DPEHPK3PXP', 'totp-seed'), 'JBSWY3DPEHPK3PXP');
  assert.equal(box.isSealed('JBSWY3DPEHPK3PXP'), false);
  assert.equal(createSecretBox(Buffer.from(key)).fingerprint, box.fingerprint);
  assert.notEqual(createSecretBox(newSecretKey()).fingerprint, box.fingerprint);
  assert.match(box.fingerprint, /^[0-9a-f]{16}$/);
  assert.throws(() => createSecretBox(new Uint8Array(16)), /32 bytes/);
});
