// Memberships: an email's place in a mailbox under one UID (DATA-MODEL.md §2). UIDs come from the mailbox's
// UIDNEXT, which only grows; a removed membership leaves a tombstone for QRESYNC. Every change goes through the
// ledger so counters and HIGHESTMODSEQ follow in the same transaction.

import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { type DatabaseSchema, prepareInsert, prepareQuery, type WriteTransaction } from '#store';
import { isUnread, keywordsJson } from './keywords.ts';
import { inChunks } from './mail-limits.ts';
import type { MailboxLedger } from './mailbox-ledger.ts';

/** The largest UID IMAP can carry (nz-number, 32 bits). */
const MAX_UID = 2 ** 32 - 1;

export interface MembershipRow {
  readonly mailboxId: string;
  readonly uid: number;
  readonly emailId: string;
  readonly threadId: string;
  readonly receivedAt: number;
  readonly size: number;
  readonly keywords: string;
  readonly isUnread: boolean;
  readonly modseq: number;
}

/** The email fields a new membership copies. */
export interface MemberEmail {
  readonly id: string;
  readonly threadId: string;
  readonly receivedAt: number;
  readonly size: number;
  readonly keywords: readonly string[];
  /**
   * Its header cache (null: it has none), copied into membership_headers; undefined: read there from its row,
   * for emails the caller has not read (a move or a copy).
   */
  readonly headerCache?: Uint8Array | null;
}

const takeUids = prepareQuery((db, p: { mailboxId: string; count: number }) =>
  db
    .updateTable('mailboxes')
    .set((eb) => ({ uid_next: eb('uid_next', '+', p.count) }))
    .where('id', '=', p.mailboxId)
    .returning('uid_next'),
);

/**
 * Take `count` UIDs from the mailbox: UIDNEXT moves past them in the same statement, so no two writers ever get
 * the same UID, and a UID given out is never given again even if its message is expunged. Returns the first.
 */
export async function allocateUids(tx: WriteTransaction, mailboxId: string, count: number): Promise<number> {
  const row = await takeUids.executeTakeFirst(tx.db, { mailboxId, count });
  assert(row !== undefined, `no mailbox ${mailboxId} to take UIDs from`);
  const next = Number(row.uid_next);
  assert(next - 1 <= MAX_UID, 'UIDs exhausted in a mailbox');
  return next - count;
}

/** Put `emails` into the mailbox with fresh UIDs, in order; returns the UIDs. */
export async function addMemberships(
  tx: WriteTransaction,
  ledger: MailboxLedger,
  mailboxId: string,
  emails: readonly MemberEmail[],
  modseq: number,
): Promise<number[]> {
  if (emails.length === 0) return [];
  const first = await allocateUids(tx, mailboxId, emails.length);
  const rows = emails.map((email, index) => {
    const unread = isUnread(email.keywords);
    ledger.added({ mailboxId, threadId: email.threadId, size: email.size, isUnread: unread });
    return {
      mailbox_id: mailboxId,
      uid: first + index,
      email_id: email.id,
      thread_id: email.threadId,
      received_at: email.receivedAt,
      size: email.size,
      keywords: keywordsJson(email.keywords),
      is_unread: unread ? 1 : 0,
      modseq,
    };
  });
  for (const part of inChunks(rows)) await insertMembershipRows.run(tx.db, part);
  if (emails.some((email) => email.headerCache === undefined)) {
    await copyHeaderCaches.changes(tx.db, { mailboxId, first, last: first + rows.length - 1 });
  } else {
    const copies = emails.flatMap((email, index) =>
      email.headerCache == null
        ? []
        : [
            {
              mailbox_id: mailboxId,
              uid: first + index,
              size: email.size,
              received_at: email.receivedAt,
              header_cache: email.headerCache,
            },
          ],
    );
    for (const part of inChunks(copies)) await insertHeaderCopies.run(tx.db, part);
  }
  return rows.map((row) => row.uid);
}

const insertHeaderCopies = prepareInsert('membership_headers', [
  'mailbox_id',
  'uid',
  'size',
  'received_at',
  'header_cache',
]);

/**
 * The header caches of new memberships copied beside them in UID order (membership_headers, migration 25), read
 * from their emails: IMAP's header FETCH of a range reads them there. The foreign key deletes a copy with its
 * membership.
 */
