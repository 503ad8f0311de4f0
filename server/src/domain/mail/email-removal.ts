// Removing emails: IMAP EXPUNGE of UIDs from one mailbox (tombstones for QRESYNC; emails left in no mailbox
// are destroyed), and JMAP Email/set destroy (out of every mailbox, then destroyed). One transaction each.

import { lockAccount } from './account-lock.ts';
import type { DestroyResult, ExpungeResult } from './email.ts';
import { destroyOrphanEmails } from './email-destruction.ts';
import { touchEmails } from './email-moves.ts';
import { checkSelection, resolveSelection } from './email-selection.ts';
import { removeKeywordWithin } from './keyword-operations.ts';
import type { MailContext } from './mail-context.ts';
import { MailboxLedger } from './mailbox-ledger.ts';
import { requireMailbox } from './mailbox-rows.ts';
import { membershipsByUid, membershipsOfEmails, removeMemberships } from './memberships.ts';

/** IMAP \Deleted as a keyword (RFC 8621 §4.1.1). */
const DELETED = '$deleted';

export async function expunge(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  uids: readonly number[],
): Promise<ExpungeResult> {
  checkSelection({ mailboxId, uids });
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const mailbox = await requireMailbox(tx.db, accountId, mailboxId);
    const memberships = await membershipsByUid(tx.db, mailbox.id, uids);
    if (memberships.length === 0) return { modseq: undefined, expunged: [] };

    const emailIds = memberships.map((row) => row.emailId);
    let modseq = 0;
    for (const id of emailIds) modseq = await tx.recordChange(accountId, 'Email', id, 'updated');
    const ledger = new MailboxLedger();
    await removeMemberships(tx, ledger, memberships, modseq, context.clock.nowMs());
    const destroyed = new Set(await destroyOrphanEmails(context, tx, accountId, emailIds));
    const survivors = emailIds.filter((id) => !destroyed.has(id));
    await touchEmails(tx, survivors, modseq);
    // The copies kept in other mailboxes were not deleted there: they lose the \Deleted set here.
    await removeKeywordWithin(tx, accountId, survivors, DELETED);
    await ledger.flush(tx, accountId, modseq);
    return { modseq, expunged: memberships.map((row) => row.uid) };
  });
}

export async function destroyEmails(
  context: MailContext,
  accountId: string,
  emailIds: readonly string[],
): Promise<DestroyResult> {
  checkSelection({ emailIds });
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const resolved = await resolveSelection(tx.db, accountId, { emailIds });
    if (resolved.emailIds.length === 0) return { destroyed: [], notFound: resolved.notFound };
    const memberships = await membershipsOfEmails(tx.db, resolved.emailIds);
    let modseq = 0;
    for (const id of resolved.emailIds) modseq = await tx.recordChange(accountId, 'Email', id, 'destroyed');
    const ledger = new MailboxLedger();
    await removeMemberships(tx, ledger, memberships, modseq, context.clock.nowMs());
    const destroyed = await destroyOrphanEmails(context, tx, accountId, resolved.emailIds);
    await ledger.flush(tx, accountId, modseq);
    return { destroyed, notFound: resolved.notFound };
  });
}
