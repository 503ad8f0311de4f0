// The mail service: mailboxes, emails, keywords, moves, quotas, sending identities with their signatures, reply
// templates, and the reads IMAP and JMAP are built on, assembled from one file per concern. Every call names
// the account it acts for; objects of another account are not found. No protocol ever needs SQL: this is the
// whole surface.

import type { WriteTransaction } from '#store';
import { createDefaultMailboxes, ensureDefaultMailboxes, type NewMailAccount } from './default-mailboxes.ts';
import type {
  DestroyResult,
  Email,
  EmailDetail,
  EmailSummary,
  SummaryDetail,
  EmailSelection,
  ExpungeResult,
  ImportAnnouncement,
  ImportedEmail,
  ImportOptions,
  ImportOutcome,
  ImportRequest,
  KeywordOptions,
  KeywordUpdate,
  MailboxMessage,
  Quota,
  Thread,
  UidMapping,
} from './email.ts';
import { importMessage, importMessages, type ImportBatchOptions } from './email-import.ts';
import { createImportGroupCommit } from './import-group-commit.ts';
import { setMailboxes, transferEmails } from './email-moves.ts';
import { queryEmails, type EmailQuery, type EmailQueryResult } from './email-query.ts';
import {
  getEmailBytes,
  getEmails,
  getEmailSummaries,
  getHeaderSummaries,
  getQuota,
  getThreads,
  readEmailBytes,
} from './email-reads.ts';
import { destroyEmails, expunge } from './email-removal.ts';
import { changeKeywords } from './keyword-operations.ts';
import { mailChanges, mailState, type MailChanges, type MailType } from './mail-changes.ts';
import type { MailContext, MailDependencies } from './mail-context.ts';
import type {
  DestroyMailboxOptions,
  Mailbox,
  MailboxChanges,
  MailboxDelta,
  MailboxStatus,
  MailboxViewEntry,
  NewMailbox,
  VanishedUids,
} from './mailbox.ts';
import { createMailbox, destroyMailbox, updateMailbox } from './mailbox-operations.ts';
import {
  changedSince,
  getMailbox,
  listMailboxes,
  mailboxChangesSince,
  mailboxStatus,
  mailboxView,
  vanishedSince,
} from './mailbox-reads.ts';
import { mailboxMessageKeys, type MessageKey } from './mailbox-message-keys.ts';
import { findEmailsByMessageId } from './message-id-lookup.ts';
import { sendQuotaNotices } from './quota-notices.ts';
import { quotaChanges, quotaResources, type QuotaChanges, type QuotaResources } from './quota-resources.ts';
import type {
  NewSendingIdentity,
  SendingIdentity,
  SendingIdentityChanges,
  SendingIdentityList,
} from './sending-identity.ts';
import {
  createIdentity,
  destroyIdentity,
  listIdentities,
  updateIdentity,
} from './sending-identity-operations.ts';
import { syncSendingIdentities } from './sending-identity-sync.ts';
import type {
  NewReplyTemplate,
  ReplyTemplate,
  ReplyTemplateChanges,
  ReplyTemplateList,
} from './reply-template.ts';
import {
  createReplyTemplate,
  destroyReplyTemplate,
  listReplyTemplates,
  updateReplyTemplate,
} from './reply-template-operations.ts';
import type { NewSignature, Signature, SignatureChanges, SignatureList } from './signature.ts';
import type { SignatureChoice } from './signature-choice.ts';
import {
  chooseSignatureFor,
  createSignature,
  destroySignature,
  listSignatures,
  updateSignature,
  type SignatureChoiceRequest,
} from './signature-operations.ts';
import { pruneTombstones, type TombstonePruneOptions } from './tombstones.ts';
import {
  expireUploads,
  getUpload,
  readUpload,
  type Upload,
  type UploadContent,
  uploadBlob,
} from './uploads.ts';

