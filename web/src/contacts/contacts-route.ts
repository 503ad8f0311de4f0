// Where the contacts screen is, from the address's hash below `#/contacts` (the shell routes the prefix here):
// `#/contacts/directory` is the académie directory, anything else the person's own contacts. A link or the
// browser's back button moves between the two.

export type ContactsSection = 'directory' | 'personal';

export const SECTION_HASH: Readonly<Record<ContactsSection, string>> = {
  directory: '#/contacts/directory',
  personal: '#/contacts',
};

export function contactsSection(hash: string): ContactsSection {
  return /^#\/contacts\/directory(?:[/?]|$)/.test(hash) ? 'directory' : 'personal';
}
