import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base64urlToBytes,
  bytesToBase64url,
  creationOptionsFromJson,
  registrationJsonOf,
} from './passkey-json.ts';

test('base64url round-trips any bytes, without padding', () => {
  const bytes = new Uint8Array(256).map((_, index) => index);
  const text = bytesToBase64url(bytes);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual([...base64urlToBytes(text)], [...bytes]);
  assert.equal(bytesToBase64url(new Uint8Array([0xfb, 0xff])), '-_8');
  assert.throws(() => base64urlToBytes('a+b/'), TypeError);
});

const OPTIONS = {
  rp: { id: 'localhost', name: 'localhost' },
  user: { id: bytesToBase64url(new TextEncoder().encode('a1')), name: 'claire', displayName: 'Claire' },
  challenge: bytesToBase64url(new Uint8Array([1, 2, 3])),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  excludeCredentials: [{ id: bytesToBase64url(new Uint8Array([9, 9])), type: 'public-key' }],
  attestation: 'none',
} as PublicKeyCredentialCreationOptionsJSON;

test('without the browser’s parser, the binary fields of the options become bytes', () => {
  const options = creationOptionsFromJson(OPTIONS, undefined);
  assert.deepEqual([...new Uint8Array(options.challenge as ArrayBuffer)], [1, 2, 3]);
  assert.equal(new TextDecoder().decode(options.user.id as Uint8Array), 'a1');
  assert.deepEqual([...(options.excludeCredentials?.[0]?.id as Uint8Array)], [9, 9]);
  assert.equal(options.rp.id, 'localhost');
  assert.equal(options.attestation, 'none');
});

test('the browser’s own parser is preferred when it exists', () => {
  const parsed = { marker: true } as unknown as PublicKeyCredentialCreationOptions;
  assert.equal(
    creationOptionsFromJson(OPTIONS, () => parsed),
    parsed,
  );
});

test('a credential without toJSON() is encoded by hand, and a null attachment is left out', () => {
  const bytes = (values: number[]) => new Uint8Array(values).buffer;
  const json = registrationJsonOf({
    id: 'AQI',
    rawId: bytes([1, 2]),
    type: 'public-key',
    authenticatorAttachment: null,
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
    response: {
      clientDataJSON: bytes([123, 125]),
      attestationObject: bytes([0xa0]),
      getTransports: () => ['internal'],
    },
  });
  assert.deepEqual(json, {
    id: 'AQI',
    rawId: 'AQI',
    type: 'public-key',
    clientExtensionResults: { credProps: { rk: true } },
    response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['internal'] },
  });
});

test('a credential’s own toJSON() is used as it is', () => {
  const json = registrationJsonOf({
    id: 'x',
    rawId: new ArrayBuffer(0),
    type: 'public-key',
    response: { clientDataJSON: new ArrayBuffer(0), attestationObject: new ArrayBuffer(0) },
    getClientExtensionResults: () => ({}),
    toJSON: () => ({ id: 'x', authenticatorAttachment: 'platform' }),
  });
  assert.deepEqual(json, { id: 'x', authenticatorAttachment: 'platform' });
});
