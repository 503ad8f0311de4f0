// The account's mailbox tree as the structural rules see it: names unique among siblings, one mailbox per
// role, no mailbox under itself or its descendants, a bounded depth, and INBOX reserved at the root.

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '#store';
import { exists, invalid, notFound, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';
import { isReservedRootName } from './mailbox-fields.ts';
import type { MailboxRole } from './mailbox.ts';

interface Node {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly role: string | null;
}

/** Where a mailbox would end up, checked against the rest of the tree. */
export interface Placement {
  /** The mailbox being changed; undefined for a new one. */
  readonly id?: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly role: MailboxRole | null;
}

export class MailboxTree {
  readonly #nodes: Map<string, Node>;
  /** Children by parent id ('' for the root). */
  readonly #children = new Map<string, Node[]>();
  readonly #roles = new Map<string, string>();

  private constructor(nodes: readonly Node[]) {
    this.#nodes = new Map(nodes.map((node) => [node.id, node]));
    for (const node of nodes) {
      const key = node.parentId ?? '';
      const siblings = this.#children.get(key);
      if (siblings === undefined) this.#children.set(key, [node]);
      else siblings.push(node);
      if (node.role !== null) this.#roles.set(node.role, node.id);
    }
  }

  static async load(db: Kysely<DatabaseSchema>, accountId: string): Promise<MailboxTree> {
    const rows = await db
      .selectFrom('mailboxes')
      .select(['id', 'parent_id', 'name', 'role'])
      .where('account_id', '=', accountId)
      .execute();
    return new MailboxTree(
      rows.map((row) => ({ id: row.id, parentId: row.parent_id, name: row.name, role: row.role })),
    );
  }

  get size(): number {
    return this.#nodes.size;
  }

  hasChildren(id: string): boolean {
    return (this.#children.get(id)?.length ?? 0) > 0;
  }

  /** Refuse a placement that breaks a rule of the tree. */
  check(placement: Placement): void {
    const { id, parentId, name, role } = placement;
    if (parentId !== null) {
      if (!this.#nodes.has(parentId)) throw notFound('mailbox', parentId);
      // A mailbox under itself or one of its descendants would detach a loop from the tree.
      if (id !== undefined && this.#ancestorsAndSelf(parentId).includes(id)) {
        throw invalid('mailbox', name, 'parentCycle');
      }
    }
    if (this.#depth(parentId) + 1 + (id === undefined ? 0 : this.#height(id)) > MAIL_LIMITS.maxMailboxDepth) {
      throw overLimit('mailbox', name, 'tooDeep', MAIL_LIMITS.maxMailboxDepth);
    }
    // IMAP shows the inbox as INBOX at the root: it stays there, and no other root mailbox may take that name.
    if (role === 'inbox' && parentId !== null) throw invalid('mailbox', name, 'inboxAtRoot');
    if (parentId === null && role !== 'inbox' && isReservedRootName(name)) {
      throw exists('mailbox', name, 'reservedName');
    }
    const siblings = this.#children.get(parentId ?? '') ?? [];
    if (siblings.some((node) => node.id !== id && node.name === name))
      throw exists('mailbox', name, 'nameTaken');
    const holder = role === null ? undefined : this.#roles.get(role);
    if (holder !== undefined && holder !== id) throw exists('mailbox', name, 'roleTaken');
  }

  #ancestorsAndSelf(id: string): string[] {
    const chain: string[] = [];
    // Bounded by the tree's size, so a corrupt loop in stored rows cannot hang the check.
    for (let current: string | null = id; current !== null && chain.length <= this.#nodes.size; ) {
      chain.push(current);
      current = this.#nodes.get(current)?.parentId ?? null;
    }
    return chain;
  }

  /** Mailboxes from the root down to `parentId` inclusive (0 for the root itself). */
  #depth(parentId: string | null): number {
    return parentId === null ? 0 : this.#ancestorsAndSelf(parentId).length;
  }

  /** Levels below `id`, itself excluded (0 for a leaf). */
  #height(id: string, level = 0): number {
    if (level > MAIL_LIMITS.maxMailboxDepth) return level;
    let height = 0;
    for (const child of this.#children.get(id) ?? [])
      height = Math.max(height, 1 + this.#height(child.id, level + 1));
    return height;
  }
}