export interface MailService {
  // Mailboxes
  /** identity's onAccountsCreated hook: the default mailboxes, inside the account-creation transaction. */
  createDefaultMailboxes(tx: WriteTransaction, accounts: readonly NewMailAccount[]): Promise<void>;
  /** Add the default mailboxes an account lacks (accounts made before mail existed); returns those added. */
  ensureDefaultMailboxes(accountId: string): Promise<readonly Mailbox[]>;
  /** Every mailbox of the account, by sort order then name. */
  listMailboxes(accountId: string): Promise<readonly Mailbox[]>;
  getMailbox(accountId: string, mailboxId: string): Promise<Mailbox | undefined>;
  createMailbox(accountId: string, input: NewMailbox): Promise<Mailbox>;
  updateMailbox(accountId: string, mailboxId: string, changes: MailboxChanges): Promise<Mailbox>;
  destroyMailbox(accountId: string, mailboxId: string, options: DestroyMailboxOptions): Promise<void>;
  /** IMAP SELECT/STATUS numbers. */
  mailboxStatus(accountId: string, mailboxId: string): Promise<MailboxStatus>;
  /** Every message in UID order with keywords and MODSEQ: IMAP's sequence numbers come from it. */
  mailboxView(accountId: string, mailboxId: string): Promise<readonly MailboxViewEntry[]>;
  /** Messages whose MODSEQ in the mailbox is above `modseq` (CONDSTORE CHANGEDSINCE). */
  changedSince(accountId: string, mailboxId: string, modseq: number): Promise<readonly MailboxViewEntry[]>;
  /** UIDs expunged after `modseq` (QRESYNC VANISHED (EARLIER)). */
  vanishedSince(accountId: string, mailboxId: string, modseq: number): Promise<VanishedUids>;
  /** The numbers, and what vanished and changed once HIGHESTMODSEQ moved past `modseq` (an IMAP refresh). */
  mailboxChangesSince(accountId: string, mailboxId: string, modseq: number): Promise<MailboxDelta>;
  /** Message-ID and blob id of every email in the mailbox: what an import skips as already there. */
  mailboxMessageKeys(accountId: string, mailboxId: string): Promise<readonly MessageKey[]>;

  // Emails
  /** Parse, store durably and file one message; overQuota, notFound, invalid or tooBig refuse it whole. */
  importMessage(accountId: string, raw: Uint8Array, options: ImportOptions): Promise<ImportedEmail>;
  /**
   * Many messages in one transaction (group commit); one outcome per request, in order. With `isGrouped`, the
   * transaction is shared with other callers' grouped imports started meanwhile.
   */
  importMessages(
    requests: readonly ImportRequest[],
    options?: ImportBatchOptions,
  ): Promise<readonly ImportOutcome[]>;
  /**
   * Announce a grouped import that will follow in a moment (a delivery being checked and filtered): the
   * next shared transaction waits briefly for it, so that it joins that commit rather than needing its own.
   */
  announceGroupedImport(): ImportAnnouncement;
  /** The account's emails among `ids`, in that order; `details` picks the costly parts (default: all). */
  /** The narrow rows IMAP FETCH reads: no addresses or references decoded (EmailSummary). */
  getEmailSummaries(
    accountId: string,
    ids: readonly string[],
    details: readonly SummaryDetail[],
  ): Promise<EmailSummary[]>;
  /**
   * getEmailSummaries with only the header cache, for messages of one of the account's mailboxes by UID (IMAP's
   * header FETCH of a range): read in UID order where the mailbox keeps a copy of each header cache.
   */
  getHeaderSummaries(
    accountId: string,
    mailboxId: string,
    messages: readonly MailboxMessage[],
  ): Promise<EmailSummary[]>;
  getEmails(
    accountId: string,
    ids: readonly string[],
    details?: readonly EmailDetail[],
  ): Promise<readonly Email[]>;
  /** The raw message, or the byte range [start, end) of it, clamped to its size. */
  getEmailBytes(
    accountId: string,
    emailId: string,
    range?: { readonly start: number; readonly end: number },
  ): Promise<AsyncIterable<Uint8Array>>;
  /** getEmailBytes gathered in one buffer: for callers that need the whole range at once. */
  readEmailBytes(
    accountId: string,
    emailId: string,
    range?: { readonly start: number; readonly end: number },
  ): Promise<Buffer>;
  getThreads(accountId: string, threadIds: readonly string[]): Promise<readonly Thread[]>;
  queryEmails(accountId: string, query: EmailQuery): Promise<EmailQueryResult>;
  /** Ids of the account's emails with this Message-ID (no angle brackets), oldest first, at most 10. */
  findEmailsByMessageId(accountId: string, messageId: string): Promise<readonly string[]>;

