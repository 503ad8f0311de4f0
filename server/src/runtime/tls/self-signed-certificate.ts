// The self-signed certificate kept in the data folder: reused while it is valid for the host name, made
// again when it is missing, broken, about to expire or made for another host name. Only the cluster primary
// (and one-shot commands) call this, so workers never race to write it.

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import { createSelfSignedCertificate } from './create-self-signed-certificate.ts';
import { certificateNames, inspectCertificatePem, isMatchingKey } from './inspect-certificate.ts';
import { writeFileAtomically } from '#core/write-file-atomically';

export const SELF_SIGNED_CERTIFICATE_FILE = join('tls', 'self-signed.pem');
export const SELF_SIGNED_KEY_FILE = join('tls', 'self-signed.key');
/** Renew this long before the end, so a server that runs for weeks never serves an expired certificate. */
export const SELF_SIGNED_RENEWAL_MARGIN_MS = 30 * 86_400_000;

/** Why a new certificate was made; `undefined` when the kept one was reused. */
export type RenewalReason =
  | 'missing'
  | 'unreadable'
  | 'keyMismatch'
  | 'notYetValid'
  | 'expiring'
  | 'hostnameChanged';

export interface SelfSignedFiles {
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly renewed: RenewalReason | undefined;
}

export function selfSignedPaths(dataDir: string): { certificatePath: string; privateKeyPath: string } {
  return {
    certificatePath: join(dataDir, SELF_SIGNED_CERTIFICATE_FILE),
    privateKeyPath: join(dataDir, SELF_SIGNED_KEY_FILE),
  };
}

export async function ensureSelfSignedCertificate(options: {
  readonly dataDir: string;
  readonly hostname: string;
  readonly clock: Clock;
  readonly log: Logger;
}): Promise<SelfSignedFiles> {
  const paths = selfSignedPaths(options.dataDir);
  const reason = await renewalReason(paths, options.hostname, options.clock.now());
  if (reason === undefined) return { ...paths, renewed: undefined };

  const pair = await createSelfSignedCertificate(options.hostname, options.clock.now());
  // The private key stays readable by the server's user only; the folder too, so nobody lists it.
  await mkdir(join(options.dataDir, 'tls'), { recursive: true, mode: 0o700 });
  // Key first: a crash between the two renames leaves a mismatched pair, which the next start detects.
  await writeFileAtomically(paths.privateKeyPath, pair.privateKey, 0o600);
  await writeFileAtomically(paths.certificatePath, pair.certificate, 0o644);
  options.log.info(
    { certificate: paths.certificatePath, hostname: options.hostname, reason },
    'made a self-signed TLS certificate',
  );
  return { ...paths, renewed: reason };
}

async function renewalReason(
  paths: { certificatePath: string; privateKeyPath: string },
  hostname: string,
  now: Date,
): Promise<RenewalReason | undefined> {
  let certificate: string;
  let privateKey: string;
  try {
    [certificate, privateKey] = await Promise.all([
      readFile(paths.certificatePath, 'utf8'),
      readFile(paths.privateKeyPath, 'utf8'),
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  let info: ReturnType<typeof inspectCertificatePem>;
  try {
    info = inspectCertificatePem(certificate);
  } catch {
    return 'unreadable';
  }
  if (!isMatchingKey(certificate, privateKey)) return 'keyMismatch';
  // The clock was set back since it was made: clients would refuse it as not yet valid.
  if (info.notBefore.getTime() > now.getTime()) return 'notYetValid';
  if (info.notAfter.getTime() - now.getTime() < SELF_SIGNED_RENEWAL_MARGIN_MS) return 'expiring';
  if (!certificateNames(info, hostname)) return 'hostnameChanged';
  return undefined;
}
