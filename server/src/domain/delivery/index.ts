// Public surface of delivery: the inbound pipeline (SMTP and LMTP deliveries, submission's local copies)
// and, from the outbound work, the queue. Each part adds its exports here without removing the others'.

export type {
  EnvelopeDsn,
  EnvelopeRecipient,
  InboundEnvelope,
  InboundFailureReason,
  InboundMessage,
  InboundResult,
  RecipientDsn,
  RecipientResult,
} from './inbound-envelope.ts';
export { INBOUND_FAILURE_REASONS } from './inbound-envelope.ts';
export type {
  LocalAccount,
  MailImporter,
  MailImportOutcome,
  MailImportRequest,
  RecipientDirectory,
} from './inbound-ports.ts';
export {
  createInboundPipeline,
  type InboundDependencies,
  type InboundPipeline,
  type StoreCopy,
} from './inbound-pipeline.ts';
export { deliveryKey, pruneReceipts, RECEIPT_RETENTION_MS } from './inbound-receipts.ts';
export {
  isOverQuota,
  ownAddresses,
  type RecipientKind,
  type RecipientPolicy,
} from './inbound-recipients.ts';
export {
  deliverSubmission,
  type OutboundQueue,
  type OutboundSubmission,
  type SubmissionResult,
} from './inbound-submission.ts';
export {
  AUTHENTICATION_TIMEOUT_MS,
  createAuthenticationStage,
  DNS_LOOKUP_TIMEOUT_MS,
  offlineDnsResolver,
  type AuthenticationStage,
  type AuthenticationVerdict,
  type DnsResolver,
} from './pipeline-authentication.ts';
export { loadMailauth } from './mailauth-library.ts';
export {
  noAutoResponder,
  type AutoReplyDelivery,
  type AutoReplyMessage,
  type AutoResponder,
} from './pipeline-auto-reply.ts';
export { passThroughListExpander, type ExpandedRecipient, type ListExpander } from './pipeline-lists.ts';
export { DEFAULT_MAX_HOPS, MAX_HEADER_SCAN_BYTES } from './pipeline-loop.ts';
export { protocolName, receivedHeader, rfc5322Date } from './pipeline-received.ts';
export { passThroughSieveFilter, type FilingDecision, type SieveFilter } from './pipeline-sieve.ts';
export { passThroughSpamClassifier, type SpamClassifier, type SpamVerdict } from './pipeline-spam.ts';
export { DELIVERY_SETTINGS } from './inbound-settings.ts';
export type { ReportedRecipient, ReportLinks, ReportReference, StoredReport } from './report-links.ts';

// The outbound queue (queue-*.ts), its delivery status notifications (dsn-*.ts) and DKIM signing (dkim-*.ts).
export {
  DKIM_KEY_TYPES,
  dkimDnsRecord,
  generateDkimKeyPair,
  RSA_KEY_BITS,
  TXT_STRING_BYTES,
  type DkimAlgorithm,
  type DkimDnsRecord,
  type DkimKey,
  type DkimKeyOptions,
  type DkimKeyType,
  type DkimOperations,
} from './dkim-keys.ts';
export { decodeXtext } from './dsn-fields.ts';
export {
  buildDsn,
  DSN_MAX_RETURNED_BYTES,
  type DsnKind,
  type DsnRecipient,
  type DsnReport,
} from './dsn-report.ts';
export { decideRetry, retryDelay, type RetryDecision, type RetrySchedule } from './queue-backoff.ts';
export { CANCEL_MARGIN_MS, cancelScheduled, type CancelOutcome } from './queue-cancel.ts';
export type {
  DeliveryAgent,
  DeliveryOutcome,
  DeliveryRequest,
  LocalDelivery,
  LocalDeliveryContext,
  LocalDeliveryResult,
  OutboundRecipient,
  RecipientDelivery,
} from './queue-delivery-agent.ts';
export {
  enqueue,
  normaliseRecipient,
  prepareMessage,
  type EnqueueOptions,
  type EnqueueResult,
  type PreparedMessage,
} from './queue-enqueue.ts';
export {
  mailStoreDelivery,
  mailStoreUnavailable,
  type LocalRecipientAccount,
  type MailStorePorts,
} from './queue-local-delivery.ts';
export {
  MAX_QUEUE_PAGE,
  MESSAGE_SOURCES,
  QUEUE_STATES,
  type MessageDsnParameters,
  type MessageSource,
  type QueuedMessage,
  type QueuedRecipient,
  type QueueQuery,
  type QueueRecipientInput,
  type QueueState,
  type RecipientDsnParameters,
} from './queue-model.ts';
export {
  createQueueRunner,
  MAX_ATTEMPT_MS,
  runQueueOnce,
  startQueueRunner,
  type QueueRunner,
  type QueueRunnerDependencies,
  type RunReport,
} from './queue-runner.ts';
export { createQueueService, type QueueDependencies, type QueueService } from './queue-service.ts';
export { QUEUE_SETTINGS, type QueueSettings } from './queue-settings.ts';
export {
  smtpReplyOf,
  type SubmissionProgress,
  type SubmissionProgressHook,
  type SubmissionRecipientProgress,
} from './queue-submission-progress.ts';
