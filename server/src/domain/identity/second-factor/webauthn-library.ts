// @simplewebauthn/server, loaded on first use: with its ASN.1 and X.509 stack it is about 5 MB of heap that
// every worker would otherwise hold from start, though only passkey logins and registrations need it.

import type * as WebAuthn from '@simplewebauthn/server';

type WebAuthnLibrary = typeof WebAuthn;

let library: Promise<WebAuthnLibrary> | undefined;

export function loadWebAuthnLibrary(): Promise<WebAuthnLibrary> {
  library ??= import('@simplewebauthn/server');
  return library;
}
