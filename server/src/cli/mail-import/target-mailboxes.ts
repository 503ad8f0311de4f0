// The account's mailboxes as the import sees them: found by role or by path, and created (with their parents)
// when missing — or, in a dry run, only noted as to be created. Loaded once; every creation goes through the
// mail service, so the tree rules (unique sibling names, depth) are the domain's.

import type { Mailbox, MailboxRole, MailService } from '#domain/mail';
import type { FolderTarget } from './folder-mapping.ts';

export interface TargetMailbox {
  /** Undefined in a dry run for a mailbox that does not exist yet. */
  readonly id: string | undefined;
  /** Its path from the root, names joined with `/`. */
  readonly label: string;
  readonly role: MailboxRole | null;
  /** Created by this import (or, in a dry run, to be created). */
  readonly isNew: boolean;
}

interface Node extends TargetMailbox {
  /** Key of the node in #children: the id, or the label for a dry run's mailbox to be. */
  readonly key: string;
}

export class TargetMailboxes {
  readonly #mail: MailService;
  readonly #accountId: string;
  readonly #isDryRun: boolean;
  readonly #children = new Map<string, Map<string, Node>>();
  readonly #roles = new Map<string, Node>();
  readonly #created: string[] = [];
  #into: Node | undefined;

  private constructor(mail: MailService, accountId: string, isDryRun: boolean) {
    this.#mail = mail;
    this.#accountId = accountId;
    this.#isDryRun = isDryRun;
  }

  static async load(mail: MailService, accountId: string, isDryRun: boolean): Promise<TargetMailboxes> {
    const targets = new TargetMailboxes(mail, accountId, isDryRun);
    const mailboxes = await mail.listMailboxes(accountId);
    const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    const labelOf = (mailbox: Mailbox): string => {
      const names = [mailbox.name];
      for (let at = mailbox.parentId; at !== null && names.length <= mailboxes.length; ) {
        const parent = byId.get(at);
        if (parent === undefined) break;
        names.unshift(parent.name);
        at = parent.parentId;
      }
      return names.join('/');
    };
    for (const mailbox of mailboxes) {
      const node = {
        key: mailbox.id,
        id: mailbox.id,
        label: labelOf(mailbox),
        role: mailbox.role,
        isNew: false,
      };
      targets.#childrenOf(mailbox.parentId ?? '').set(mailbox.name, node);
      if (mailbox.role !== null) targets.#roles.set(mailbox.role, node);
    }
    return targets;
  }

  /** Labels of the mailboxes created so far (or to be created, in a dry run), parents first. */
  get created(): readonly string[] {
    return this.#created;
  }

  /** Set the --into mailbox: a `/` path, `INBOX` at its start naming the inbox; created when missing. */
  async setInto(names: readonly string[]): Promise<TargetMailbox> {
    const [first, ...rest] = names;
    const start = first?.toUpperCase() === 'INBOX' ? this.#roles.get('inbox') : undefined;
    this.#into = await this.#walk(start, start === undefined ? names : rest);
    return this.#into;
  }

  async resolve(target: FolderTarget): Promise<TargetMailbox> {
    const { base } = target;
    let start: Node | undefined;
    if ('role' in base) start = this.#roles.get(base.role) ?? this.#placeholderRole(base.role);
    else if ('into' in base) start = this.#into;
    return await this.#walk(start, target.names);
  }

  /** From `start` (the root when undefined) down through `names`, creating what is missing. */
  async #walk(start: Node | undefined, names: readonly string[]): Promise<Node> {
    let node = start;
    for (const name of names) {
      const siblings = this.#childrenOf(node?.key ?? '');
      node = siblings.get(name) ?? (await this.#create(node, name, siblings));
    }
    if (node === undefined) throw new Error('a target mailbox needs a base or at least one name');
    return node;
  }

  async #create(parent: Node | undefined, name: string, siblings: Map<string, Node>): Promise<Node> {
    const label = parent === undefined ? name : `${parent.label}/${name}`;
    let id: string | undefined;
    if (!this.#isDryRun) {
      if (parent !== undefined && parent.id === undefined)
        throw new Error(`parent of ${label} was not created`);
      id = (await this.#mail.createMailbox(this.#accountId, { name, parentId: parent?.id ?? null })).id;
    }
    const node = { key: id ?? `new:${label}`, id, label, role: null, isNew: true };
    siblings.set(name, node);
    this.#created.push(label);
    return node;
  }

  /** A dry run on an account that lacks a default mailbox: the real run adds it first (ensureDefaultMailboxes). */
  #placeholderRole(role: MailboxRole): Node {
    const node = { key: `new:${role}`, id: undefined, label: role, role, isNew: true };
    this.#roles.set(role, node);
    this.#created.push(role);
    return node;
  }

  #childrenOf(key: string): Map<string, Node> {
    let children = this.#children.get(key);
    if (children === undefined) {
      children = new Map();
      this.#children.set(key, children);
    }
    return children;
  }
}
