// From mailbox rows to Mailbox objects, and the lookups every operation starts with: a mailbox of the account,
// or notFound (another account's mailbox is "not found" too).

import type { Kysely, Selectable } from 'kysely';
import { type DatabaseSchema, type MailboxesTable, prepareQuery } from '#store';
import type { Mailbox, MailboxRole, MailboxStatus } from './mailbox.ts';
import { notFound } from './mail-errors.ts';

export type MailboxRow = Selectable<MailboxesTable>;
type Reader = Kysely<DatabaseSchema>;

export function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    role: row.role as MailboxRole | null,
    colour: row.colour,
    sortOrder: Number(row.sort_order),
    isSubscribed: Number(row.is_subscribed) === 1,
    uidValidity: Number(row.uid_validity),
    uidNext: Number(row.uid_next),
    highestModseq: Number(row.highest_modseq),
    totalEmails: Number(row.total_emails),
    unreadEmails: Number(row.unread_emails),
    totalThreads: Number(row.total_threads),
    unreadThreads: Number(row.unread_threads),
    size: Number(row.total_size),
    createdAt: new Date(Number(row.created_at)),
  };
}

/** The columns a mailbox's status is made of (and QRESYNC's tombstone floor): what a refresh reads. */
export const STATUS_COLUMNS = [
  'id',
  'uid_validity',
  'uid_next',
  'highest_modseq',
  'total_emails',
  'unread_emails',
  'total_size',
  'vanished_floor_modseq',
] as const;

export type MailboxStatusRow = Pick<MailboxRow, (typeof STATUS_COLUMNS)[number]>;

export function toMailboxStatus(row: MailboxStatusRow): MailboxStatus {
  return {
    uidValidity: Number(row.uid_validity),
    uidNext: Number(row.uid_next),
    highestModseq: Number(row.highest_modseq),
    totalEmails: Number(row.total_emails),
    unreadEmails: Number(row.unread_emails),
    size: Number(row.total_size),
  };
}

const mailboxById = prepareQuery((db, p: { mailboxId: string; accountId: string }) =>
  db.selectFrom('mailboxes').selectAll().where('id', '=', p.mailboxId).where('account_id', '=', p.accountId),
);

export async function findMailbox(
  db: Reader,
  accountId: string,
  mailboxId: string,
): Promise<MailboxRow | undefined> {
  return await mailboxById.executeTakeFirst(db, { mailboxId, accountId });
}

const mailboxStatusById = prepareQuery((db, p: { mailboxId: string; accountId: string }) =>
  db
    .selectFrom('mailboxes')
    .select(STATUS_COLUMNS)
    .where('id', '=', p.mailboxId)
    .where('account_id', '=', p.accountId),
);

/** The status columns of the account's mailbox; notFound otherwise. */
export async function requireMailboxStatus(
  db: Reader,
  accountId: string,
  mailboxId: string,
): Promise<MailboxStatusRow> {
  const row = await mailboxStatusById.executeTakeFirst(db, { mailboxId, accountId });
  if (row === undefined) throw notFound('mailbox', mailboxId);
  return row;
}

export async function requireMailbox(db: Reader, accountId: string, mailboxId: string): Promise<MailboxRow> {
  const row = await findMailbox(db, accountId, mailboxId);
  if (row === undefined) throw notFound('mailbox', mailboxId);
  return row;
}

/** The account's mailboxes with these ids; notFound naming the first missing one. */
export async function requireMailboxes(
  db: Reader,
  accountId: string,
  mailboxIds: readonly string[],
): Promise<MailboxRow[]> {
  const unique = [...new Set(mailboxIds)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('mailboxes')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', unique)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return unique.map((id) => {
    const row = byId.get(id);
    if (row === undefined) throw notFound('mailbox', id);
    return row;
  });
}

export async function findMailboxByRole(
  db: Reader,
  accountId: string,
  role: MailboxRole,
): Promise<MailboxRow | undefined> {
  return await mailboxByRole.executeTakeFirst(db, { accountId, role });
}

// Prepared (store/prepared-query.ts): every delivered message looks its mailbox up by role.
const mailboxByRole = prepareQuery((db, p: { accountId: string; role: string }) =>
  db.selectFrom('mailboxes').selectAll().where('account_id', '=', p.accountId).where('role', '=', p.role),
);
