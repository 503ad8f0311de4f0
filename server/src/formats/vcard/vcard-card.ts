// What the codec extracts from one vCard: the columns the contacts store keeps beside the client's text.

export const VCARD_VERSIONS = ['3.0', '4.0'] as const;
export type VcardVersion = (typeof VCARD_VERSIONS)[number];

/** individual: a person (or anything not a group); group: a contact group with members. */
export type CardKind = 'individual' | 'group';

export interface ParsedCard {
  readonly version: VcardVersion;
  /** The UID property; undefined when the card has none (the caller may add one with withUid). */
  readonly uid: string | undefined;
  readonly kind: CardKind;
  /** FN; when absent, built from N, ORG or the first address so a list never shows an empty row. */
  readonly fullName: string;
  readonly givenName: string;
  readonly familyName: string;
  /** Lower-case, deduplicated, in card order. */
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  /** The first component of ORG (the organisation's name). */
  readonly organization: string;
  /** Member URIs of a group (vCard 4 MEMBER or Apple's X-ADDRESSBOOKSERVER-MEMBER), e.g. urn:uuid:…. */
  readonly members: readonly string[];
}