  // Uploads (JMAP blob upload): kept a day, charged to no quota, bounded per account
  /** Store content a client uploads; invalid (media type), tooBig, limit (too many pending) refuse it. */
  uploadBlob(
    accountId: string,
    content: Uint8Array | AsyncIterable<Uint8Array>,
    type: string,
  ): Promise<Upload>;
  /** The account's upload, unless missing, another account's or expired. */
  getUpload(accountId: string, uploadId: string): Promise<Upload | undefined>;
  /** The upload and its content (or the byte range [start, end) of it, clamped), or undefined as getUpload. */
  readUpload(
    accountId: string,
    uploadId: string,
    range?: { readonly start: number; readonly end: number },
  ): Promise<UploadContent | undefined>;

  // Keywords
  setKeywords(
    accountId: string,
    selection: EmailSelection,
    keywords: readonly string[],
    options?: KeywordOptions,
  ): Promise<KeywordUpdate>;
  addKeywords(
    accountId: string,
    selection: EmailSelection,
    keywords: readonly string[],
    options?: KeywordOptions,
  ): Promise<KeywordUpdate>;
  removeKeywords(
    accountId: string,
    selection: EmailSelection,
    keywords: readonly string[],
    options?: KeywordOptions,
  ): Promise<KeywordUpdate>;

  // Moves, copies, removal
  /** New UID in the target, expunged from the source(s), one transaction (IMAP MOVE, COPYUID mapping). */
  moveEmails(accountId: string, selection: EmailSelection, toMailboxId: string): Promise<UidMapping>;
  /** The same email in one more mailbox, under a new UID (IMAP COPY). */
  copyEmails(accountId: string, selection: EmailSelection, toMailboxId: string): Promise<UidMapping>;
  /** JMAP mailboxIds: exactly these mailboxes (at least one). */
  setMailboxes(accountId: string, emailId: string, mailboxIds: readonly string[]): Promise<void>;
  /** IMAP EXPUNGE / UID EXPUNGE: tombstones, and emails left in no mailbox are destroyed. */
  expunge(accountId: string, mailboxId: string, uids: readonly number[]): Promise<ExpungeResult>;
  /** JMAP Email/set destroy: out of every mailbox, and gone. */
  destroyEmails(accountId: string, emailIds: readonly string[]): Promise<DestroyResult>;

  // Sending identities (JMAP Identity): one per address the account may send from, kept in line lazily
  /** The Identity state, then every identity (the primary address's first). */
  listIdentities(accountId: string): Promise<SendingIdentityList>;
  /** forbidden (addressNotOwned) for an address that is not the account's, invalid or limit otherwise. */
  createIdentity(accountId: string, input: NewSendingIdentity): Promise<SendingIdentity>;
  updateIdentity(
    accountId: string,
    identityId: string,
    changes: SendingIdentityChanges,
  ): Promise<SendingIdentity>;
  /** forbidden (primaryIdentity) for the primary address's identity. */
  destroyIdentity(accountId: string, identityId: string): Promise<void>;

