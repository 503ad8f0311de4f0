// Resolving what a keyword, move or copy call names — emails by id (JMAP) or UIDs of one mailbox (IMAP) — to
// the account's emails, inside the caller's transaction. Ids of another account resolve to notFound.

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '#store';
import type { EmailSelection } from './email.ts';
import { ownedBy } from './email-rows.ts';
import { invalid, overLimit } from './mail-errors.ts';
import { inChunks, MAIL_LIMITS } from './mail-limits.ts';
import { requireMailbox, type MailboxRow } from './mailbox-rows.ts';
import { membershipsByUid, type MembershipRow } from './memberships.ts';

const MAX_UID = 2 ** 32 - 1;

export interface ResolvedSelection {
  /** The selection's mailbox, for a UID selection. */
  readonly mailbox?: MailboxRow;
  /** For a UID selection: the memberships found, ascending by UID. */
  readonly memberships?: readonly MembershipRow[];
  /** The emails found, each once, in selection order. */
  readonly emailIds: readonly string[];
  /** For an id selection: the ids that are not emails of the account. */
  readonly notFound: readonly string[];
}

/** Check the selection's shape before any transaction starts. */
export function checkSelection(selection: EmailSelection): void {
  const count = 'uids' in selection ? selection.uids.length : selection.emailIds.length;
  if (count > MAIL_LIMITS.maxEmailsPerCall) {
    throw overLimit('email', '', 'tooManyEmails', MAIL_LIMITS.maxEmailsPerCall);
  }
  if ('uids' in selection) {
    const bad = selection.uids.find((uid) => !Number.isInteger(uid) || uid < 1 || uid > MAX_UID);
    if (bad !== undefined) throw invalid('email', String(bad), 'invalidUid');
  }
}

export async function resolveSelection(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  selection: EmailSelection,
): Promise<ResolvedSelection> {
  if ('uids' in selection) {
    const mailbox = await requireMailbox(db, accountId, selection.mailboxId);
    const memberships = await membershipsByUid(db, mailbox.id, selection.uids);
    return { mailbox, memberships, emailIds: memberships.map((row) => row.emailId), notFound: [] };
  }
  const wanted = [...new Set(selection.emailIds)];
  const found = new Set<string>();
  for (const part of inChunks(wanted)) {
    const rows = await db
      .selectFrom('emails')
      .select(['id', 'account_id'])
      .where('id', 'in', part)
      .execute()
      .then(ownedBy(accountId));
    for (const row of rows) found.add(row.id);
  }
  return {
    emailIds: wanted.filter((id) => found.has(id)),
    notFound: wanted.filter((id) => !found.has(id)),
  };
}
