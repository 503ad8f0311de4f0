// Test fixture: a WebAuthn authenticator in software, standing in for a browser and a passkey. It keeps one
// P-256 key (ES256) made with node:crypto and answers creation and request options the way a browser would
// (WebAuthn §6.1 authenticator data, §6.5 attestation "none", §5.8.1 client data), as the JSON text the web
// app sends. Every field can be bent, to test refusals: origin, challenge, RP id, counter, flags, signature.

import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

export interface CeremonyOverrides {
  /** The page's origin; `https://mail.ac-test.fr` by default. */
  readonly origin?: string;
  /** Sign over this challenge instead of the one in the options. */
  readonly challenge?: string;
  /** Hash this RP id into the authenticator data instead of the options' one. */
  readonly rpId?: string;
  /** Report this signature counter instead of the next one. */
  readonly counter?: number;
  /** Leave the user-present flag out (a key nobody touched). */
  readonly isUserAbsent?: boolean;
  /** Spoil the signature. */
  readonly isSignatureBroken?: boolean;
}

export interface SoftwareAuthenticator {
  /** base64url, as WebAuthn's JSON shows it. */
  readonly credentialId: string;
  /** The counter the next assertion reports (0 forever for a passkey that keeps none). */
  counter: number;
  /** The JSON text of a RegistrationResponseJSON answering `options`. */
  register(options: PublicKeyCredentialCreationOptionsJSON, overrides?: CeremonyOverrides): string;
  /** The JSON text of an AuthenticationResponseJSON answering `options`. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, overrides?: CeremonyOverrides): string;
}

export const TEST_ORIGIN = 'https://mail.ac-test.fr';
export const TEST_RP_ID = 'mail.ac-test.fr';

/** A new authenticator; `keepsCounter: false` behaves like a synced passkey, whose counter stays 0. */
export function createSoftwareAuthenticator(options: { keepsCounter?: boolean } = {}): SoftwareAuthenticator {
  const keepsCounter = options.keepsCounter ?? true;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(32);
  const aaguid = Buffer.alloc(16);
  let userHandle = '';

  const authenticator: SoftwareAuthenticator = {
    credentialId: base64url(credentialId),
    counter: keepsCounter ? 1 : 0,

    register(creation, overrides = {}) {
      userHandle = creation.user.id;
      const clientData = clientDataJSON(
        'webauthn.create',
        overrides.challenge ?? creation.challenge,
        overrides,
      );
      const attestedCredential = Buffer.concat([
        aaguid,
        uint16(credentialId.length),
        credentialId,
        coseKey(publicKey),
      ]);
      const authData = authenticatorData(
        overrides.rpId ?? creation.rp.id ?? TEST_RP_ID,
        flags(overrides) | FLAG_ATTESTED_CREDENTIAL,
        overrides.counter ?? 0,
        attestedCredential,
      );
      const attestationObject = isoCBOR.encode(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]) as Parameters<typeof isoCBOR.encode>[0],
      );
      return JSON.stringify({
        id: authenticator.credentialId,
        rawId: authenticator.credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: base64url(clientData),
          attestationObject: base64url(attestationObject),
          transports: ['internal', 'hybrid', 'carrier-pigeon'],
        },
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
      });
    },

    authenticate(request, overrides = {}) {
      const counter = overrides.counter ?? authenticator.counter;
      if (keepsCounter && overrides.counter === undefined) authenticator.counter++;
      const clientData = clientDataJSON('webauthn.get', overrides.challenge ?? request.challenge, overrides);
      const authData = authenticatorData(
        overrides.rpId ?? request.rpId ?? TEST_RP_ID,
        flags(overrides),
        counter,
      );
      const signed = Buffer.concat([authData, createHash('sha256').update(clientData).digest()]);
      const signature = sign('sha256', signed, privateKey);
      if (overrides.isSignatureBroken)
        signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0x01, signature.length - 1);
      return JSON.stringify({
        id: authenticator.credentialId,
        rawId: authenticator.credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: base64url(clientData),
          authenticatorData: base64url(authData),
          signature: base64url(signature),
          userHandle,
        },
        clientExtensionResults: {},
      });
    },
  };
  return authenticator;
}

function clientDataJSON(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
  return Buffer.from(
    JSON.stringify({ type, challenge, origin: overrides.origin ?? TEST_ORIGIN, crossOrigin: false }),
  );
}

function flags(overrides: CeremonyOverrides): number {
  return (overrides.isUserAbsent ? 0 : FLAG_USER_PRESENT) | FLAG_USER_VERIFIED;
}

/** §6.1: SHA-256(rpId) ‖ flags ‖ signCount (big-endian) ‖ attested credential data, when registering. */
function authenticatorData(rpId: string, flagByte: number, counter: number, attested?: Buffer): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  return Buffer.concat([
    createHash('sha256').update(rpId).digest(),
    Buffer.from([flagByte]),
    count,
    ...(attested ? [attested] : []),
  ]);
}

/** The public key as a COSE_Key (RFC 9053 §7.1.1): EC2, ES256, P-256, x and y. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]) as Parameters<typeof isoCBOR.encode>[0],
  );
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
