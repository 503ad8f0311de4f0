// The vCard of a person the server describes itself (the académie directory's read-only address book): names,
// professional address and phone, function, establishments as organisations with their commune, disciplines as
// categories. vCard 3.0, escaped and folded like the other cards the server writes (build-vcard.ts).

import { escapeText, foldLine } from './build-vcard.ts';

export interface PersonCardInput {
  readonly uid: string;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** The function: "Professeur des écoles". */
  readonly title: string | null;
  /** The main one first. */
  readonly organisations: readonly { readonly name: string; readonly commune: string }[];
  readonly categories: readonly string[];
}

export function buildPersonVcard(person: PersonCardInput): string {
  const component = (value: string) => escapeText(value).replace(/;/g, '\\;');
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'PRODID:-//Vercors//Directory//FR',
    `UID:${escapeText(person.uid)}`,
    `FN:${escapeText(person.name || person.email || person.uid)}`,
    `N:${component(person.familyName)};${component(person.givenName)};;;`,
  ];
  if (person.email !== null) lines.push(`EMAIL;TYPE=INTERNET,WORK:${escapeText(person.email)}`);
  if (person.phone !== null) lines.push(`TEL;TYPE=WORK,VOICE:${escapeText(person.phone)}`);
  if (person.title !== null) lines.push(`TITLE:${escapeText(person.title)}`);
  const [main, ...others] = person.organisations;
  if (main !== undefined) {
    lines.push(`ORG:${component(main.name)}`);
    if (main.commune !== '') lines.push(`ADR;TYPE=WORK:;;;${component(main.commune)};;;France`);
  }
  // A second post is a note, not another ORG: clients show one organisation per card.
  if (others.length > 0)
    lines.push(`NOTE:${escapeText(others.map((o) => `${o.name} (${o.commune})`).join('\n'))}`);
  if (person.categories.length > 0)
    lines.push(`CATEGORIES:${person.categories.map((category) => escapeText(category)).join(',')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
