// Setting, adding and removing keywords on many emails at once (IMAP STORE over a UID set, JMAP Email/set
// keywords). Keywords belong to the email, so every membership of a changed email — in any mailbox — takes
// the new keywords and the transaction's modseq (its IMAP MODSEQ there), with unread counters and change log.

import type { Kysely } from 'kysely';
import { type DatabaseSchema, prepareQuery, type WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import type { EmailSelection, KeywordOptions, KeywordUpdate, SelectedEmail } from './email.ts';
import { checkSelection, resolveSelection } from './email-selection.ts';
import { checkKeywordCount, isUnread, keywordsJson, parseKeywords } from './keywords.ts';
import type { MailContext } from './mail-context.ts';
import { invalid } from './mail-errors.ts';
import { inChunks } from './mail-limits.ts';
import { MailboxLedger } from './mailbox-ledger.ts';
import type { MembershipRow } from './memberships.ts';

export type KeywordChangeKind = 'set' | 'add' | 'remove';

interface EmailKeywords {
  readonly id: string;
  readonly keywords: readonly string[];
  readonly modseq: number;
}

interface PlannedChange {
  readonly id: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export async function changeKeywords(
  context: MailContext,
  accountId: string,
  selection: EmailSelection,
  kind: KeywordChangeKind,
  keywords: readonly string[],
  options: KeywordOptions = {},
): Promise<KeywordUpdate> {
  checkSelection(selection);
  const given = parseKeywords(keywords);
  const { ifUnchangedSince } = options;
  if (ifUnchangedSince !== undefined && (!Number.isSafeInteger(ifUnchangedSince) || ifUnchangedSince < 0)) {
    throw invalid('email', String(ifUnchangedSince), 'invalidModseq');
  }

  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const resolved = await resolveSelection(tx.db, accountId, selection);
    // A UID selection read the memberships, which carry the email's keywords: no second read.
    const current =
      resolved.memberships === undefined
        ? await loadKeywords(tx.db, resolved.emailIds)
        : keywordsOfMemberships(resolved.memberships);
    const uidOf = new Map(resolved.memberships?.map((row) => [row.emailId, row]));

    // Plan: CONDSTORE check, then the new keyword set of each email
    const modified: SelectedEmail[] = [];
    const planned: PlannedChange[] = [];
    for (const id of resolved.emailIds) {
      const email = current.get(id);
      if (email === undefined) continue;
      const membership = uidOf.get(id);
      // IMAP compares the message's MODSEQ in the selected mailbox; JMAP the email's own.
      const modseq = membership?.modseq ?? email.modseq;
      if (ifUnchangedSince !== undefined && modseq > ifUnchangedSince) {
        modified.push(selected(id, membership?.uid));
        continue;
      }
      const after = applyChange(email.keywords, kind, given);
      if (keywordsJson(after) !== keywordsJson(email.keywords))
        planned.push({ id, before: email.keywords, after });
    }
    if (planned.length === 0)
      return { modseq: undefined, updated: [], modified, notFound: resolved.notFound };

    // Write
    const modseq = await writeKeywordChanges(tx, accountId, planned);
    return {
      modseq,
      updated: planned.map((change) => ({
        ...selected(change.id, uidOf.get(change.id)?.uid),
        keywords: change.after,
      })),
      modified,
      notFound: resolved.notFound,
    };
  });
}

/**
 * Inside a write transaction: take `keyword` off these emails. An IMAP expunge uses it to clear $deleted on the
 * copies left in other mailboxes: keywords belong to the email, so the \Deleted a client set in one mailbox
 * must not make a later EXPUNGE elsewhere destroy the copy the user kept (IMAP flags are per mailbox).
 */
export async function removeKeywordWithin(
  tx: WriteTransaction,
  accountId: string,
  emailIds: readonly string[],
  keyword: string,
): Promise<void> {
  const current = await loadKeywords(tx.db, emailIds);
  const planned = [...current.values()]
    .filter((email) => email.keywords.includes(keyword))
    .map((email) => ({
      id: email.id,
      before: email.keywords,
      after: email.keywords.filter((k) => k !== keyword),
    }));
  if (planned.length > 0) await writeKeywordChanges(tx, accountId, planned);
}

function selected(emailId: string, uid: number | undefined): SelectedEmail {
  return uid === undefined ? { emailId } : { emailId, uid };
}

function applyChange(before: readonly string[], kind: KeywordChangeKind, given: readonly string[]): string[] {
  let after: string[];
  if (kind === 'set') after = [...given];
  else if (kind === 'add') after = [...new Set([...before, ...given])].sort();
  else after = before.filter((keyword) => !given.includes(keyword));
  checkKeywordCount(after);
  return after;
}

// Prepared (store/prepared-query.ts): a flag change is the most frequent write there is.
const emailKeywordRows = prepareQuery((db, p: { ids: readonly string[] }) =>
  db.selectFrom('emails').select(['id', 'keywords', 'modseq']).where('id', 'in', p.ids),
);

const updateEmailKeywords = prepareQuery(
  (db, p: { keywords: string; modseq: number; ids: readonly string[] }) =>
    db.updateTable('emails').set({ keywords: p.keywords, modseq: p.modseq }).where('id', 'in', p.ids),
);

/** Every membership of the emails takes the keywords; the rows come back for the counters. */
const updateMembershipKeywords = prepareQuery(
  (db, p: { keywords: string; isUnread: number; modseq: number; ids: readonly string[] }) =>
    db
      .updateTable('email_mailboxes')
      .set({ keywords: p.keywords, is_unread: p.isUnread, modseq: p.modseq })
      .where('email_id', 'in', p.ids)
      .returning(['mailbox_id', 'email_id', 'thread_id', 'size']),
);

