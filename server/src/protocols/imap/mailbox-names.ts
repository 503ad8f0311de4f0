// The account's mailbox tree as IMAP names: full paths joined by the hierarchy delimiter, the inbox always
// `INBOX` whatever its display name (RFC 9051 §5.1: "INBOX" is case-insensitive and names the inbox), its
// children under `INBOX/`. Names are UTF-8 here; the session converts to modified UTF-7 for rev1 clients.
// Security: names from the client are looked up, never trusted as paths; a name part cannot hold the
// delimiter, so a created name maps to exactly one place in the tree.

import type { Mailbox } from '#domain/mail';
import { HIERARCHY_DELIMITER, MAX_MAILBOX_NAME_CHARS } from './session-limits.ts';

export interface NamedMailbox {
  readonly mailbox: Mailbox;
  /** Full IMAP name, UTF-8. */
  readonly name: string;
  readonly hasChildren: boolean;
}

export class MailboxNames {
  readonly #byName = new Map<string, NamedMailbox>();
  readonly #byId = new Map<string, NamedMailbox>();
  /** In tree order: parents before children, siblings by sort order then name (the store's order). */
  readonly list: readonly NamedMailbox[];

  constructor(mailboxes: readonly Mailbox[]) {
    const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    const parents = new Set(mailboxes.flatMap((mailbox) => (mailbox.parentId ? [mailbox.parentId] : [])));
    const pathOf = (mailbox: Mailbox, depth = 0): string => {
      if (mailbox.role === 'inbox' && mailbox.parentId === null) return 'INBOX';
      const parent = mailbox.parentId === null ? undefined : byId.get(mailbox.parentId);
      // Depth bound: the store forbids cycles; this only keeps a corrupt tree from looping here.
      if (parent === undefined || depth > 64) return mailbox.name;
      return `${pathOf(parent, depth + 1)}${HIERARCHY_DELIMITER}${mailbox.name}`;
    };
    const named = mailboxes.map((mailbox) => ({
      mailbox,
      name: pathOf(mailbox),
      hasChildren: parents.has(mailbox.id),
    }));
    named.sort((a, b) => compareNames(a.name, b.name));
    for (const entry of named) {
      this.#byId.set(entry.mailbox.id, entry);
      this.#byName.set(lookupKey(entry.name), entry);
    }
    this.list = named;
  }

  /** The mailbox a client's name designates (INBOX in any case), or undefined. */
  find(name: string): NamedMailbox | undefined {
    return this.#byName.get(lookupKey(name));
  }

  byId(id: string): NamedMailbox | undefined {
    return this.#byId.get(id);
  }

  /**
   * Where a new name goes: its parent (which must exist: we do not create missing levels silently, except
   * that RFC 9051 §6.3.4 lets CREATE make them — the caller decides) and its last part.
   */
  split(name: string): { readonly parentPath: string | undefined; readonly leaf: string } {
    const clean = name.endsWith(HIERARCHY_DELIMITER) ? name.slice(0, -1) : name;
    const at = clean.lastIndexOf(HIERARCHY_DELIMITER);
    if (at < 0) return { parentPath: undefined, leaf: clean };
    return { parentPath: clean.slice(0, at), leaf: clean.slice(at + 1) };
  }
}

/** INBOX is case-insensitive, at the start of a path too (`inbox/Projets`); the rest is case-sensitive. */
function lookupKey(name: string): string {
  const upper = name.slice(0, 5).toUpperCase();
  if (upper === 'INBOX' && (name.length === 5 || name[5] === HIERARCHY_DELIMITER))
    return `INBOX${name.slice(5)}`;
  return name;
}

/** INBOX first, then by name: what clients expect from LIST without a sort. */
function compareNames(a: string, b: string): number {
  const aInbox = a === 'INBOX' || a.startsWith(`INBOX${HIERARCHY_DELIMITER}`);
  const bInbox = b === 'INBOX' || b.startsWith(`INBOX${HIERARCHY_DELIMITER}`);
  if (aInbox !== bInbox) return aInbox ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name part the client may create: not empty, no delimiter, no control characters, bounded. */
export function isValidNamePart(part: string): boolean {
  return (
    part.length > 0 &&
    part.length <= MAX_MAILBOX_NAME_CHARS &&
    !part.includes(HIERARCHY_DELIMITER) &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    !/[\u0000-\u001f\u007f]/.test(part) &&
    part.trim() === part
  );
}
