// The webmail preferences of an account (JMAP Preferences, urn:vercors:jmap, docs/jmap.md "Vercors additions"):
// one object per account, id `singleton`. Its language and time zone are the account record's own fields (what
// GET /auth/session and the server's messages use); the rest has defaults until the user changes it. Values,
// defaults, bounds and the change-log types its state is read from.

import type { JmapPreferences, MailPreferences } from '@vercors/contract';

export {
  COMPOSE_FORMATS,
  type ComposeFormat,
  READ_RECEIPT_POLICIES,
  type ReadReceiptPolicy,
} from '@vercors/contract';

/** The JMAP object without its id: the values the contract shares with the web app. */
export type Preferences = Omit<JmapPreferences, 'id'>;

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
export type StoredPreferences = MailPreferences;

/** An account that never changed a preference (the contract's defaults, see there why). */
export { DEFAULT_MAIL_PREFERENCES as DEFAULT_PREFERENCES } from '@vercors/contract';

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
