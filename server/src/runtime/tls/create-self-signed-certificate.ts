// Make a self-signed server certificate: ECDSA P-256 (small, fast, accepted by every current client), one
// year, for the host name plus the loopback names so a fresh install answers on https://localhost at once.

import { randomBytes } from 'node:crypto';

/** Browsers refuse server certificates valid for more than 398 days; one year stays under that. */
export const SELF_SIGNED_VALIDITY_MS = 365 * 86_400_000;
/** Back-date the start so a client whose clock is a little behind still accepts a fresh certificate. */
const CLOCK_SKEW_MS = 60 * 60_000;
/** X.520 caps a common name at 64 characters; longer host names live in the SANs only. */
const MAX_COMMON_NAME_LENGTH = 64;

export const LOOPBACK_NAMES = ['localhost'] as const;
export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'] as const;

export interface PemPair {
  readonly certificate: string;
  readonly privateKey: string;
}

export async function createSelfSignedCertificate(hostname: string, now: Date): Promise<PemPair> {
  // x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  // Node's WebCrypto, which x509 also finds on globalThis by default.
  const crypto = globalThis.crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);

  const dnsNames = [...new Set([hostname.toLowerCase(), ...LOOPBACK_NAMES])];
  const commonName = hostname.length <= MAX_COMMON_NAME_LENGTH ? hostname : 'vercors';
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: positiveSerialNumber(),
    name: [{ CN: [commonName] }, { O: ['Vercors (self-signed)'] }],
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + SELF_SIGNED_VALIDITY_MS),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...LOOPBACK_ADDRESSES.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificate: certificate.toString('pem'),
    privateKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** 16 random bytes with the top bit cleared: DER integers are signed and a serial must be positive. */
function positiveSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}
