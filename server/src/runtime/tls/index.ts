// TLS for every listener: the certificate from tls.* or a self-signed one kept in the data folder, loaded
// into a provider that swaps it on SIGHUP. `vercors doctor` uses tlsFiles + inspectCertificate.

export {
  certificateNames,
  inspectCertificate,
  inspectCertificatePem,
  isMatchingKey,
  type CertificateInfo,
} from './inspect-certificate.ts';
export {
  ensureSelfSignedCertificate,
  selfSignedPaths,
  SELF_SIGNED_RENEWAL_MARGIN_MS,
  type RenewalReason,
  type SelfSignedFiles,
} from './self-signed-certificate.ts';
export {
  loadTlsMaterial,
  MIN_TLS_VERSION,
  prepareTlsFiles,
  tlsFiles,
  tlsSettingsOf,
  type TlsFiles,
  type TlsMaterial,
  type TlsSettings,
} from './tls-material.ts';
export { createTlsContextProvider, type TlsContextProvider } from './tls-context-provider.ts';
