// JMAP for Contacts (RFC 9610) as the server sends it and the web app reads it: AddressBook, and ContactCard,
// a JSContact Card (RFC 9553) restricted to the properties Vercors maps to and from vCard (docs/jmap.md,
// "Contacts"). Types only; the server validates what arrives (protocols/jmap/contacts).

import type { JmapId, UtcDate } from './core.ts';

/** RFC 9610 §2.2: what the user may do with a book (all true for its owner). */
export interface AddressBookRights {
  readonly mayRead: boolean;
  readonly mayWrite: boolean;
  readonly mayShare: boolean;
  readonly mayDelete: boolean;
}

export interface JmapAddressBook {
  readonly id: JmapId;
  readonly name: string;
  readonly description: string | null;
  readonly sortOrder: number;
  /** The book new cards go to when a client names none: exactly one per account. */
  readonly isDefault: boolean;
  readonly isSubscribed: boolean;
  /** Always null: books are not shared (yet). */
  readonly shareWith: null;
  readonly myRights: AddressBookRights;
}

/** The `urn:ietf:params:jmap:contacts` account capability (RFC 9610 §2). */
export interface ContactsAccountCapability {
  /** 1: a card is in exactly one book here. */
  readonly maxAddressBooksPerCard: number;
  readonly mayCreateAddressBook: boolean;
}

/** A map of booleans keyed by a context or a feature (RFC 9553 §1.4.?): only true values. */
export type JsBooleanMap = Readonly<Record<string, true>>;

export type JsNameComponentKind =
  | 'title'
  | 'given'
  | 'given2'
  | 'surname'
  | 'surname2'
  | 'credential'
  | 'generation';

export interface JsNameComponent {
  readonly kind: JsNameComponentKind;
  readonly value: string;
}

export interface JsName {
  readonly components?: readonly JsNameComponent[];
  readonly full?: string;
}

export interface JsNickname {
  readonly name: string;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
}

export interface JsOrganization {
  readonly name?: string;
  readonly units?: readonly { readonly name: string }[];
}

export interface JsTitle {
  readonly name: string;
  readonly kind?: 'title' | 'role';
}

export interface JsEmailAddress {
  readonly address: string;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
  readonly label?: string;
}

export interface JsPhone {
  readonly number: string;
  readonly features?: JsBooleanMap;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
  readonly label?: string;
}

export type JsAddressComponentKind =
  | 'postOfficeBox'
  | 'apartment'
  | 'name'
  | 'locality'
  | 'region'
  | 'postcode'
  | 'country';

export interface JsAddress {
  readonly components?: readonly { readonly kind: JsAddressComponentKind; readonly value: string }[];
  readonly countryCode?: string;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
  readonly full?: string;
}

export interface JsLink {
  readonly uri: string;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
  readonly label?: string;
}

export interface JsOnlineService {
  readonly uri: string;
  readonly service?: string;
  readonly contexts?: JsBooleanMap;
  readonly pref?: number;
}

export interface JsNote {
  readonly note: string;
}

/** RFC 9553 §2.8.1 PartialDate: a birthday without its year is a month and a day. */
export interface JsPartialDate {
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
}

export interface JsAnniversary {
  readonly kind: 'birth' | 'wedding' | 'death';
  readonly date: JsPartialDate;
}

export type JsCardKind = 'individual' | 'group' | 'org';

/** A ContactCard (RFC 9610 §3): a JSContact Card with its id and book. */
export interface JmapContactCard {
  readonly id: JmapId;
  /** Exactly one book here (maxAddressBooksPerCard 1). */
  readonly addressBookIds: Readonly<Record<JmapId, true>>;
  readonly '@type': 'Card';
  readonly version: '1.0';
  readonly uid: string;
  readonly kind: JsCardKind;
  readonly created: UtcDate;
  readonly updated: UtcDate;
  readonly name?: JsName;
  readonly nicknames?: Readonly<Record<string, JsNickname>>;
  readonly organizations?: Readonly<Record<string, JsOrganization>>;
  readonly titles?: Readonly<Record<string, JsTitle>>;
  readonly emails?: Readonly<Record<string, JsEmailAddress>>;
  readonly phones?: Readonly<Record<string, JsPhone>>;
  readonly addresses?: Readonly<Record<string, JsAddress>>;
  readonly onlineServices?: Readonly<Record<string, JsOnlineService>>;
  readonly links?: Readonly<Record<string, JsLink>>;
  readonly notes?: Readonly<Record<string, JsNote>>;
  readonly anniversaries?: Readonly<Record<string, JsAnniversary>>;
  /** A group's members by their UIDs. */
  readonly members?: Readonly<Record<string, true>>;
}

/** Why the vCard codec refuses a card: the stable codes of a DAV precondition and of an import report. */
export const VCARD_PROBLEMS = [
  'tooBig',
  'tooManyLines',
  'tooManyProperties',
  'notVcard',
  'multipleCards',
  'unsupportedVersion',
  'malformed',
  'invalidUid',
] as const;
export type VcardProblem = (typeof VCARD_PROBLEMS)[number];

/**
 * Why ContactCard/importVCard refused a card (docs/jmap.md "Vercors additions"): a codec problem, a UID the file
 * already gave, or a card cut short at the end of the file. A domain check may add a reason of its own.
 */
export const VCARD_IMPORT_REJECTIONS = [...VCARD_PROBLEMS, 'duplicateUid', 'unterminated'] as const;

/** What ContactCard/importVCard answers. */
export interface JmapVcardImportReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Cards refused, with the line of their BEGIN:VCARD and why (mostly one of VCARD_IMPORT_REJECTIONS). */
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
}
