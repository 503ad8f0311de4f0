// The IMAP protocol's public surface: the service that makes the 143 and 993 listeners of a worker, its
// settings and metrics, and the failure mapping (for tests and the docs).

export { createImapService, type ImapService, type ImapServiceOptions } from './imap-service.ts';
export type { ImapListener, ImapListenerKind, ImapTls } from './imap-listener.ts';
export type { ImapIdentity, ImapMail, ImapSettings } from './imap-context.ts';
export { IMAP_SETTINGS } from './settings.ts';
export { registerImapMetrics, type ImapMetrics } from './imap-metrics.ts';
export { FAILURE_RESPONSES } from './error-responses.ts';