  // Signatures and reply templates (urn:vercors:jmap): the composer's aids, each write in the change log
  /** The Signature state, then every signature of the account (sortOrder, name, id). */
  listSignatures(accountId: string): Promise<SignatureList>;
  /** invalid (naming the property; identityId when not a live identity of the account), or limit. */
  createSignature(accountId: string, input: NewSignature): Promise<Signature>;
  updateSignature(accountId: string, signatureId: string, changes: SignatureChanges): Promise<Signature>;
  destroySignature(accountId: string, signatureId: string): Promise<void>;
  /** Signature/choose: the recipients' audience and the signature the rule picks; notFound for the identity. */
  chooseSignature(
    accountId: string,
    request: SignatureChoiceRequest,
    isServedDomain: (domain: string) => Promise<boolean>,
  ): Promise<SignatureChoice>;
  /** The ReplyTemplate state, then every template of the account (sortOrder, name, id). */
  listReplyTemplates(accountId: string): Promise<ReplyTemplateList>;
  createReplyTemplate(accountId: string, input: NewReplyTemplate): Promise<ReplyTemplate>;
  updateReplyTemplate(
    accountId: string,
    templateId: string,
    changes: ReplyTemplateChanges,
  ): Promise<ReplyTemplate>;
  destroyReplyTemplate(accountId: string, templateId: string): Promise<void>;

  // Quotas, changes, housekeeping
  getQuota(accountId: string): Promise<Quota>;
  /** The quotas as JMAP shows them (RFC 9425), with their state. */
  quotaResources(accountId: string): Promise<QuotaResources>;
  /** JMAP Quota/changes; cannotCalculateChanges for a state this account never had. */
  quotaChanges(accountId: string, sinceState: string): Promise<QuotaChanges>;
  /** Deliver owed quota warnings (and re-arm those no longer owed); imports call it themselves. */
  sendQuotaNotices(accountId: string): Promise<void>;
  /**
   * JMAP `state` of a mail type: its highest modseq (Identity's and Signature's after the identities follow the
   * addresses).
   */
  state(accountId: string, type: MailType): Promise<number>;
  /** JMAP Foo/changes for Mailbox, Email and Thread. */
  changes(accountId: string, type: MailType, sinceModseq: number, maxChanges: number): Promise<MailChanges>;
  /** The retention job: drop expunge tombstones older than the cutoff. */
  pruneTombstones(options: TombstonePruneOptions): Promise<number>;
  /** The expiry job: delete uploads older than a day at `nowMs` (their blobs become collectable). */
  expireUploads(nowMs: number): Promise<number>;
}

/** Identities, and their signatures, follow the account's addresses: brought in line before any read. */
function followsAddresses(type: MailType): boolean {
  return type === 'Identity' || type === 'Signature';
}

