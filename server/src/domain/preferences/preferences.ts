// The webmail preferences of an account (JMAP Preferences, urn:vercors:jmap, docs/jmap.md "Vercors additions"):
// one object per account, id `singleton`. Its language and time zone are the account record's own fields (what
// GET /auth/session and the server's messages use); the rest has defaults until the user changes it. Values,
// defaults, bounds and the change-log types its state is read from.

import type { Locale } from '@vercors/contract';

/** What the webmail does with a message asking for a read receipt: ask the user, answer it, never answer. */
export const READ_RECEIPT_POLICIES = ['ask', 'always', 'never'] as const;
export type ReadReceiptPolicy = (typeof READ_RECEIPT_POLICIES)[number];

/** The composer's default format. */
export const COMPOSE_FORMATS = ['html', 'text'] as const;
export type ComposeFormat = (typeof COMPOSE_FORMATS)[number];

export interface Preferences {
  /** The account record's language. */
  readonly locale: Locale;
  /** The account record's IANA time zone, as Intl names it. */
  readonly timeZone: string;
  readonly readReceipts: ReadReceiptPolicy;
  /** Whether new messages ask for a read receipt by default. */
  readonly requestReadReceipts: boolean;
  /** How long a sent message waits for "undo"; 0: no undo. */
  readonly undoSendSeconds: number;
  /** The message list grouped by conversation (true) or one row per message. */
  readonly conversationView: boolean;
  /** Senders whose remote images show without asking: `local@domain` or `@domain`, lower case, unique. */
  readonly remoteImagesFrom: readonly string[];
  readonly composeFormat: ComposeFormat;
}

export type PreferencesProperty = keyof Preferences;

/** The properties in the order JMAP shows them (after `id`). */
export const PREFERENCES_PROPERTIES: readonly PreferencesProperty[] = [
  'locale',
  'timeZone',
  'readReceipts',
  'requestReadReceipts',
  'undoSendSeconds',
  'conversationView',
  'remoteImagesFrom',
  'composeFormat',
];

/**
 * A change as the client sent it, each value of the right JSON type: the domain checks what it may be
 * (invalid, naming every bad property).
 */
export interface PreferencesChanges {
  readonly locale?: string;
  readonly timeZone?: string;
  readonly readReceipts?: string;
  readonly requestReadReceipts?: boolean;
  readonly undoSendSeconds?: number;
  readonly conversationView?: boolean;
  readonly remoteImagesFrom?: readonly string[];
  readonly composeFormat?: string;
}

/** What the preferences table keeps: everything but the account record's two fields. */
export type StoredPreferences = Omit<Preferences, 'locale' | 'timeZone'>;

/**
 * An account that never changed a preference. Undo send is on at 10 s (long enough to notice a wrong
 * recipient, short enough not to delay mail); receipts are asked about, never sent silently (a receipt tells
 * the sender when the message was read: the user decides); remote images are shown from nobody (they track
 * the reader); HTML is what colleagues expect.
 */
export const DEFAULT_PREFERENCES: StoredPreferences = {
  readReceipts: 'ask',
  requestReadReceipts: false,
  undoSendSeconds: 10,
  conversationView: true,
  remoteImagesFrom: [],
  composeFormat: 'html',
};

export const PREFERENCES_LIMITS = {
  /** Past half a minute, "undo" is a scheduled send (EmailSubmission's sendAt), not a safety net. */
  maxUndoSendSeconds: 30,
  /** Entries of remoteImagesFrom: a generous address book's worth, read whole at every message shown. */
  maxRemoteImagesFrom: 1000,
  /** UTF-8 bytes of one entry: an address is at most 254 (RFC 5321 §4.5.3.1.3). */
  maxRemoteImagesEntryBytes: 255,
  /** Characters of a time zone name: the longest IANA name has 32. */
  maxTimeZoneLength: 64,
} as const;

/** The JMAP type of preferences in the change log; its one object is `singleton`. */
export const PREFERENCES_TYPE = 'Preferences';
export const PREFERENCES_ID = 'singleton';
/**
 * The change-log type identity records for every change of the account row, the language and time zone among
 * them (an administrator's PATCH, the command line): the Preferences state follows it too.
 */
export const ACCOUNT_CHANGE_TYPE = 'Account';

/** Who asks: the signed-in account. Only an account's owner reads or changes its preferences. */
export interface PreferencesActor {
  readonly accountId: string;
}
