// What protocols read about mailboxes: the list (IMAP LIST, JMAP Mailbox/get), SELECT/STATUS numbers, the UID
// view IMAP numbers its messages from (one indexed query, compact rows), and what changed or vanished since a
// modseq (CONDSTORE/QRESYNC). Reads never lock; each is one consistent query.

import type { Kysely } from 'kysely';
import { type DatabaseSchema, prepareQuery } from '#store';
import type { MailContext } from './mail-context.ts';
import { keywordReader } from './keywords.ts';
import { invalid } from './mail-errors.ts';
import type { Mailbox, MailboxDelta, MailboxStatus, MailboxViewEntry, VanishedUids } from './mailbox.ts';
import {
  findMailbox,
  requireMailbox,
  requireMailboxStatus,
  toMailbox,
  toMailboxStatus,
  type MailboxStatusRow,
} from './mailbox-rows.ts';

export async function listMailboxes(context: MailContext, accountId: string): Promise<readonly Mailbox[]> {
  const rows = await context.database.db
    .selectFrom('mailboxes')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('sort_order')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toMailbox);
}

export async function getMailbox(
  context: MailContext,
  accountId: string,
  mailboxId: string,
): Promise<Mailbox | undefined> {
  const row = await findMailbox(context.database.db, accountId, mailboxId);
  return row === undefined ? undefined : toMailbox(row);
}

export async function mailboxStatus(
  context: MailContext,
  accountId: string,
  mailboxId: string,
): Promise<MailboxStatus> {
  return toMailboxStatus(await requireMailboxStatus(context.database.db, accountId, mailboxId));
}

/**
 * Every message of the mailbox in UID order with its keywords and MODSEQ: one query along the membership
 * table's primary key, joined only to the mailbox's own row for the account check (an empty result is told
 * apart from a missing mailbox by a second lookup, only then).
 */
export async function mailboxView(
  context: MailContext,
  accountId: string,
  mailboxId: string,
): Promise<readonly MailboxViewEntry[]> {
  const { db } = context.database;
  const rows = await db
    .selectFrom('email_mailboxes as m')
    .innerJoin('mailboxes as b', (join) =>
      join.onRef('b.id', '=', 'm.mailbox_id').on('b.account_id', '=', accountId),
    )
    .select(['m.uid', 'm.email_id', 'm.keywords', 'm.modseq'])
    .where('m.mailbox_id', '=', mailboxId)
    .orderBy('m.uid')
    .execute();
  if (rows.length === 0) await requireMailbox(db, accountId, mailboxId);
  const keywords = keywordReader();
  return rows.map((row) => ({
    uid: Number(row.uid),
    emailId: row.email_id,
    keywords: keywords(row.keywords),
    modseq: Number(row.modseq),
  }));
}

/** Messages whose MODSEQ in this mailbox is above `modseq` (CONDSTORE CHANGEDSINCE), in UID order. */
export async function changedSince(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  modseq: number,
): Promise<readonly MailboxViewEntry[]> {
  checkModseq(modseq);
  const { db } = context.database;
  await requireMailbox(db, accountId, mailboxId);
  return changedRows(db, mailboxId, modseq);
}

/** UIDs expunged from this mailbox after `modseq` (QRESYNC VANISHED (EARLIER)), and whether the list is exact. */
export async function vanishedSince(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  modseq: number,
): Promise<VanishedUids> {
  checkModseq(modseq);
  const { db } = context.database;
  return vanishedRows(db, await requireMailboxStatus(db, accountId, mailboxId), modseq);
}

/**
 * What an IMAP refresh reads: the mailbox's numbers and, once its HIGHESTMODSEQ has moved past `modseq`, what
 * vanished and changed since. Every change to a mailbox's messages moves its HIGHESTMODSEQ (the ledger writes
 * it with the change), so an unchanged one answers with no more reading; one mailbox lookup instead of three.
 */
export async function mailboxChangesSince(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  modseq: number,
): Promise<MailboxDelta> {
  checkModseq(modseq);
  const { db } = context.database;
  const mailbox = await requireMailboxStatus(db, accountId, mailboxId);
  const status = toMailboxStatus(mailbox);
  if (status.highestModseq <= modseq) return { status, vanished: { uids: [], isExact: true }, changed: [] };
  const vanished = await vanishedRows(db, mailbox, modseq);
  return { status, vanished, changed: await changedRows(db, mailboxId, modseq) };
}

type Reader = Kysely<DatabaseSchema>;

// Prepared (store/prepared-query.ts): every IMAP refresh after a change runs both.
const changedMemberships = prepareQuery((db, p: { mailboxId: string; modseq: number }) =>
  db
    .selectFrom('email_mailboxes')
    .select(['uid', 'email_id', 'keywords', 'modseq'])
    .where('mailbox_id', '=', p.mailboxId)
    .where('modseq', '>', p.modseq),
);

const expungedUids = prepareQuery((db, p: { mailboxId: string; modseq: number }) =>
  db
    .selectFrom('expunged_uids')
    .select('uid')
    .where('mailbox_id', '=', p.mailboxId)
    .where('modseq', '>', p.modseq)
    .orderBy('uid'),
);

async function changedRows(db: Reader, mailboxId: string, modseq: number): Promise<MailboxViewEntry[]> {
  const rows = await changedMemberships.execute(db, { mailboxId, modseq });
  // Sorted here, not in SQL: with ORDER BY uid, SQLite walks the whole mailbox in primary-key order and filters
  // on modseq; without it, it reads only the changed rows through (mailbox_id, modseq). A refresh after one
  // change read every row of a 100,000-message mailbox.
  rows.sort((a, b) => Number(a.uid) - Number(b.uid));
  const keywords = keywordReader();
  return rows.map((row) => ({
    uid: Number(row.uid),
    emailId: row.email_id,
    keywords: keywords(row.keywords),
    modseq: Number(row.modseq),
  }));
}

async function vanishedRows(db: Reader, mailbox: MailboxStatusRow, modseq: number): Promise<VanishedUids> {
  const rows = await expungedUids.execute(db, { mailboxId: mailbox.id, modseq });
  return {
    uids: rows.map((row) => Number(row.uid)),
    isExact: modseq >= Number(mailbox.vanished_floor_modseq),
  };
}

function checkModseq(modseq: number): void {
  if (!Number.isSafeInteger(modseq) || modseq < 0) throw invalid('mailbox', String(modseq), 'invalidModseq');
}
