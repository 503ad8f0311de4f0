// Where each old folder goes in the account: the usual names of special folders, in the languages staff's old
// webmails used, land in the account's special-use mailboxes (RFC 6154 roles); other folders keep their
// place in the tree. With --into, everything goes beneath one mailbox, names unchanged.

import type { MailboxRole } from '#domain/mail';
import type { SourceFolder } from './import-source.ts';

/** Where a folder's messages go: a base (a role's mailbox, the --into mailbox, or the root) and names below it. */
export interface FolderTarget {
  readonly base: { readonly role: MailboxRole } | { readonly into: true } | { readonly root: true };
  /** Mailbox names below the base, each a valid name (see mailboxName). */
  readonly names: readonly string[];
}

/**
 * Top-level folder names → role, compared without case or accents. Outlook/Exchange, Gmail, Apple Mail,
 * Thunderbird, Roundcube and SOGo spell them these ways, in English and French.
 */
const ROLE_NAMES: Readonly<Record<string, MailboxRole>> = {
  inbox: 'inbox',
  'boite de reception': 'inbox',
  sent: 'sent',
  'sent items': 'sent',
  'sent messages': 'sent',
  'sent mail': 'sent',
  envoyes: 'sent',
  'elements envoyes': 'sent',
  'messages envoyes': 'sent',
  drafts: 'drafts',
  draft: 'drafts',
  brouillons: 'drafts',
  trash: 'trash',
  'deleted items': 'trash',
  'deleted messages': 'trash',
  corbeille: 'trash',
  'elements supprimes': 'trash',
  junk: 'junk',
  spam: 'junk',
  'junk e-mail': 'junk',
  'junk email': 'junk',
  indesirables: 'junk',
  'courrier indesirable': 'junk',
  archive: 'archive',
  archives: 'archive',
};

/** The role a top-level folder name stands for, if it is one of the usual special names. */
export function roleOfFolderName(name: string): MailboxRole | undefined {
  const folded = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return Object.hasOwn(ROLE_NAMES, folded) ? ROLE_NAMES[folded] : undefined;
}

export function targetOf(folder: SourceFolder, hasInto: boolean): FolderTarget {
  const names = folder.path.map(mailboxName);
  if (hasInto) return { base: { into: true }, names: folder.isRoot ? [] : names };
  const [first, ...rest] = folder.path;
  if (first === undefined) return { base: { role: 'inbox' }, names: [] };
  const role = roleOfFolderName(first);
  return role === undefined
    ? { base: { root: true }, names }
    : { base: { role }, names: rest.map(mailboxName) };
}

/** Longest name the store takes, in UTF-8 bytes (MAIL_LIMITS.maxMailboxNameBytes). */
const MAX_NAME_BYTES = 255;
const encoder = new TextEncoder();

/**
 * A folder name the mail store accepts: `/` is our hierarchy separator (a decoded `&AC8-` can hold one), control
 * characters would break IMAP listings, and names are trimmed and cut to length rather than refused.
 */
export function mailboxName(name: string): string {
  let clean = name
    .normalize('NFC')
    .replaceAll('/', '-')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '')
    .trim();
  while (encoder.encode(clean).length > MAX_NAME_BYTES) clean = [...clean].slice(0, -1).join('').trimEnd();
  return clean === '' ? '_' : clean;
}
