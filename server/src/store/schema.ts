// The tables as Kysely sees them: migrations (./migrations/) create exactly these, the same on both dialects,
// plus the full-text search tables, which differ per dialect and only store/search/ touches. Conventions: ids
// are text; times are integers in ms since the epoch; flags are integers 0/1 (portable across SQLite and
// PostgreSQL); counters and modseq are 64-bit integers surfaced as JavaScript numbers (exact up to 2^53).

import type { Generated } from 'kysely';

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface DomainsTable {
  id: string;
  /** Lower-case ASCII (A-labels for IDNs). */
  name: string;
  created_at: number;
}

export interface EstablishmentsTable {
  /** UAI code (unité administrative immatriculée): 7 digits and a check letter, e.g. 0380001A. */
  uai: string;
  name: string;
  /** ecole, college, lycee, lycee-professionnel, service-academique, cio, autre. */
  type: string;
  commune: string;
  /** Department number, e.g. 38 (Isère). */
  department: string;
  /** Circonscription or district (migration 17); null when unknown, as are the fields below. */
  district: string | null;
  street: string | null;
  /** French postal code, five digits. */
  postal_code: string | null;
  phone: string | null;
  /** https URL. */
  website: string | null;
  created_at: number;
  updated_at: number;
}

export interface AccountsTable {
  id: string;
  domain_id: string;
  /** Full primary address, lower case; unique across the server. */
  email: string;
  kind: string;
  display_name: string;
  given_name: string;
  family_name: string;
  status: string;
  status_reason: string | null;
  status_changed_at: number | null;
  locale: string;
  time_zone: string;
  profile_category: string;
  establishment_uai: string | null;
  /** null = the profile category's default. */
  quota_bytes: number | null;
  quota_messages: number | null;
  used_bytes: Generated<number>;
  used_messages: Generated<number>;
  /** argon2id PHC string; null = no password (cannot log in with one). */
  password_hash: string | null;
  password_changed_at: number | null;
  /**
   * The last login or session use through any protocol (epoch ms, written at most once an hour). Null only for
   * rows made outside account creation, which the inactivity job leaves alone.
   */
  last_activity_at: number | null;
  /** argon2id PHC string of the normalised NUMEN, for the helpdesk's identity check; null = none on file. */
  numen_hash: string | null;
  /** The account's modification sequence: the highest modseq in its change log. */
  modseq: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface AccountAliasesTable {
  /** Full alias address, lower case; unique across accounts and aliases. */
  email: string;
  account_id: string;
  created_at: number;
}

export interface AccountRolesTable {
  account_id: string;
  /** admin, helpdesk, security, establishmentAdmin… */
  role: string;
  /** '' for global roles; an establishment UAI for establishment-scoped ones. */
  scope: string;
}

export interface ChangeLogTable {
  account_id: string;
  modseq: number;
  /** The object type in JMAP terms: Mailbox, Email, Account, Calendar… */
  type: string;
  object_id: string;
  /** created | updated | destroyed */
  kind: string;
  created_at: number;
}

/**
 * How far the change log of one account and type was pruned: changes at or below `pruned_modseq` may be missing
 * from it, so /changes since an older state cannot be calculated. No row: nothing was pruned that mattered.
 */
export interface ChangeLogHorizonsTable {
  account_id: string;
  /** The object type, as in change_log.type. */
  type: string;
  pruned_modseq: number;
}

export interface BlobsTable {
  /** SHA-256 of the content, lower-case hex. */
  id: string;
  size: number;
  refcount: number;
  /** When refcount last dropped to 0 (garbage collection waits a grace period after it). */
  unreferenced_since: number | null;
  created_at: number;
}

/**
 * The content of a small blob, kept in the database (blobs-in-database.ts) instead of a file: written by the
 * transaction that first references it, removed by the collector's transaction that removes its `blobs` row.
 */
export interface BlobContentsTable {
  /** blobs.id */
  id: string;
  content: Uint8Array;
}

/** A blob a client uploaded (JMAP, RFC 8620 §6.1); the row holds a reference on the blob until it expires. */
export interface BlobUploadsTable {
  /** The upload id (JMAP shows it as blob id `u<id>`). */
  id: string;
  account_id: string;
  /** SHA-256 of the content, lower-case hex (blobs.id). */
  blob_id: string;
  /** The media type the client declared (Content-Type of the upload). */
  type: string;
  size: number;
  created_at: number;
}

/** Mail state of an account that belongs to no single mailbox. */
export interface MailAccountsTable {
  account_id: string;
  /** The highest UIDVALIDITY handed out in the account: a new mailbox always gets a greater one. */
  last_uid_validity: number;
}

export interface MailboxesTable {
  id: string;
  account_id: string;
  /** null at the root of the account's tree. */
  parent_id: string | null;
  /** Display name, NFC; unique among siblings. */
  name: string;
  /** inbox, sent, drafts, trash, junk, archive… (JMAP/IMAP special use); at most one mailbox per role. */
  role: string | null;
  /** #rrggbb or a palette name; null = no colour. */
  colour: string | null;
  sort_order: Generated<number>;
  is_subscribed: number;
  /** IMAP UIDVALIDITY: 1 ≤ value < 2^32, never changed. */
  uid_validity: number;
  /** The next UID to hand out; only ever increases. */
  uid_next: number;
  /** IMAP HIGHESTMODSEQ: the modseq of the last change to a membership (or its flags) in this mailbox. */
  highest_modseq: number;
  /** Expunge tombstones at or below this modseq were pruned. */
  vanished_floor_modseq: Generated<number>;
  total_emails: Generated<number>;
  unread_emails: Generated<number>;
  total_threads: Generated<number>;
  unread_threads: Generated<number>;
  /** Sum of the sizes of the emails in the mailbox (IMAP STATUS SIZE). */
  total_size: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ThreadsTable {
  id: string;
  account_id: string;
  created_at: number;
}

export interface EmailsTable {
  id: string;
  account_id: string;
  blob_id: string;
  thread_id: string;
  size: number;
  /** IMAP INTERNALDATE / JMAP receivedAt, ms since the epoch. */
  received_at: number;
  /** The Date: header, ms since the epoch; null when absent or unreadable. */
  sent_at: number | null;
  /** Message-ID without angle brackets. */
  message_id: string | null;
  /** JSON array of Message-IDs. */
  in_reply_to: string;
  /** JSON array of Message-IDs, oldest first. */
  message_references: string;
  subject: string;
  /** RFC 5256 base subject, case-folded, cut to a length an index key can hold. */
  normalized_subject: string;
  /** JSON arrays of {name, address}. */
  from_addresses: string;
  sender_addresses: string;
  reply_to_addresses: string;
  to_addresses: string;
  cc_addresses: string;
  bcc_addresses: string;
  preview: string;
  has_attachment: number;
  /** JSON: MIME tree with byte offsets, envelope, attachments, header size, line count (no reparse needed). */
  structure: string;
  /** JSON array of lower-case keywords, sorted. */
  keywords: string;
  /** The modseq of the email's last change (keywords or mailboxes). */
  modseq: number;
  created_at: number;
  /** Raw lines of the cached header fields (formats/mime/header-cache.ts); null when not kept. */
  header_cache: Uint8Array | null;
}

export interface EmailKeywordsTable {
  account_id: string;
  keyword: string;
  email_id: string;
}

/** An email's place in a mailbox, under one IMAP UID. */
export interface EmailMailboxesTable {
  mailbox_id: string;
  uid: number;
  email_id: string;
  thread_id: string;
  received_at: number;
  size: number;
  /** Copy of emails.keywords. */
  keywords: string;
  /** 1 when the keywords lack $seen. */
  is_unread: number;
  /** IMAP MODSEQ of the message in this mailbox: its last flag change, or when it arrived here. */
  modseq: number;
}

/**
 * The header cache of a message in a mailbox, in UID order, for IMAP's header FETCH of a range (migration 25):
 * a copy of emails.header_cache, size and received_at, made with the membership and deleted with it.
 */
export interface MembershipHeadersTable {
  mailbox_id: string;
  uid: number;
  size: number;
  received_at: number;
  header_cache: Uint8Array;
}

/** How many emails of a thread are in a mailbox: the source of total_threads and unread_threads. */
export interface MailboxThreadsTable {
  mailbox_id: string;
  thread_id: string;
  total_emails: number;
  unread_emails: number;
}

/** A UID expunged from a mailbox, kept for QRESYNC VANISHED (EARLIER) until the retention job prunes it. */
export interface ExpungedUidsTable {
  mailbox_id: string;
  uid: number;
  modseq: number;
  expunged_at: number;
}

/** Message-ID (own or referenced) → the thread that first mentioned it, per account. */
export interface ThreadMessageIdsTable {
  account_id: string;
  message_id: string;
  thread_id: string;
}

/** A quota warning already sent: one per threshold until usage drops back under it. */
export interface QuotaNoticesTable {
  account_id: string;
  /** Percent: 80, 90 or 100. */
  threshold: number;
  notified_at: number;
}

export interface QueueMessagesTable {
  id: string;
  /** Null once every recipient is done (the blob reference is then dropped). */
  blob_id: string | null;
  size: number;
  /** The envelope sender; '' is the null reverse-path of bounces and notifications. */
  sender: string;
  /** MESSAGE_SOURCES (#domain/delivery): submission, forward, list, bounce, dsn, autoreply, mdn. */
  source: string;
  /** The submitting account; null for mail the server itself generates or relays. */
  account_id: string | null;
  /** The d= of the DKIM signature added at enqueue; null when unsigned. */
  dkim_domain: string | null;
  priority: Generated<number>;
  /** RFC 3461 ENVID and RET (FULL or HDRS). */
  envid: string | null;
  dsn_ret: string | null;
  /** 0/1: the content has 8-bit bytes (BODY=8BITMIME). */
  is_8bit: number;
  /** 0/1: the header or an address is UTF-8 (SMTPUTF8, RFC 6531). */
  needs_smtputf8: number;
  created_at: number;
  completed_at: number | null;
}

export interface QueueRecipientsTable {
  id: string;
  message_id: string;
  recipient: string;
  /** The recipient's domain, lower-case A-labels. */
  domain: string;
  /** incoming, active, deferred, hold, delivered, bounced. */
  state: string;
  /** Due time: the next attempt, or while active the end of the lease. */
  next_attempt_at: number;
  attempts: Generated<number>;
  last_attempt_at: number | null;
  /** What went wrong last, in words (ours or the remote server's). */
  last_error: string | null;
  /** RFC 3463 enhanced status of the last attempt, e.g. 4.4.1. */
  last_status: string | null;
  /** The remote server's reply, verbatim, when it gave one. */
  last_reply: string | null;
  remote_mta: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  delivered_at: number | null;
  bounced_at: number | null;
  delay_warned_at: number | null;
  /** RFC 3461 NOTIFY: NEVER or a comma list of SUCCESS, FAILURE, DELAY; null when the sender gave none. */
  dsn_notify: string | null;
  /** RFC 3461 ORCPT as given, e.g. rfc822;marie@example.org. */
  dsn_orcpt: string | null;
}

export interface DkimKeysTable {
  domain: string;
  selector: string;
  /** rsa-sha256 or ed25519-sha256. */
  algorithm: string;
  /** PKCS#8 PEM; never logged nor shown. */
  private_key: string;
  /** The p= value of the DNS record (base64). */
  public_key: string;
  created_at: number;
  /** 0/1; at most one active key per domain. */
  is_active: number;
}

/** A sending identity (JMAP Identity, RFC 8621 §6); migration 9. */
export interface SendingIdentitiesTable {
  id: string;
  account_id: string;
  /** Lower case. */
  email: string;
  name: string;
  /** JSON array of {name, email}; null for none. */
  reply_to: string | null;
  bcc: string | null;
  text_signature: string;
  html_signature: string;
  /** 0/1: made by the server for one of the account's addresses (at most one per address). */
  is_automatic: number;
  /** Set when the user destroyed an automatic identity (kept so it is not made again); null when live. */
  destroyed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface EmailSubmissionsTable {
  id: string;
  account_id: string;
  identity_id: string;
  email_id: string;
  thread_id: string;
  /** The outbound queue message; null once canceled. */
  queue_id: string | null;
  /** JSON {mailFrom, rcptTo} as JMAP's Envelope. */
  envelope: string;
  recipient_count: number;
  send_at: number;
  /** pending, final or canceled. */
  undo_status: string;
  /** JSON map of recipient address to JMAP DeliveryStatus. */
  delivery_status: string;
  /** Set when the user destroyed the record; kept an hour for the sending limits. */
  destroyed_at: number | null;
  created_at: number;
  updated_at: number;
  /** The sent email's Message-ID, without angle brackets (migration 21); null when it has none. */
  message_id: string | null;
  /** The ENVID the message left with, xtext-decoded: what a DSN's Original-Envelope-Id says (migration 21). */
  envelope_id: string | null;
}

/** A delivery report or read receipt linked to the submission it is about (migration 21). */
export interface SubmissionReportsTable {
  submission_id: string;
  account_id: string;
  /** Arrival order within the submission, both kinds together. */
  position: number;
  /** dsn or mdn. */
  kind: string;
  /** The report, an email of the submission's account. */
  email_id: string;
  created_at: number;
}

export interface VacationResponsesTable {
  account_id: string;
  /** 0/1. */
  is_enabled: number;
  /** Epoch ms; null when unbounded on that side. */
  from_date: number | null;
  to_date: number | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  updated_at: number;
}

export interface VacationRepliesTable {
  account_id: string;
  /** Envelope sender answered, lower case. */
  sender: string;
  sent_at: number;
}

/** Webmail preferences (migration 22); the account row keeps the language and time zone. */
export interface PreferencesTable {
  account_id: string;
  /** ask, always or never. */
  read_receipts: string;
  /** 0/1. */
  request_read_receipts: number;
  undo_send_seconds: number;
  /** 0/1. */
  conversation_view: number;
  /** JSON array of strings: lower-case addresses and "@domain" entries. */
  remote_images_from: string;
  /** html or text. */
  compose_format: string;
  updated_at: number;
}

export interface AuditEventsTable {
  /** Order of writing (bigserial / integer autoincrement). */
  seq: Generated<number>;
  at: number;
  type: string;
  actor_account_id: string | null;
  actor_email: string | null;
  subject_account_id: string | null;
  subject_email: string | null;
  remote_address: string | null;
  /** JSON object. */
  details: string;
}

export interface AppPasswordsTable {
  id: string;
  account_id: string;
  name: string;
  /** mail | dav | all. */
  scope: string;
  /** SHA-256 hex of the normalised secret. */
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  last_used_address: string | null;
  last_used_protocol: string | null;
}

export interface TrustedNetworksTable {
  id: string;
  cidr: string;
  establishment_uai: string | null;
  label: string;
  created_at: number;
}

export interface WebSessionsTable {
  id: string;
  /** SHA-256 hex of the cookie token. */
  token_hash: string;
  account_id: string;
  /** pending | active. */
  state: string;
  second_factor: string | null;
  second_factor_failures: Generated<number>;
  is_shared_computer: number;
  created_at: number;
  last_seen_at: number;
  idle_timeout_ms: number;
  expires_at: number;
  authenticated_at: number;
  remote_address: string;
  user_agent: string;
}

export interface SignaturesTable {
  id: string;
  account_id: string;
  /** The sending identity it signs for (sending_identities.id). */
  identity_id: string;
  name: string;
  text_signature: string;
  html_signature: string;
  /** 0/1: chosen when every recipient is in a served domain. */
  for_internal: number;
  /** 0/1: chosen when any recipient is elsewhere. */
  for_external: number;
  /** formal | informal; null for either. */
  tone: string | null;
  sort_order: number;
  created_at: number;
  updated_at: number;
}

export interface ReplyTemplatesTable {
  id: string;
  account_id: string;
  name: string;
  /** Null: the reply keeps its own subject. */
  subject: string | null;
  text_body: string;
  html_body: string;
  sort_order: number;
  created_at: number;
  updated_at: number;
}

/** An authenticator app's secret (RFC 6238: SHA-1, 6 digits, 30 s); migration 14. */
export interface TotpFactorsTable {
  id: string;
  account_id: string;
  label: string;
  /** Base32; not encrypted at rest (the server computes codes from it). */
  secret: string;
  /** The last accepted time step: codes of that step or earlier are replays. Null until first used. */
  last_step: number | null;
  created_at: number;
  last_used_at: number | null;
}

/** A TOTP secret shown to the user, awaiting the first code that confirms it. */
export interface TotpEnrolmentsTable {
  id: string;
  account_id: string;
  secret: string;
  created_at: number;
  expires_at: number;
}

/** A WebAuthn credential (passkey or security key). */
export interface PasskeysTable {
  id: string;
  account_id: string;
  label: string;
  /** base64url; unique across accounts. */
  credential_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  sign_count: number;
  /** JSON array of transports. */
  transports: string;
  aaguid: string;
  /** 0/1. */
  is_backed_up: number;
  created_at: number;
  last_used_at: number | null;
}

/** A WebAuthn ceremony challenge, single use, consumed by the finish call. */
export interface WebauthnChallengesTable {
  /** base64url. */
  challenge: string;
  account_id: string;
  /** registration | authentication. */
  purpose: string;
  created_at: number;
  expires_at: number;
}

/** One recovery code of an account's current set. */
export interface RecoveryCodesTable {
  account_id: string;
  /** SHA-256 hex of the account id and the normalised code. */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** A NUMEN check by the helpdesk (migration 16): counted to throttle guessing, read when a code is issued. */
export interface NumenChecksTable {
  id: string;
  account_id: string;
  /** Null: the system (the command line). */
  actor_account_id: string | null;
  checked_at: number;
  /** pending (being verified; counts as wrong) | match | mismatch. */
  result: string;
}

/** A one-time activation code handed out by the helpdesk (migration 16). */
export interface ActivationCodesTable {
  id: string;
  account_id: string;
  /** SHA-256 hex of the account id and the normalised code. */
  code_hash: string;
  /** Null: the system. */
  issued_by_account_id: string | null;
  issued_by_email: string | null;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
  /** JSON: {"numen": boolean, "professionalCard": boolean}. */
  checks: string;
}

/** A person of the académie directory (migration 17), fed by the HR import. */
export interface PeopleTable {
  id: string;
  /** The HR source's stable identifier; unique. */
  hr_id: string;
  /** Their account, when they have one; unique. */
  account_id: string | null;
  given_name: string;
  family_name: string;
  display_name: string;
  /** Professional address, lower case; unique when set. */
  email: string | null;
  /** The function: "Professeur des écoles". */
  title: string | null;
  profile_category: string;
  /** JSON array of strings. */
  disciplines: string;
  phone: string | null;
  /** listed | optedOut. */
  listing: string;
  /** present | departed. */
  hr_status: string;
  departed_at: number | null;
  /** csv | ldap | manual | demo. */
  source: string;
  created_at: number;
  updated_at: number;
}

/** Where a person works (migration 17): one row per establishment, with their role there. */
export interface PersonEstablishmentsTable {
  person_id: string;
  establishment_uai: string;
  role: string;
  /** 1 for the main post, else 0. */
  is_primary: number;
}

/** A personal address book (migration 18). */
export interface AddressBooksTable {
  id: string;
  account_id: string;
  /** The last URL segment under the account's CardDAV home; unique per account. */
  resource_name: string;
  name: string;
  description: string;
  /** default | collected; null for the user's other books. */
  role: string | null;
  sort_order: number;
  /** The modseq of the last change to the book or its cards (sync-token, CTag). */
  modseq: number;
  /** Sync tokens below this are refused: the book's creation, then its pruned tombstones. */
  sync_floor_modseq: number;
  created_at: number;
  updated_at: number;
}

/** A contact card: the client's vCard text plus extracted columns (migration 18). */
export interface ContactCardsTable {
  id: string;
  account_id: string;
  address_book_id: string;
  /** vCard UID; unique per book. */
  uid: string;
  /** DAV resource name; unique per book. */
  resource_name: string;
  vcard: string;
  /** individual | group. */
  kind: string;
  full_name: string;
  given_name: string;
  family_name: string;
  /** JSON array of lower-case addresses. */
  emails: string;
  /** JSON array. */
  phones: string;
  organization: string;
  /** JSON array of member URIs (groups). */
  members: string;
  size: number;
  modseq: number;
  created_at: number;
  updated_at: number;
}

/** One lower-case address of a card, for "already known?" lookups across an account's books. */
export interface ContactCardEmailsTable {
  account_id: string;
  email: string;
  card_id: string;
}

/** A removed card, reported by sync-collection until pruned. */
export interface ContactCardTombstonesTable {
  address_book_id: string;
  resource_name: string;
  modseq: number;
  removed_at: number;
}

/** The fingerprint of a key kept outside the database (migration 19). */
export interface ServerKeysTable {
  name: string;
  fingerprint: string;
  created_at: number;
}

/**
 * One row (id 1) whose version moves, by triggers, whenever what the académie directory shows may have changed
 * (migration 20): people, posts, establishments, and the account columns the directory shows.
 */
export interface DirectoryVersionTable {
  id: number;
  version: number;
}

export interface DatabaseSchema {
  schema_migrations: SchemaMigrationsTable;
  domains: DomainsTable;
  establishments: EstablishmentsTable;
  accounts: AccountsTable;
  account_aliases: AccountAliasesTable;
  account_roles: AccountRolesTable;
  change_log: ChangeLogTable;
  change_log_horizons: ChangeLogHorizonsTable;
  blobs: BlobsTable;
  blob_contents: BlobContentsTable;
  blob_uploads: BlobUploadsTable;
  mail_accounts: MailAccountsTable;
  mailboxes: MailboxesTable;
  threads: ThreadsTable;
  emails: EmailsTable;
  membership_headers: MembershipHeadersTable;
  email_keywords: EmailKeywordsTable;
  email_mailboxes: EmailMailboxesTable;
  mailbox_threads: MailboxThreadsTable;
  expunged_uids: ExpungedUidsTable;
  thread_message_ids: ThreadMessageIdsTable;
  quota_notices: QuotaNoticesTable;
  queue_messages: QueueMessagesTable;
  queue_recipients: QueueRecipientsTable;
  dkim_keys: DkimKeysTable;
  sending_identities: SendingIdentitiesTable;
  email_submissions: EmailSubmissionsTable;
  submission_reports: SubmissionReportsTable;
  vacation_responses: VacationResponsesTable;
  vacation_replies: VacationRepliesTable;
  preferences: PreferencesTable;
  signatures: SignaturesTable;
  reply_templates: ReplyTemplatesTable;
  audit_events: AuditEventsTable;
  app_passwords: AppPasswordsTable;
  trusted_networks: TrustedNetworksTable;
  web_sessions: WebSessionsTable;
  totp_factors: TotpFactorsTable;
  totp_enrolments: TotpEnrolmentsTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  recovery_codes: RecoveryCodesTable;
  numen_checks: NumenChecksTable;
  activation_codes: ActivationCodesTable;
  people: PeopleTable;
  person_establishments: PersonEstablishmentsTable;
  address_books: AddressBooksTable;
  contact_cards: ContactCardsTable;
  contact_card_emails: ContactCardEmailsTable;
  contact_card_tombstones: ContactCardTombstonesTable;
  server_keys: ServerKeysTable;
  directory_version: DirectoryVersionTable;
}
