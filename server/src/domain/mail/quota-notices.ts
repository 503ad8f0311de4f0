// Quota warnings at 80, 90 and 100 %: a short message in the owner's language, delivered to their inbox once
// per threshold crossing (a quota_notices row per threshold; the row goes when usage drops back under it).
// Runs after the delivery that crossed the line, in its own transaction: a crash in between only delays the
// warning to the next delivery, which finds the threshold crossed and no row.

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { parseMessage } from '#formats/mime';
import { ACCOUNT_COLUMNS, quotaOf } from './account-lock.ts';
import type { Quota } from './email.ts';
import type { MailContext } from './mail-context.ts';
import { QUOTA_THRESHOLDS } from './mail-limits.ts';
import { MAIL_MESSAGES } from './mail-messages.ts';
import { derivedParts, ImportSession } from './import-session.ts';
import { usageLevel } from './quota-usage.ts';
import type { Locale } from '@vercors/contract';

/** The local part notices come from: RFC 5321 requires every domain to have it, so replies reach a person. */
const NOTICE_SENDER_LOCAL_PART = 'postmaster';

interface NoticeState {
  readonly due: number[];
  readonly stale: number[];
}

function noticeState(quota: Quota, sent: readonly number[]): NoticeState {
  const level = usageLevel(quota);
  return {
    due: QUOTA_THRESHOLDS.filter((threshold) => threshold <= level && !sent.includes(threshold)),
    stale: sent.filter((threshold) => threshold > level),
  };
}

/** Send the warnings the account is owed (and re-arm those it no longer is). Safe to call at any time. */
export async function sendQuotaNotices(context: MailContext, accountId: string): Promise<void> {
  const { database } = context;
  const account = await database.db
    .selectFrom('accounts')
    .select(ACCOUNT_COLUMNS)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account === undefined) return;
  const sentRows = await database.db
    .selectFrom('quota_notices')
    .select('threshold')
    .where('account_id', '=', accountId)
    .execute();
  const quota = quotaOf(context, account);
  const before = noticeState(
    quota,
    sentRows.map((row) => Number(row.threshold)),
  );
  if (before.due.length === 0 && before.stale.length === 0) return;

  // Build and store the notice before the transaction, like any other message
  const highest = Math.max(...before.due, 0);
  const prepared =
    highest === 0
      ? undefined
      : await prepareNotice(context, account.email, account.locale as Locale, quota, highest);

  await database.write(async (tx) => {
    const session = new ImportSession(context, tx);
    const notice =
      prepared === undefined ? undefined : { ...prepared, accountId, receivedAt: context.clock.nowMs() };
    await session.lock(notice === undefined ? [] : [notice], [accountId]);
    const locked = session.account(accountId);
    if (locked === undefined) return;
    // Fresh figures under the lock: another delivery may have sent the notice meanwhile
    const sent = await tx.db
      .selectFrom('quota_notices')
      .select('threshold')
      .where('account_id', '=', accountId)
      .execute();
    const state = noticeState(
      locked.quota,
      sent.map((row) => Number(row.threshold)),
    );
    if (state.stale.length > 0) {
      await tx.db
        .deleteFrom('quota_notices')
        .where('account_id', '=', accountId)
        .where('threshold', 'in', state.stale)
        .execute();
    }
    if (state.due.length === 0 || notice === undefined) return;
    const now = context.clock.nowMs();
    await tx.db
      .insertInto('quota_notices')
      .values(state.due.map((threshold) => ({ account_id: accountId, threshold, notified_at: now })))
      .execute();
    try {
      await session.stage(notice);
    } catch (error) {
      // Without an inbox the crossing is still recorded, so the owner is not warned again at every delivery.
      context.log.warn({ err: error, accountId }, 'quota notice not delivered');
      return;
    }
    await session.finish();
  });
  if (prepared !== undefined) {
    context.log.info({ event: 'quota.notice', accountId, threshold: highest }, 'quota notice delivered');
  }
}

async function prepareNotice(
  context: MailContext,
  address: string,
  locale: Locale,
  quota: Quota,
  threshold: number,
) {
  const raw = await composeNotice(address, locale, quota, threshold, context.clock.now());
  const parsed = await parseMessage(raw);
  const blob = await context.blobs.put(raw, { isReferencedNext: true });
  return {
    parsed,
    ...derivedParts(raw, parsed),
    blob,
    keywords: [] as string[],
    mailboxRole: 'inbox' as const,
    bypassQuota: true,
  };
}

/** The notice as an RFC 5322 message; Auto-Submitted keeps vacation responders from answering it (RFC 3834). */
export async function composeNotice(
  address: string,
  locale: Locale,
  quota: Quota,
  threshold: number,
  date: Date,
): Promise<Uint8Array> {
  const isFull = threshold >= 100;
  const parameters = {
    address,
    percent: threshold,
    usedBytes: formatBytes(quota.used.bytes, locale),
    limitBytes: formatBytes(quota.limit.bytes, locale),
    usedMessages: quota.used.messages.toLocaleString(locale),
    limitMessages: quota.limit.messages.toLocaleString(locale),
  };
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const composer = new MailComposer({
    from: { name: MAIL_MESSAGES.t(locale, 'quota.from'), address: `${NOTICE_SENDER_LOCAL_PART}@${domain}` },
    to: address,
    subject: MAIL_MESSAGES.t(locale, isFull ? 'quota.subjectFull' : 'quota.subject', parameters),
    text: MAIL_MESSAGES.t(locale, isFull ? 'quota.bodyFull' : 'quota.body', parameters),
    date,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return await composer.compile().build();
}

/** "4,2 Go" / "4.2 GB": the units people read in their language. */
function formatBytes(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}
