// Every bound of the vCard codec, with its reason (imapflow limits.js). A card comes from a phone, a desktop
// client or an imported file: all hostile until parsed within these.

export const VCARD_LIMITS = {
  /**
   * UTF-8 bytes of one card. A contact photo inlined as base64 (PHOTO;ENCODING=b) is the big part: phones send
   * 50–200 KB; 512 KiB keeps such cards and refuses a card used as a file store (CardDAV max-resource-size).
   */
  maxCardBytes: 512 * 1024,
  /** Physical lines of one card: a few hundred properties with folded photo lines, far within this. */
  maxCardLines: 20_000,
  /** Properties of one card: an over-full contact has about a hundred; a group lists its members, bounded too. */
  maxProperties: 5_000,
  /** UTF-8 bytes of a file to import: a whole book exported from another server (10,000 cards with photos). */
  maxImportBytes: 64 * 1024 * 1024,
  /** Cards in a file to import: as many as a book may hold. */
  maxImportCards: 20_000,
  /** Longest text kept in an extracted column (full name, organisation…): a list row, not the card. */
  maxColumnChars: 512,
  /** Addresses and phone numbers kept in the extracted columns of one card. */
  maxColumnValues: 50,
  /** Characters of a UID: RFC 6350 gives none; URNs and client ids are far below this. */
  maxUidChars: 255,
} as const;
