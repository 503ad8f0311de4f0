// Quota usage on the account row (accounts.used_bytes / used_messages), changed in the transaction that adds
// or destroys emails, with its 'Quota' change-log rows (JMAP Quota, quota-resources.ts); a full account refuses
// new mail with overQuota (SMTP 452 4.2.2, IMAP NO [OVERQUOTA]), never silently. Dropping back under a warning
// threshold re-arms that warning.

import { DomainError } from '#core/errors';
import { prepareQuery, type WriteTransaction } from '#store';
import { quotaOf } from './account-lock.ts';
import type { Quota } from './email.ts';
import type { MailContext } from './mail-context.ts';
import { QUOTA_RESOURCE_TYPES, QUOTA_TYPE } from './quota-resources.ts';

/** Usage in percent of the tighter of the two limits (bytes, messages), rounded down. */
export function usageLevel(quota: Quota): number {
  const bytes = quota.used.bytes / quota.limit.bytes;
  const messages = quota.used.messages / quota.limit.messages;
  return Math.floor(Math.max(bytes, messages) * 100);
}

/** Prepared (store/prepared-query.ts): every import and every removal charges or credits. */
const chargeAccount = prepareQuery((db, p: { accountId: string; bytes: number; messages: number }) =>
  db
    .updateTable('accounts')
    .set((eb) => ({
      used_bytes: eb('used_bytes', '+', p.bytes),
      used_messages: eb('used_messages', '+', p.messages),
    }))
    .where('id', '=', p.accountId),
);

/** Refuse when adding `bytes` in `messages` emails would exceed either limit. */
export function checkQuota(quota: Quota, bytes: number, messages: number): void {
  const usedBytes = quota.used.bytes + bytes;
  const usedMessages = quota.used.messages + messages;
  if (usedBytes <= quota.limit.bytes && usedMessages <= quota.limit.messages) return;
  const limit = usedBytes > quota.limit.bytes ? 'bytes' : 'messages';
  throw new DomainError('overQuota', `the mailbox is full (${limit})`, {
    details: {
      subject: 'quota',
      name: limit,
      reason: 'overQuota',
      used: limit === 'bytes' ? quota.used.bytes : quota.used.messages,
      limit: limit === 'bytes' ? quota.limit.bytes : quota.limit.messages,
    },
  });
}

export async function chargeUsage(
  tx: WriteTransaction,
  accountId: string,
  bytes: number,
  messages: number,
): Promise<void> {
  if (bytes === 0 && messages === 0) return;
  await chargeAccount.changes(tx.db, { accountId, bytes, messages });
  await recordQuotaChange(tx, accountId);
}

/** Usage moved: both JMAP quotas changed (one change-log row each, once per transaction). */
async function recordQuotaChange(tx: WriteTransaction, accountId: string): Promise<void> {
  for (const id of QUOTA_RESOURCE_TYPES) await tx.recordChange(accountId, QUOTA_TYPE, id, 'updated');
}

/** Give back usage of destroyed emails, and re-arm the warnings whose threshold usage is now under. */
export async function releaseUsage(
  context: MailContext,
  tx: WriteTransaction,
  accountId: string,
  bytes: number,
  messages: number,
): Promise<void> {
  if (bytes === 0 && messages === 0) return;
  const row = await tx.db
    .updateTable('accounts')
    .set((eb) => ({
      used_bytes: eb('used_bytes', '-', bytes),
      used_messages: eb('used_messages', '-', messages),
    }))
    .where('id', '=', accountId)
    .returning(['profile_category', 'quota_bytes', 'quota_messages', 'used_bytes', 'used_messages'])
    .executeTakeFirstOrThrow();
  await recordQuotaChange(tx, accountId);
  const level = usageLevel(quotaOf(context, row));
  await tx.db
    .deleteFrom('quota_notices')
    .where('account_id', '=', accountId)
    .where('threshold', '>', level)
    .execute();
}
