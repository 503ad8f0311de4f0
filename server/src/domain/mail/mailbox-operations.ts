// Creating, changing and destroying mailboxes (IMAP CREATE/RENAME/DELETE/SUBSCRIBE, JMAP Mailbox/set). Each
// is one transaction; the tree rules are checked under the account lock, so two concurrent creations of the
// same name cannot both pass.

import { DomainError, StoreError } from '#core/errors';
import { newId } from '#core/ids';
import type { WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import { destroyOrphanEmails } from './email-destruction.ts';
import { touchEmails } from './email-moves.ts';
import type { MailContext } from './mail-context.ts';
import { inUse, invalid, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';
import type { DestroyMailboxOptions, Mailbox, MailboxChanges, MailboxRole, NewMailbox } from './mailbox.ts';
import { parseColour, parseMailboxName, parseRole, parseSortOrder } from './mailbox-fields.ts';
import { requireMailbox, toMailbox } from './mailbox-rows.ts';
import { MailboxTree } from './mailbox-tree.ts';
import { takeUidValidities } from './uid-validity.ts';

export async function createMailbox(
  context: MailContext,
  accountId: string,
  input: NewMailbox,
): Promise<Mailbox> {
  const name = parseMailboxName(input.name);
  const role = parseRole(input.role ?? null);
  const colour = parseColour(input.colour ?? null);
  const sortOrder = parseSortOrder(input.sortOrder ?? 0);
  const parentId = input.parentId ?? null;
  const row = await writeMailbox(context, name, async (tx) => {
    await lockAccount(context, tx, accountId);
    const tree = await MailboxTree.load(tx.db, accountId);
    if (tree.size >= MAIL_LIMITS.maxMailboxesPerAccount) {
      throw overLimit('mailbox', name, 'tooManyMailboxes', MAIL_LIMITS.maxMailboxesPerAccount);
    }
    tree.check({ parentId, name, role });
    const now = context.clock.nowMs();
    const id = newId('b');
    const values = {
      id,
      account_id: accountId,
      parent_id: parentId,
      name,
      role,
      colour,
      sort_order: sortOrder,
      is_subscribed: input.isSubscribed === false ? 0 : 1,
      uid_validity: await takeUidValidities(tx, accountId, 1, now),
      uid_next: 1,
      highest_modseq: await tx.recordChange(accountId, 'Mailbox', id, 'created'),
      created_at: now,
      updated_at: now,
    };
    await tx.db.insertInto('mailboxes').values(values).execute();
    return await tx.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
  context.log.info({ event: 'mailbox.created', accountId, mailboxId: row.id }, 'mailbox created');
  return toMailbox(row);
}

/** Rename, move, recolour, reorder, (un)subscribe or change the role of a mailbox. */
export async function updateMailbox(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  changes: MailboxChanges,
): Promise<Mailbox> {
  const name = changes.name === undefined ? undefined : parseMailboxName(changes.name);
  const role = changes.role === undefined ? undefined : parseRole(changes.role);
  const colour = changes.colour === undefined ? undefined : parseColour(changes.colour);
  const sortOrder = changes.sortOrder === undefined ? undefined : parseSortOrder(changes.sortOrder);
  const row = await writeMailbox(context, name ?? mailboxId, async (tx) => {
    await lockAccount(context, tx, accountId);
    const current = await requireMailbox(tx.db, accountId, mailboxId);
    // Delivery needs an inbox: the role can move to no other mailbox while this one has it.
    if (current.role === 'inbox' && role !== undefined && role !== 'inbox') {
      throw invalid('mailbox', current.name, 'inboxRoleRequired');
    }
    const tree = await MailboxTree.load(tx.db, accountId);
    const placement = {
      id: mailboxId,
      parentId: changes.parentId === undefined ? current.parent_id : changes.parentId,
      name: name ?? current.name,
      role: role === undefined ? (current.role as MailboxRole | null) : role,
    };
    tree.check(placement);
    await tx.db
      .updateTable('mailboxes')
      .set({
        parent_id: placement.parentId,
        name: placement.name,
        role: placement.role,
        ...(colour !== undefined && { colour }),
        ...(sortOrder !== undefined && { sort_order: sortOrder }),
        ...(changes.isSubscribed !== undefined && { is_subscribed: changes.isSubscribed ? 1 : 0 }),
        updated_at: context.clock.nowMs(),
      })
      .where('id', '=', mailboxId)
      .execute();
    await tx.recordChange(accountId, 'Mailbox', mailboxId, 'updated');
    return await tx.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('id', '=', mailboxId)
      .executeTakeFirstOrThrow();
  });
  return toMailbox(row);
}

/**
 * Destroy a mailbox without children. Its emails leave it (with removeEmails) and those left in no mailbox are
 * destroyed; without removeEmails a mailbox that holds emails is refused (JMAP mailboxHasEmail).
 */
export async function destroyMailbox(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  options: DestroyMailboxOptions,
): Promise<void> {
  await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const mailbox = await requireMailbox(tx.db, accountId, mailboxId);
    if (mailbox.role === 'inbox') throw invalid('mailbox', mailbox.name, 'inboxRequired');
    const tree = await MailboxTree.load(tx.db, accountId);
    if (tree.hasChildren(mailboxId)) throw inUse('mailbox', mailbox.name, 'hasChildren');
    if (Number(mailbox.total_emails) > 0 && !options.removeEmails)
      throw inUse('mailbox', mailbox.name, 'hasEmails');

    // Take the emails out (no tombstones: the mailbox and its UIDs go with it), destroying the homeless
    const members = await tx.db
      .selectFrom('email_mailboxes')
      .select('email_id')
      .where('mailbox_id', '=', mailboxId)
      .execute();
    const emailIds = members.map((row) => row.email_id);
    let modseq = 0;
    for (const id of emailIds) modseq = await tx.recordChange(accountId, 'Email', id, 'updated');
    await tx.db.deleteFrom('email_mailboxes').where('mailbox_id', '=', mailboxId).execute();
    const destroyed = new Set(await destroyOrphanEmails(context, tx, accountId, emailIds));
    await touchEmails(
      tx,
      emailIds.filter((id) => !destroyed.has(id)),
      modseq,
    );

    // Then the mailbox itself
    for (const table of ['mailbox_threads', 'expunged_uids'] as const) {
      await tx.db.deleteFrom(table).where('mailbox_id', '=', mailboxId).execute();
    }
    await tx.db.deleteFrom('mailboxes').where('id', '=', mailboxId).execute();
    await tx.recordChange(accountId, 'Mailbox', mailboxId, 'destroyed');
    context.log.info(
      {
        event: 'mailbox.destroyed',
        accountId,
        mailboxId,
        emails: emailIds.length,
        destroyed: destroyed.size,
      },
      'mailbox destroyed',
    );
  });
}

/** A concurrent writer on another node may win the unique index between our check and our write. */
async function writeMailbox<T>(
  context: MailContext,
  name: string,
  work: (tx: WriteTransaction) => Promise<T>,
): Promise<T> {
  try {
    return await context.database.write(work);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'conflict') {
      throw new DomainError('exists', `mailbox ${name} already exists`, {
        cause: error,
        details: { subject: 'mailbox', name, reason: 'nameTaken' },
      });
    }
    throw error;
  }
}
