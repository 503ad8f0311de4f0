// Vercors's own JMAP objects and methods (capability urn:vercors:jmap, docs/jmap.md "Vercors additions"), as the
// server sends them and the web app reads them: signatures chosen by context, reply templates, preferences,
// spell check, the session capability's limits. HTML is stored as given; clients sanitise it before showing or inserting it.

import type { Locale } from '../account.ts';
import type { JmapId } from './core.ts';

export type SignatureTone = 'formal' | 'informal';

/** One of an identity's signatures; the identity's own textSignature/htmlSignature stay its default. */
export interface JmapSignature {
  readonly id: JmapId;
  /** Immutable: the Identity it signs for. */
  readonly identityId: JmapId;
  readonly name: string;
  readonly textSignature: string;
  readonly htmlSignature: string;
  /** Chosen by Signature/choose when every recipient is in a domain the server serves. */
  readonly useForInternal: boolean;
  /** Chosen by Signature/choose when any recipient is elsewhere. */
  readonly useForExternal: boolean;
  /** null: fits either tone. */
  readonly tone: SignatureTone | null;
  readonly sortOrder: number;
}

/** none: no recipients yet; mixed: some in served domains, some not (treated as external). */
export type SignatureAudience = 'internal' | 'external' | 'mixed' | 'none';

/** Signature/choose response. */
export interface SignatureChooseResponse {
  readonly accountId: JmapId;
  /** null: none of the identity's signatures fits; the identity's own signature applies. */
  readonly signatureId: JmapId | null;
  readonly audience: SignatureAudience;
}

export interface JmapReplyTemplate {
  readonly id: JmapId;
  readonly name: string;
  /** null: the reply keeps its own subject. */
  readonly subject: string | null;
  readonly textBody: string;
  /** Empty: none. */
  readonly htmlBody: string;
  readonly sortOrder: number;
}

/** The `urn:vercors:jmap` session capability: the bounds of each addition. */
export interface VercorsCapability {
  readonly directorySearch: { readonly maxResults: number };
  readonly signatures: {
    readonly maxSignaturesPerIdentity: number;
    readonly maxSignaturesPerAccount: number;
    /** UTF-8 bytes. */
    readonly maxSizeName: number;
    /** UTF-8 bytes of each of textSignature and htmlSignature. */
    readonly maxSizeSignature: number;
    /** Recipients one Signature/choose call may name. */
    readonly maxRecipientsToChoose: number;
  };
  readonly replyTemplates: {
    readonly maxTemplatesPerAccount: number;
    readonly maxSizeName: number;
    readonly maxSizeSubject: number;
    /** UTF-8 bytes of each of textBody and htmlBody. */
    readonly maxSizeBody: number;
  };
  readonly preferences: {
    /** Entries of `remoteImagesFrom`. */
    readonly maxRemoteImagesFrom: number;
  };
  readonly spelling: {
    /** What Spelling/check's `language` may be. */
    readonly languages: readonly string[];
    /** UTF-16 code units of `text` per call. */
    readonly maxTextLength: number;
    readonly maxSuggestions: number;
  };
}

/** What the webmail does with a message asking for a read receipt: ask the user, answer it, never answer. */
export const READ_RECEIPT_POLICIES = ['ask', 'always', 'never'] as const;
export type ReadReceiptPolicy = (typeof READ_RECEIPT_POLICIES)[number];

/** The composer's default format. */
export const COMPOSE_FORMATS = ['html', 'text'] as const;
export type ComposeFormat = (typeof COMPOSE_FORMATS)[number];

/** The Preferences object (one per account, id `singleton`; docs/jmap.md "Vercors additions"). */
export interface JmapPreferences {
  readonly id: JmapId;
  /** The account's language (its record's own field). */
  readonly locale: Locale;
  /** The account's IANA time zone (its record's own field). */
  readonly timeZone: string;
  readonly readReceipts: ReadReceiptPolicy;
  /** New messages ask for a read receipt. */
  readonly requestReadReceipts: boolean;
  /** How long a sent message waits for "undo": 0 to 30; 0 is no undo. */
  readonly undoSendSeconds: number;
  /** The list grouped by conversation (true) or one row per message. */
  readonly conversationView: boolean;
  /** Senders whose remote images show without asking: `local@domain` or `@domain`, lower case. */
  readonly remoteImagesFrom: readonly string[];
  readonly composeFormat: ComposeFormat;
}

/** Preferences of the webmail's own, beyond the account record's language and time zone. */
export type MailPreferences = Omit<JmapPreferences, 'id' | 'locale' | 'timeZone'>;

/**
 * An account that never changed a preference. Undo send is on at 10 s (long enough to notice a wrong
 * recipient, short enough not to delay mail); receipts are asked about, never sent silently (a receipt tells
 * the sender when the message was read: the user decides); remote images are shown from nobody (they track
 * the reader); HTML is what colleagues expect.
 */
export const DEFAULT_MAIL_PREFERENCES: MailPreferences = {
  readReceipts: 'ask',
  requestReadReceipts: false,
  undoSendSeconds: 10,
  conversationView: true,
  remoteImagesFrom: [],
  composeFormat: 'html',
};

/** One misspelled word of a Spelling/check text; offsets are UTF-16 code units, as in a browser. */
export interface JmapMisspelling {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  /** Best first, at most `maxSuggestions`; may be empty. */
  readonly suggestions: readonly string[];
}

/** Spelling/check response. */
export interface SpellingCheckResponse {
  readonly accountId: JmapId;
  /** true: the dictionary is loading, nothing was checked; ask again in a moment. */
  readonly loading: boolean;
  readonly misspelled: readonly JmapMisspelling[];
  /** false: some words were left without suggestions for lack of time (ask again for one word). */
  readonly isComplete: boolean;
}
