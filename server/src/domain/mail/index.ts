// Public surface of mail (#domain/mail): mailboxes with IMAP UIDs and JMAP roles, emails stored once with
// their parsed metadata, keywords, threads, quotas, and the reads IMAP (CONDSTORE/QRESYNC) and JMAP build on.

export { DEFAULT_MAILBOX_ROLES, MAILBOX_PALETTE, MAILBOX_ROLES } from './mailbox.ts';
export type {
  DestroyMailboxOptions,
  Mailbox,
  MailboxChanges,
  MailboxRole,
  MailboxStatus,
  MailboxViewEntry,
  NewMailbox,
  VanishedUids,
  MailboxDelta,
} from './mailbox.ts';
export type {
  DestroyResult,
  Email,
  EmailDetail,
  EmailSummary,
  MailboxMessage,
  SummaryDetail,
  EmailSelection,
  EmailStructure,
  ExpungeResult,
  ImportAnnouncement,
  ImportedEmail,
  ImportOptions,
  ImportOutcome,
  ImportRequest,
  KeywordOptions,
  KeywordUpdate,
  Quota,
  SelectedEmail,
  Thread,
  UidMapping,
} from './email.ts';
export type { EmailFilter, EmailFilterCondition, EmailFilterOperator } from './email-filter.ts';
export type { EmailQuery, EmailQueryResult, EmailSort, EmailSortProperty } from './email-query.ts';
// How the search index folds text, and its bounds on a query: JMAP checks search values and highlights matches
// (SearchSnippet/get) exactly as the index sees them, and protocols never import the store.
export { foldForSearch, SEARCH_LIMITS } from '#store';
export type { ImportBatchOptions } from './email-import.ts';
export { KNOWN_KEYWORDS, parseKeyword } from './keywords.ts';
export { MAIL_TYPES, type MailChanges, type MailType } from './mail-changes.ts';
export type { MailDependencies } from './mail-context.ts';
export { MAIL_LIMITS, QUOTA_THRESHOLDS } from './mail-limits.ts';
export { createMailService, type MailService } from './mail-service.ts';
export { QUOTA_RESOURCE_TYPES } from './quota-resources.ts';
export type { QuotaChanges, QuotaResource, QuotaResources, QuotaResourceType } from './quota-resources.ts';
export { SENDING_IDENTITY_LIMITS } from './sending-identity.ts';
export type {
  IdentityAddress,
  NewSendingIdentity,
  SendingIdentity,
  SendingIdentityChanges,
  SendingIdentityList,
} from './sending-identity.ts';
export { SIGNATURE_LIMITS, SIGNATURE_TONES } from './signature.ts';
export type { NewSignature, Signature, SignatureChanges, SignatureList, SignatureTone } from './signature.ts';
export type { SignatureAudience, SignatureChoice } from './signature-choice.ts';
export type { SignatureChoiceRequest } from './signature-operations.ts';
export { REPLY_TEMPLATE_LIMITS } from './reply-template.ts';
export { compareNames, listOrder, type ListedItem } from './list-order.ts';
export type {
  NewReplyTemplate,
  ReplyTemplate,
  ReplyTemplateChanges,
  ReplyTemplateList,
} from './reply-template.ts';
export type { MessageKey } from './mailbox-message-keys.ts';
export type { NewMailAccount } from './default-mailboxes.ts';
export type { TombstonePruneOptions } from './tombstones.ts';
export { DEFAULT_UPLOAD_TYPE, type Upload, type UploadContent } from './uploads.ts';
export { createAccountChangeFeed, type AccountChangeFeed, type ChangeSource } from './account-change-feed.ts';
