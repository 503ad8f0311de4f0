// Moving and copying emails between mailboxes (IMAP MOVE/COPY with UIDPLUS, JMAP mailboxIds). One transaction
// each (DATA-MODEL.md §2): a move gives the email a new UID in the target and expunges it from the source, so a
// failure half-way leaves the source as it was. An email is in a mailbox at most once: copying it where it
// already is maps to the UID it has there and changes nothing.

import type { WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import type { EmailSelection, UidMapping } from './email.ts';
import { checkSelection, resolveSelection } from './email-selection.ts';
import { keywordReader } from './keywords.ts';
import type { MailContext } from './mail-context.ts';
import { invalid, notFound, overLimit } from './mail-errors.ts';
import { inChunks, MAIL_LIMITS } from './mail-limits.ts';
import { MailboxLedger } from './mailbox-ledger.ts';
import { requireMailbox, requireMailboxes } from './mailbox-rows.ts';
import { addMemberships, membershipsOfEmails, removeMemberships, type MembershipRow } from './memberships.ts';

type Transfer = 'move' | 'copy';

export async function transferEmails(
  context: MailContext,
  accountId: string,
  selection: EmailSelection,
  toMailboxId: string,
  transfer: Transfer,
): Promise<UidMapping> {
  checkSelection(selection);
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const target = await requireMailbox(tx.db, accountId, toMailboxId);
    const resolved = await resolveSelection(tx.db, accountId, selection);
    const uidValidity = Number(target.uid_validity);
    const empty = { uidValidity, modseq: undefined, mapping: [], notFound: resolved.notFound };
    if (resolved.emailIds.length === 0) return empty;

    // Where the emails are now: the selection's mailbox for UIDs, every mailbox for ids (a webmail "move to")
    const all = await membershipsOfEmails(tx.db, resolved.emailIds);
    const sources = resolved.memberships ?? all;
    const inTarget = new Map(
      all.filter((row) => row.mailboxId === target.id).map((row) => [row.emailId, row.uid]),
    );
    const representative = new Map(all.map((row) => [row.emailId, row]));
    const arriving = resolved.emailIds.filter((id) => !inTarget.has(id));
    const leaving = transfer === 'move' ? sources.filter((row) => row.mailboxId !== target.id) : [];
    if (arriving.length === 0 && leaving.length === 0) {
      return { ...empty, mapping: mappingOf(resolved.emailIds, resolved.memberships, inTarget) };
    }

    // Arrive in the target, then leave the sources, at one modseq
    const now = context.clock.nowMs();
    const changed = [...new Set([...arriving, ...leaving.map((row) => row.emailId)])];
    let modseq = 0;
    for (const id of changed) modseq = await tx.recordChange(accountId, 'Email', id, 'updated');
    const ledger = new MailboxLedger();
    const keywords = keywordReader();
    const uids = await addMemberships(
      tx,
      ledger,
      target.id,
      arriving.map((id) => memberOf(representative.get(id), keywords)),
      modseq,
    );
    arriving.forEach((id, index) => inTarget.set(id, uids[index] ?? 0));
    await removeMemberships(tx, ledger, leaving, modseq, now);
    await touchEmails(tx, changed, modseq);
    await ledger.flush(tx, accountId, modseq);
    return {
      uidValidity,
      modseq,
      mapping: mappingOf(resolved.emailIds, resolved.memberships, inTarget),
      notFound: resolved.notFound,
    };
  });
}

/** JMAP Email/set mailboxIds: put the email in exactly these mailboxes (at least one). */
export async function setMailboxes(
  context: MailContext,
  accountId: string,
  emailId: string,
  mailboxIds: readonly string[],
): Promise<void> {
  const wanted = [...new Set(mailboxIds)];
  // DATA-MODEL.md §2: an email is in at least one mailbox for as long as it exists.
  if (wanted.length === 0) throw invalid('email', emailId, 'noMailbox');
  if (wanted.length > MAIL_LIMITS.maxMailboxesPerEmail) {
    throw overLimit('email', emailId, 'tooManyMailboxes', MAIL_LIMITS.maxMailboxesPerEmail);
  }
  await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const resolved = await resolveSelection(tx.db, accountId, { emailIds: [emailId] });
    if (resolved.emailIds.length === 0) throw notFound('email', emailId);
    await requireMailboxes(tx.db, accountId, wanted);
    const current = await membershipsOfEmails(tx.db, [emailId]);
    const present = new Set(current.map((row) => row.mailboxId));
    const arriving = wanted.filter((id) => !present.has(id));
    const leaving = current.filter((row) => !wanted.includes(row.mailboxId));
    if (arriving.length === 0 && leaving.length === 0) return;

    const modseq = await tx.recordChange(accountId, 'Email', emailId, 'updated');
    const ledger = new MailboxLedger();
    const member = memberOf(current[0], keywordReader());
    for (const mailboxId of arriving) await addMemberships(tx, ledger, mailboxId, [member], modseq);
    await removeMemberships(tx, ledger, leaving, modseq, context.clock.nowMs());
    await touchEmails(tx, [emailId], modseq);
    await ledger.flush(tx, accountId, modseq);
  });
}

function memberOf(row: MembershipRow | undefined, keywords: (json: string) => readonly string[]) {
  // Every email has a membership (DATA-MODEL.md §2); the account lock keeps it from going meanwhile.
  if (row === undefined) throw new Error('an email without any membership');
  return {
    id: row.emailId,
    threadId: row.threadId,
    receivedAt: row.receivedAt,
    size: row.size,
    keywords: keywords(row.keywords),
  };
}

function mappingOf(
  emailIds: readonly string[],
  sources: readonly MembershipRow[] | undefined,
  inTarget: ReadonlyMap<string, number>,
): UidMapping['mapping'] {
  if (sources !== undefined) {
    return sources.map((row) => ({
      emailId: row.emailId,
      uid: row.uid,
      targetUid: inTarget.get(row.emailId) ?? 0,
    }));
  }
  return emailIds.map((emailId) => ({ emailId, targetUid: inTarget.get(emailId) ?? 0 }));
}

/** The emails' own modseq follows their last change (JMAP state, IMAP MODSEQ for an id selection). */
export async function touchEmails(
  tx: WriteTransaction,
  emailIds: readonly string[],
  modseq: number,
): Promise<void> {
  for (const part of inChunks(emailIds)) {
    await tx.db.updateTable('emails').set({ modseq }).where('id', 'in', part).execute();
  }
}
