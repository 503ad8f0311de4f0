// The first statement of every mail write: take the account's row, so writers to one account queue up in the
// same order everywhere (no deadlock between UID allocation and modseq), and read what the write needs from it.

import type { Locale, ProfileCategory } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { categoryQuota } from '#domain/identity';
import { prepareQuery, type WriteTransaction } from '#store';
import type { Quota } from './email.ts';
import type { MailContext } from './mail-context.ts';
import { notFound } from './mail-errors.ts';

export interface LockedAccount {
  readonly id: string;
  readonly email: string;
  readonly locale: Locale;
  readonly quota: Quota;
}

interface QuotaColumns {
  readonly profile_category: string;
  readonly quota_bytes: number | null;
  readonly quota_messages: number | null;
  readonly used_bytes: number;
  readonly used_messages: number;
}

export function quotaOf(context: MailContext, row: QuotaColumns): Quota {
  const defaults = categoryQuota(context.identitySettings, row.profile_category as ProfileCategory);
  return {
    limit: {
      bytes: row.quota_bytes === null ? defaults.bytes : Number(row.quota_bytes),
      messages: row.quota_messages === null ? defaults.messages : Number(row.quota_messages),
    },
    used: { bytes: Number(row.used_bytes), messages: Number(row.used_messages) },
  };
}

/** What a mail write reads of its account: the address, the language and the quota with its usage. */
export const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'locale',
  'profile_category',
  'quota_bytes',
  'quota_messages',
  'used_bytes',
  'used_messages',
] as const;

const readAccountRow = prepareQuery((db, p: { accountId: string }) =>
  db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', p.accountId),
);
const lockAccountRow = prepareQuery((db, p: { accountId: string }) =>
  db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', p.accountId).forNoKeyUpdate(),
);

/**
 * Lock the account's row for the rest of the transaction and return it fresh. PostgreSQL: SELECT … FOR NO KEY
 * UPDATE, the lock an UPDATE of the row would take, held until commit, without writing a row version (rows that
 * reference the account can still be inserted meanwhile). SQLite has no row locks and needs none: the
 * transaction already holds the single writer (BEGIN IMMEDIATE), so a plain read does, without rewriting the
 * row. notFound when there is no such account.
 */
export async function lockAccount(
  context: MailContext,
  tx: WriteTransaction,
  accountId: string,
): Promise<LockedAccount> {
  const query = context.database.dialect.name === 'postgres' ? lockAccountRow : readAccountRow;
  const row = await query.executeTakeFirst(tx.db, { accountId });
  if (row === undefined) throw notFound('account', accountId);
  return { id: row.id, email: row.email, locale: row.locale as Locale, quota: quotaOf(context, row) };
}

/** Lock several accounts, in id order so two batches never wait for each other crosswise. */
export async function lockAccounts(
  context: MailContext,
  tx: WriteTransaction,
  accountIds: Iterable<string>,
): Promise<Map<string, LockedAccount | undefined>> {
  const locked = new Map<string, LockedAccount | undefined>();
  for (const id of [...new Set(accountIds)].sort()) {
    try {
      locked.set(id, await lockAccount(context, tx, id));
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'notFound')) throw error;
      locked.set(id, undefined);
    }
  }
  return locked;
}