/**
 * updateMembershipKeywords for emails that stay read or stay unread. SQLite rewrites an index entry whenever an
 * UPDATE sets one of its columns, whatever the value: with `is_unread` left out, flagging an unread message does
 * not delete and re-insert its entry of the unread index (a partial index on it), one page fewer to write.
 */
const updateMembershipKeywordsOnly = prepareQuery(
  (db, p: { keywords: string; modseq: number; ids: readonly string[] }) =>
    db
      .updateTable('email_mailboxes')
      .set({ keywords: p.keywords, modseq: p.modseq })
      .where('email_id', 'in', p.ids)
      .returning(['mailbox_id', 'email_id', 'thread_id', 'size']),
);

const deleteKeywordRows = prepareQuery(
  (db, p: { accountId: string; keyword: string; ids: readonly string[] }) =>
    db
      .deleteFrom('email_keywords')
      .where('account_id', '=', p.accountId)
      .where('keyword', '=', p.keyword)
      .where('email_id', 'in', p.ids),
);

const insertKeywordRows = prepareQuery(
  (db, p: { accountId: string; keyword: string; ids: readonly string[] }) =>
    db
      .insertInto('email_keywords')
      .values(p.ids.map((emailId) => ({ account_id: p.accountId, keyword: p.keyword, email_id: emailId }))),
);

/** Keywords are the email's, copied on each membership: a UID selection already holds them. */
function keywordsOfMemberships(memberships: readonly MembershipRow[]): Map<string, EmailKeywords> {
  const found = new Map<string, EmailKeywords>();
  for (const row of memberships) {
    found.set(row.emailId, {
      id: row.emailId,
      keywords: JSON.parse(row.keywords) as string[],
      modseq: row.modseq,
    });
  }
  return found;
}

async function loadKeywords(
  db: Kysely<DatabaseSchema>,
  emailIds: readonly string[],
): Promise<Map<string, EmailKeywords>> {
  const found = new Map<string, EmailKeywords>();
  for (const part of inChunks(emailIds)) {
    const rows = await emailKeywordRows.execute(db, { ids: part });
    for (const row of rows) {
      found.set(row.id, {
        id: row.id,
        keywords: JSON.parse(row.keywords) as string[],
        modseq: Number(row.modseq),
      });
    }
  }
  return found;
}

/** Write planned keyword changes: emails, the keyword index, every membership, counters, change log. */
async function writeKeywordChanges(
  tx: WriteTransaction,
  accountId: string,
  planned: readonly PlannedChange[],
): Promise<number> {
  let modseq = 0;
  for (const change of planned) modseq = await tx.recordChange(accountId, 'Email', change.id, 'updated');

  // Emails, grouped by their new keyword set (one UPDATE per distinct set and chunk)
  const bySet = new Map<string, string[]>();
  for (const change of planned) {
    const json = keywordsJson(change.after);
    pushTo(bySet, json, change.id);
  }
  for (const [json, ids] of bySet) {
    for (const part of inChunks(ids))
      await updateEmailKeywords.changes(tx.db, { keywords: json, modseq, ids: part });
  }

  // The keyword index
  await updateKeywordIndex(tx, accountId, planned);

  // Every membership of the changed emails; each had its email's keywords before (they are copies), so the
  // unread counters move where the email went from read to unread or back.
  const wasUnread = new Map(planned.map((change) => [change.id, isUnread(change.before)]));
  const ledger = new MailboxLedger();
  for (const [json, ids] of bySet) {
    const nowUnread = isUnread(JSON.parse(json) as string[]);
    for (const part of inChunks(ids)) {
      const isReadChanging = part.some((id) => wasUnread.get(id) !== nowUnread);
      const memberships = isReadChanging
        ? await updateMembershipKeywords.execute(tx.db, {
            keywords: json,
            isUnread: nowUnread ? 1 : 0,
            modseq,
            ids: part,
          })
        : await updateMembershipKeywordsOnly.execute(tx.db, { keywords: json, modseq, ids: part });
      for (const row of memberships) {
        if (wasUnread.get(row.email_id) === nowUnread) {
          ledger.touched(row.mailbox_id);
          continue;
        }
        ledger.readChanged({
          mailboxId: row.mailbox_id,
          threadId: row.thread_id,
          size: Number(row.size),
          isUnread: nowUnread,
        });
      }
    }
  }
  await ledger.flush(tx, accountId, modseq);
  return modseq;
}

async function updateKeywordIndex(
  tx: WriteTransaction,
  accountId: string,
  planned: readonly PlannedChange[],
) {
  const added = new Map<string, string[]>();
  const removed = new Map<string, string[]>();
  for (const change of planned) {
    for (const keyword of change.after) {
      if (!change.before.includes(keyword)) pushTo(added, keyword, change.id);
    }
    for (const keyword of change.before) {
      if (!change.after.includes(keyword)) pushTo(removed, keyword, change.id);
    }
  }
  for (const [keyword, ids] of removed) {
    for (const part of inChunks(ids))
      await deleteKeywordRows.changes(tx.db, { accountId, keyword, ids: part });
  }
  for (const [keyword, ids] of added) {
    for (const part of inChunks(ids))
      await insertKeywordRows.changes(tx.db, { accountId, keyword, ids: part });
  }
}

function pushTo(groups: Map<string, string[]>, key: string, value: string): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [value]);
  else group.push(value);
}
