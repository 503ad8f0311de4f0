// The bounds of a JSContact card the server accepts (JMAP ContactCard/set), each with its reason. The vCard it
// becomes is bounded again by the vCard codec (VCARD_LIMITS.maxCardBytes) before anything is stored.

export const JSCONTACT_LIMITS = {
  /** Entries of one map (emails, phones…): an over-full contact has a dozen; a group's members are many more. */
  maxEntries: 100,
  /** Members of a group card: a class or a staff room, as the vCard codec's property bound allows. */
  maxMembers: 2_000,
  /** Characters of a short value (a name, an address, a phone number, a component). */
  maxValueChars: 1_024,
  /** Characters of a note: a few pages of text. */
  maxNoteChars: 65_536,
  /** Characters of a map key (a property id, a context, a member's UID): vCard UIDs are at most 255. */
  maxKeyChars: 255,
  /** Components of a name or an address. */
  maxComponents: 20,
} as const;
