// A person of the académie directory as Directory/search returns them (docs/jmap.md "Vercors additions"), and
// the contact card "Ajouter à mes contacts" makes of them: names, the professional address and phone (work),
// the function as a title and the main establishment as the organisation.

export interface DirectoryPost {
  readonly uai: string;
  readonly name: string;
  readonly commune: string;
  readonly role: string;
  readonly isPrimary: boolean;
}

export interface DirectoryPerson {
  /** The directory entry; null for an account no HR import describes. */
  readonly id: string | null;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly title: string | null;
  readonly phone: string | null;
  readonly disciplines: readonly string[];
  readonly establishment: { readonly uai: string; readonly name: string } | null;
  readonly posts: readonly DirectoryPost[];
}

/** Results asked for at once: the server's own bound (directorySearch.maxResults). */
export const DIRECTORY_RESULTS = 50;
/** The server answers from two letters on. */
export const MIN_QUERY_LETTERS = 2;

/** Whether the text is long enough to search (two letters or digits, spaces aside). */
export function isSearchable(text: string): boolean {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length >= MIN_QUERY_LETTERS;
}

/** The ContactCard/set create object that copies the person into `addressBookId`. */
export function cardFromPerson(person: DirectoryPerson, addressBookId: string): Record<string, unknown> {
  const components = [
    ...(person.givenName.trim() === '' ? [] : [{ kind: 'given', value: person.givenName.trim() }]),
    ...(person.familyName.trim() === '' ? [] : [{ kind: 'surname', value: person.familyName.trim() }]),
  ];
  const full = person.name.trim();
  const card: Record<string, unknown> = {
    addressBookIds: { [addressBookId]: true },
    kind: 'individual',
    name: { ...(components.length > 0 && { components }), ...(full !== '' && { full }) },
    emails: { e1: { address: person.email, contexts: { work: true }, pref: 1 } },
  };
  if (person.phone !== null && person.phone.trim() !== '')
    card.phones = {
      p1: { number: person.phone.trim(), features: { voice: true }, contexts: { work: true } },
    };
  if (person.establishment !== null) card.organizations = { o1: { name: person.establishment.name } };
  if (person.title !== null && person.title.trim() !== '')
    card.titles = { t1: { name: person.title.trim(), kind: 'title' } };
  return card;
}

/** A `tel:` URI for a number as HR writes it (`04 76 00 00 01`, `+33 4 …`): digits and a leading plus. */
export function telUri(phone: string): string {
  const trimmed = phone.trim();
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${trimmed.replace(/[^0-9]/g, '')}`;
}
