// Where the server's certificate comes from (the tls.* files, or the self-signed pair in the data folder)
// and loading it into a validated SecureContext. Problems are ConfigErrors naming the setting and the file.

import { open } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Clock } from '#core/clock';
import type { Config } from '#core/config';
import { ConfigError } from '#core/errors';
import type { Logger } from '#core/log';
import { CORE_SETTINGS } from '#core/settings';
import { TLS_SETTINGS } from '../runtime-settings.ts';
import { inspectCertificatePem, isMatchingKey, type CertificateInfo } from './inspect-certificate.ts';
import { ensureSelfSignedCertificate, selfSignedPaths } from './self-signed-certificate.ts';

/** A chain of a few certificates is a few kilobytes; refuse to slurp a wrong path such as /dev/zero. */
export const MAX_PEM_FILE_BYTES = 1024 * 1024;
/** TLS 1.0 and 1.1 are deprecated (RFC 8996); every client we serve speaks 1.2 or 1.3. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/** The settings TLS reads: the data folder, the host name and the tls.* pair. */
export interface TlsSettings {
  readonly dataDir: string;
  readonly hostname: string;
  readonly certificate: string;
  readonly privateKey: string;
}

export interface TlsFiles {
  readonly source: 'configured' | 'self-signed';
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

export interface TlsMaterial extends TlsFiles {
  readonly certificate: string;
  readonly privateKey: string;
  readonly context: SecureContext;
  readonly info: CertificateInfo;
}

/** The TLS settings of a configuration, with the data folder made absolute as openServices does. */
export function tlsSettingsOf(config: Config): TlsSettings {
  const core = config.get(CORE_SETTINGS);
  const tls = config.get(TLS_SETTINGS);
  return {
    dataDir: resolve(core.data),
    hostname: core.hostname,
    certificate: tls.certificate,
    privateKey: tls.privateKey,
  };
}

/** Which files serve TLS under these settings (for the runtime and `vercors doctor`). */
export function tlsFiles(settings: TlsSettings): TlsFiles {
  const hasCertificate = settings.certificate !== '';
  const hasKey = settings.privateKey !== '';
  if (hasCertificate !== hasKey) {
    throw new ConfigError([
      `tls.certificate and tls.private-key must be set together (${hasCertificate ? 'tls.private-key' : 'tls.certificate'} is empty)`,
    ]);
  }
  if (!hasCertificate) return { source: 'self-signed', ...selfSignedPaths(settings.dataDir) };
  const fromDataDir = (path: string) => (isAbsolute(path) ? path : join(settings.dataDir, path));
  return {
    source: 'configured',
    certificatePath: fromDataDir(settings.certificate),
    privateKeyPath: fromDataDir(settings.privateKey),
  };
}

/**
 * Make sure the files exist: with no tls.* files configured, make or renew the self-signed pair. Call it
 * from one process only (the primary), before the workers load the material.
 */
export async function prepareTlsFiles(
  settings: TlsSettings,
  options: { clock: Clock; log: Logger },
): Promise<TlsFiles> {
  const files = tlsFiles(settings);
  if (files.source === 'self-signed') {
    await ensureSelfSignedCertificate({ dataDir: settings.dataDir, hostname: settings.hostname, ...options });
  }
  return files;
}

/** Read and check the pair: both readable PEM, key matching the certificate, accepted by OpenSSL. */
export async function loadTlsMaterial(settings: TlsSettings): Promise<TlsMaterial> {
  const files = tlsFiles(settings);
  const [certificateName, keyName] =
    files.source === 'configured'
      ? ['tls.certificate', 'tls.private-key']
      : ['self-signed certificate', 'its key'];
  const problems: string[] = [];
  const [certificate, privateKey] = await Promise.all([
    readPem(files.certificatePath, certificateName, problems),
    readPem(files.privateKeyPath, keyName, problems),
  ]);
  if (certificate === undefined || privateKey === undefined) throw new ConfigError(problems);

  let info: CertificateInfo;
  try {
    info = inspectCertificatePem(certificate);
  } catch {
    throw new ConfigError([`${certificateName} (${files.certificatePath}) is not a PEM certificate`]);
  }
  if (!isMatchingKey(certificate, privateKey)) {
    throw new ConfigError([
      `${keyName} (${files.privateKeyPath}) is not a PEM private key matching ${certificateName} (${files.certificatePath})`,
    ]);
  }
  let context: SecureContext;
  try {
    context = createSecureContext({ cert: certificate, key: privateKey, minVersion: MIN_TLS_VERSION });
  } catch (error) {
    throw new ConfigError([
      `${certificateName} (${files.certificatePath}) was refused by OpenSSL: ${(error as Error).message}`,
    ]);
  }
  return { ...files, certificate, privateKey, context, info };
}

async function readPem(path: string, name: string, problems: string[]): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    problems.push(`${name} (${path}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(MAX_PEM_FILE_BYTES + 1);
    let length = 0;
    // Bounded: at most MAX_PEM_FILE_BYTES + 1 bytes in total, whatever the file claims to be.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_PEM_FILE_BYTES) {
      problems.push(`${name} (${path}) is larger than ${MAX_PEM_FILE_BYTES} bytes: not a PEM file`);
      return undefined;
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    problems.push(`${name} (${path}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return undefined;
  } finally {
    await handle.close();
  }
}
