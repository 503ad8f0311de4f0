// The certificate every TLS listener of a process serves, swapped in one step on reload (Stalwart's
// ArcSwap): handshakes after the swap get the new pair, connections already open keep theirs.
// HTTPS applies it with setSecureContext; IMAPS and STARTTLS will use `sniCallback` or `current()`.

import type { SecureContext } from 'node:tls';
import type { Logger } from '#core/log';
import { certificateNames } from './inspect-certificate.ts';
import { loadTlsMaterial, type TlsMaterial, type TlsSettings } from './tls-material.ts';

export interface TlsContextProvider {
  /** The context for a new handshake. */
  current(): SecureContext;
  /** The pair behind it (PEM text, paths, what the certificate says). */
  material(): TlsMaterial;
  /** For `tls.createServer({ SNICallback })` and STARTTLS upgrades: always the current context. */
  readonly sniCallback: (
    servername: string,
    callback: (error: Error | null, context?: SecureContext) => void,
  ) => void;
  /** Called after each successful reload; returns the function that unsubscribes. */
  onChange(listener: (material: TlsMaterial) => void): () => void;
  /** Load the pair for `settings`. On failure the current pair stays in service and the ConfigError is thrown. */
  reload(settings: TlsSettings): Promise<TlsMaterial>;
}

export async function createTlsContextProvider(
  settings: TlsSettings,
  log: Logger,
): Promise<TlsContextProvider> {
  let material = await loadTlsMaterial(settings);
  warnAboutCertificate(material, settings.hostname, log);
  const listeners = new Set<(material: TlsMaterial) => void>();

  return {
    current: () => material.context,
    material: () => material,
    sniCallback: (_servername, callback) => callback(null, material.context),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reload(next) {
      const loaded = await loadTlsMaterial(next);
      material = loaded;
      warnAboutCertificate(loaded, next.hostname, log);
      for (const listener of listeners) {
        try {
          listener(loaded);
        } catch (error) {
          log.error({ err: error }, 'a TLS listener refused the reloaded certificate');
        }
      }
      return loaded;
    },
  };
}

/** Serving goes on with a doubtful certificate (refusing to start helps nobody), but the operator is told. */
function warnAboutCertificate(material: TlsMaterial, hostname: string, log: Logger): void {
  const { info } = material;
  const fields = { certificate: material.certificatePath, notAfter: info.notAfter.toISOString(), hostname };
  if (info.notAfter.getTime() < Date.now()) log.warn(fields, 'the TLS certificate has expired');
  else if (!certificateNames(info, hostname))
    log.warn(fields, 'the TLS certificate does not name the host name');
}
