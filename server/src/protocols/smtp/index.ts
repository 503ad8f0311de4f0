// The SMTP protocol's public surface: the service that makes MX and submission listeners for a worker, its
// settings and metrics, and the reply mapping (for tests and the docs).

export { createSmtpService, type SmtpService, type SmtpServiceOptions } from './smtp-service.ts';
export type { SmtpListener, SmtpTls } from './smtp-listener.ts';
export type { ListenerKind } from './inbound/session-state.ts';
export type { SmtpIdentity, SmtpSettings } from './inbound/smtp-context.ts';
export { SMTP_SETTINGS } from './settings.ts';
export { registerSmtpMetrics, type SmtpMetrics } from './smtp-metrics.ts';
export { dataReply, FAILURE_REPLIES, POLICY_REPLIES, REASON_REPLIES } from './error-replies.ts';
export type { SmtpReply } from './smtp-reply.ts';
export * as SMTP_LIMITS from './limits.ts';