export function createMailService(dependencies: MailDependencies): MailService {
  const context: MailContext = dependencies;
  const groupCommit = createImportGroupCommit(context);
  return {
    createDefaultMailboxes: (tx, accounts) => createDefaultMailboxes(context, tx, accounts),
    ensureDefaultMailboxes: (accountId) => ensureDefaultMailboxes(context, accountId),
    listMailboxes: (accountId) => listMailboxes(context, accountId),
    getMailbox: (accountId, mailboxId) => getMailbox(context, accountId, mailboxId),
    createMailbox: (accountId, input) => createMailbox(context, accountId, input),
    updateMailbox: (accountId, mailboxId, changes) => updateMailbox(context, accountId, mailboxId, changes),
    destroyMailbox: (accountId, mailboxId, options) => destroyMailbox(context, accountId, mailboxId, options),
    mailboxStatus: (accountId, mailboxId) => mailboxStatus(context, accountId, mailboxId),
    mailboxView: (accountId, mailboxId) => mailboxView(context, accountId, mailboxId),
    changedSince: (accountId, mailboxId, modseq) => changedSince(context, accountId, mailboxId, modseq),
    vanishedSince: (accountId, mailboxId, modseq) => vanishedSince(context, accountId, mailboxId, modseq),
    mailboxChangesSince: (accountId, mailboxId, modseq) =>
      mailboxChangesSince(context, accountId, mailboxId, modseq),
    mailboxMessageKeys: (accountId, mailboxId) => mailboxMessageKeys(context, accountId, mailboxId),

    importMessage: (accountId, raw, options) => importMessage(context, accountId, raw, options),
    importMessages: (requests, options) =>
      options?.isGrouped === true
        ? groupCommit.importMessages(requests, options)
        : importMessages(context, requests, options),
    announceGroupedImport: () => groupCommit.announce(),
    getEmails: (accountId, ids, details) => getEmails(context, accountId, ids, details),
    getEmailSummaries: (accountId, ids, details) => getEmailSummaries(context, accountId, ids, details),
    getHeaderSummaries: (accountId, mailboxId, messages) =>
      getHeaderSummaries(context, accountId, mailboxId, messages),
    getEmailBytes: (accountId, emailId, range) => getEmailBytes(context, accountId, emailId, range),
    readEmailBytes: (accountId, emailId, range) => readEmailBytes(context, accountId, emailId, range),
    getThreads: (accountId, threadIds) => getThreads(context, accountId, threadIds),
    queryEmails: (accountId, query) => queryEmails(context, accountId, query),
    findEmailsByMessageId: (accountId, messageId) => findEmailsByMessageId(context, accountId, messageId),

    uploadBlob: (accountId, content, type) => uploadBlob(context, accountId, content, type),
    getUpload: (accountId, uploadId) => getUpload(context, accountId, uploadId),
    readUpload: (accountId, uploadId, range) => readUpload(context, accountId, uploadId, range),

    setKeywords: (accountId, selection, keywords, options) =>
      changeKeywords(context, accountId, selection, 'set', keywords, options),
    addKeywords: (accountId, selection, keywords, options) =>
      changeKeywords(context, accountId, selection, 'add', keywords, options),
    removeKeywords: (accountId, selection, keywords, options) =>
      changeKeywords(context, accountId, selection, 'remove', keywords, options),

    moveEmails: (accountId, selection, toMailboxId) =>
      transferEmails(context, accountId, selection, toMailboxId, 'move'),
    copyEmails: (accountId, selection, toMailboxId) =>
      transferEmails(context, accountId, selection, toMailboxId, 'copy'),
    setMailboxes: (accountId, emailId, mailboxIds) => setMailboxes(context, accountId, emailId, mailboxIds),
    expunge: (accountId, mailboxId, uids) => expunge(context, accountId, mailboxId, uids),
    destroyEmails: (accountId, emailIds) => destroyEmails(context, accountId, emailIds),

    listIdentities: (accountId) => listIdentities(context, accountId),
    createIdentity: (accountId, input) => createIdentity(context, accountId, input),
    updateIdentity: (accountId, identityId, changes) =>
      updateIdentity(context, accountId, identityId, changes),
    destroyIdentity: (accountId, identityId) => destroyIdentity(context, accountId, identityId),

    listSignatures: (accountId) => listSignatures(context, accountId),
    createSignature: (accountId, input) => createSignature(context, accountId, input),
    updateSignature: (accountId, signatureId, changes) =>
      updateSignature(context, accountId, signatureId, changes),
    destroySignature: (accountId, signatureId) => destroySignature(context, accountId, signatureId),
    chooseSignature: (accountId, request, isServedDomain) =>
      chooseSignatureFor(context, accountId, request, isServedDomain),
    listReplyTemplates: (accountId) => listReplyTemplates(context, accountId),
    createReplyTemplate: (accountId, input) => createReplyTemplate(context, accountId, input),
    updateReplyTemplate: (accountId, templateId, changes) =>
      updateReplyTemplate(context, accountId, templateId, changes),
    destroyReplyTemplate: (accountId, templateId) => destroyReplyTemplate(context, accountId, templateId),

    getQuota: (accountId) => getQuota(context, accountId),
    quotaResources: (accountId) => quotaResources(context, accountId),
    quotaChanges: (accountId, sinceState) => quotaChanges(context, accountId, sinceState),
    sendQuotaNotices: (accountId) => sendQuotaNotices(context, accountId),
    state: async (accountId, type) => {
      if (followsAddresses(type)) await syncSendingIdentities(context, accountId);
      return await mailState(context, accountId, type);
    },
    changes: async (accountId, type, sinceModseq, maxChanges) => {
      if (followsAddresses(type)) await syncSendingIdentities(context, accountId);
      return await mailChanges(context, accountId, type, sinceModseq, maxChanges);
    },
    pruneTombstones: (options) => pruneTombstones(context, options),
    expireUploads: (nowMs) => expireUploads(context, nowMs),
  };
}
