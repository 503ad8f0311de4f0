// A self-signed certificate for tests that run TLS listeners (SMTP STARTTLS and 465), made the way the
// runtime makes its own, once per test process.

import { createSelfSignedCertificate, type PemPair } from '../runtime/tls/create-self-signed-certificate.ts';

let made: Promise<PemPair> | undefined;

export function testCertificate(): Promise<PemPair> {
  made ??= createSelfSignedCertificate('localhost', new Date());
  return made;
}
