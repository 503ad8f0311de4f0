// Read what matters about a PEM certificate for the runtime and `vercors doctor`: who it names, until when,
// and whether anyone but itself vouches for it. Uses node:crypto only (no x509 library load).

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface CertificateInfo {
  readonly subject: string;
  /** `DNS:mail.example.org`, `IP Address:127.0.0.1`… as OpenSSL prints them. */
  readonly subjectAltNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isSelfSigned: boolean;
  /** SHA-256 fingerprint, colon-separated hex, to compare with what a client sees. */
  readonly fingerprint256: string;
}

/** Inspect the first (leaf) certificate of a PEM file. Throws when the file is unreadable or not a certificate. */
export async function inspectCertificate(path: string): Promise<CertificateInfo> {
  return inspectCertificatePem(await readFile(path, 'utf8'));
}

export function inspectCertificatePem(pem: string): CertificateInfo {
  const certificate = new X509Certificate(pem);
  return {
    subject: certificate.subject,
    subjectAltNames: splitAltNames(certificate.subjectAltName),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    // Not checkIssued: OpenSSL wants keyCertSign there, which a server certificate rightly lacks.
    isSelfSigned: certificate.issuer === certificate.subject && certificate.verify(certificate.publicKey),
    fingerprint256: certificate.fingerprint256,
  };
}

/** True when `name` is covered by a DNS SAN (exactly, or by a one-label wildcard). */
export function certificateNames(info: CertificateInfo, name: string): boolean {
  const wanted = name.toLowerCase();
  return info.subjectAltNames.some((entry) => {
    if (!entry.startsWith('DNS:')) return false;
    const pattern = entry.slice(4).toLowerCase();
    if (pattern === wanted) return true;
    const dot = wanted.indexOf('.');
    return pattern.startsWith('*.') && dot > 0 && wanted.slice(dot) === pattern.slice(1);
  });
}

/** True when the private key is the one the certificate's public key belongs to. */
export function isMatchingKey(certificatePem: string, privateKeyPem: string): boolean {
  try {
    return new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch {
    return false;
  }
}

function splitAltNames(text: string | undefined): string[] {
  // OpenSSL joins entries with ", "; a quoted entry may itself hold commas (never in names we make).
  return text ? text.split(/,\s*/).filter((entry) => entry !== '') : [];
}
