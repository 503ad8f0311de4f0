// Special-use mailbox attributes (RFC 6154, in RFC 9051 §7.3.1; \Important from RFC 8457) ↔ the store's
// mailbox roles (JMAP's, RFC 8621 §2). The inbox has a role but no attribute: IMAP names it INBOX instead.
// Roles without a registered IMAP attribute (templates, snoozed…) are shown as plain mailboxes.

import type { MailboxRole } from '#domain/mail';

const ATTRIBUTE_OF_ROLE: Readonly<Partial<Record<MailboxRole, string>>> = {
  all: '\\All',
  archive: '\\Archive',
  drafts: '\\Drafts',
  flagged: '\\Flagged',
  junk: '\\Junk',
  sent: '\\Sent',
  trash: '\\Trash',
  important: '\\Important',
};

const ROLE_OF_ATTRIBUTE: ReadonlyMap<string, MailboxRole> = new Map(
  Object.entries(ATTRIBUTE_OF_ROLE).map(([role, attribute]) => [
    attribute.toUpperCase(),
    role as MailboxRole,
  ]),
);

/** The attribute LIST shows for a role, or undefined. */
export function specialUseOf(role: MailboxRole | null): string | undefined {
  return role === null ? undefined : ATTRIBUTE_OF_ROLE[role];
}

/** The role a CREATE (USE (\Sent)) asks for, case-insensitively; undefined when it is not one we support. */
export function roleOfSpecialUse(attribute: string): MailboxRole | undefined {
  return ROLE_OF_ATTRIBUTE.get(attribute.toUpperCase());
}