const copyHeaderCaches = prepareQuery((db, p: { mailboxId: string; first: number; last: number }) =>
  db
    .insertInto('membership_headers')
    .columns(['mailbox_id', 'uid', 'size', 'received_at', 'header_cache'])
    .expression(
      db
        .selectFrom('email_mailboxes as m')
        .innerJoin('emails as e', 'e.id', 'm.email_id')
        .select(['m.mailbox_id', 'm.uid', 'm.size', 'm.received_at', 'e.header_cache'])
        .where('m.mailbox_id', '=', p.mailboxId)
        .where('m.uid', '>=', p.first)
        .where('m.uid', '<=', p.last)
        .where('e.header_cache', 'is not', null),
    ),
);

type MembershipSelect = Pick<
  DatabaseSchema['email_mailboxes'],
  | 'mailbox_id'
  | 'uid'
  | 'email_id'
  | 'thread_id'
  | 'received_at'
  | 'size'
  | 'keywords'
  | 'is_unread'
  | 'modseq'
>;

function toMembership(row: MembershipSelect): MembershipRow {
  return {
    mailboxId: row.mailbox_id,
    uid: Number(row.uid),
    emailId: row.email_id,
    threadId: row.thread_id,
    receivedAt: Number(row.received_at),
    size: Number(row.size),
    keywords: row.keywords,
    isUnread: Number(row.is_unread) === 1,
    modseq: Number(row.modseq),
  };
}

const MEMBERSHIP_COLUMNS = [
  'mailbox_id',
  'uid',
  'email_id',
  'thread_id',
  'received_at',
  'size',
  'keywords',
  'is_unread',
  'modseq',
] as const;

const insertMembershipRows = prepareInsert('email_mailboxes', MEMBERSHIP_COLUMNS);

const membershipsOfUids = prepareQuery((db, p: { mailboxId: string; uids: readonly number[] }) =>
  db
    .selectFrom('email_mailboxes')
    .select(MEMBERSHIP_COLUMNS)
    .where('mailbox_id', '=', p.mailboxId)
    .where('uid', 'in', p.uids),
);

const membershipsOfIds = prepareQuery((db, p: { emailIds: readonly string[] }) =>
  db.selectFrom('email_mailboxes').select(MEMBERSHIP_COLUMNS).where('email_id', 'in', p.emailIds),
);

/** Memberships of these UIDs in the mailbox, ascending by UID (UIDs that do not exist are left out). */
export async function membershipsByUid(
  db: Kysely<DatabaseSchema>,
  mailboxId: string,
  uids: readonly number[],
): Promise<MembershipRow[]> {
  const rows: MembershipRow[] = [];
  for (const part of inChunks([...new Set(uids)])) {
    const found = await membershipsOfUids.execute(db, { mailboxId, uids: part });
    rows.push(...found.map(toMembership));
  }
  return rows.sort((a, b) => a.uid - b.uid);
}

/** Every membership of these emails, in any mailbox. */
export async function membershipsOfEmails(
  db: Kysely<DatabaseSchema>,
  emailIds: readonly string[],
): Promise<MembershipRow[]> {
  const rows: MembershipRow[] = [];
  for (const part of inChunks([...new Set(emailIds)])) {
    const found = await membershipsOfIds.execute(db, { emailIds: part });
    rows.push(...found.map(toMembership));
  }
  return rows;
}

/** Remove memberships (all of one mailbox, or across mailboxes), leaving a tombstone for each UID. */
export async function removeMemberships(
  tx: WriteTransaction,
  ledger: MailboxLedger,
  memberships: readonly MembershipRow[],
  modseq: number,
  now: number,
): Promise<void> {
  const byMailbox = new Map<string, MembershipRow[]>();
  for (const membership of memberships) {
    const list = byMailbox.get(membership.mailboxId) ?? [];
    list.push(membership);
    byMailbox.set(membership.mailboxId, list);
  }
  for (const [mailboxId, rows] of byMailbox) {
    for (const part of inChunks(rows)) {
      const uids = part.map((row) => row.uid);
      await tx.db
        .deleteFrom('email_mailboxes')
        .where('mailbox_id', '=', mailboxId)
        .where('uid', 'in', uids)
        .execute();
      await tx.db
        .insertInto('expunged_uids')
        .values(uids.map((uid) => ({ mailbox_id: mailboxId, uid, modseq, expunged_at: now })))
        .execute();
    }
    for (const row of rows) ledger.removed(row);
  }
}

/** Of these emails, those left in no mailbox. */
export async function emailsWithoutMailbox(
  db: Kysely<DatabaseSchema>,
  emailIds: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(emailIds)];
  const kept = new Set<string>();
  for (const part of inChunks(unique)) {
    const rows = await db
      .selectFrom('email_mailboxes')
      .select('email_id')
      .distinct()
      .where('email_id', 'in', part)
      .execute();
    for (const row of rows) kept.add(row.email_id);
  }
  return unique.filter((id) => !kept.has(id));
}
