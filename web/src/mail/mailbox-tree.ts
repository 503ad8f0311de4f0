// The folder tree of the side bar from Mailbox/get: special folders first in a fixed order (inbox, drafts,
// sent, archive, junk, trash), then the others by sortOrder and name as the user's language sorts them;
// children under their parent, at any depth, and a mailbox whose parent is missing shown at the top.

import type { JmapMailbox } from '@vercors/contract';

export interface MailboxNode {
  readonly mailbox: JmapMailbox;
  readonly depth: number;
  readonly children: readonly MailboxNode[];
}

const ROLE_ORDER = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

/** Bounds the walk: a cycle in parentIds (never from a correct server) cannot loop. */
const MAX_DEPTH = 32;

export function mailboxTree(mailboxes: readonly JmapMailbox[], locale: string): MailboxNode[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const ids = new Set(mailboxes.map((mailbox) => mailbox.id));
  const childrenOf = new Map<string | null, JmapMailbox[]>();
  for (const mailbox of mailboxes) {
    const parent = mailbox.parentId !== null && ids.has(mailbox.parentId) ? mailbox.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(mailbox);
    childrenOf.set(parent, siblings);
  }
  const rank = (mailbox: JmapMailbox) => {
    const index = mailbox.role === null ? -1 : ROLE_ORDER.indexOf(mailbox.role);
    return index === -1 ? ROLE_ORDER.length : index;
  };
  const order = (a: JmapMailbox, b: JmapMailbox) =>
    rank(a) - rank(b) || a.sortOrder - b.sortOrder || collator.compare(a.name, b.name);
  const build = (parent: string | null, depth: number, seen: Set<string>): MailboxNode[] =>
    depth > MAX_DEPTH
      ? []
      : [...(childrenOf.get(parent) ?? [])]
          .filter((mailbox) => !seen.has(mailbox.id))
          .sort(order)
          .map((mailbox) => ({
            mailbox,
            depth,
            children: build(mailbox.id, depth + 1, new Set([...seen, mailbox.id])),
          }));
  return build(null, 0, new Set());
}

/** The tree in display order, as a flat list (what the side bar renders, with each node's depth). */
export function flattenTree(nodes: readonly MailboxNode[]): MailboxNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}
