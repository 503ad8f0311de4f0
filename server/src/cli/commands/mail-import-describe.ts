// `vercors mail import` for people: the progress line on stderr and the closing summary, in their language.

import type { Locale } from '@vercors/contract';
import type { AccountDetails } from '#domain/identity';
import { formatBytes, formatNumber } from '../display-format.ts';
import type { ImportProgressState } from '../mail-import/import-run.ts';
import type { ImportSummary, Rejection } from '../mail-import/import-summary.ts';
import { MAIL_IMPORT_MESSAGES, type MailImportMessageKey } from './mail-import-messages.ts';

/** What the quota advice needs to know about the account. */
export interface QuotaAdvice {
  /** The setting that holds its category's default for the limit that was hit (quota.secondary-teacher.bytes). */
  readonly setting: string;
  /** The account has its own limit, so the category default does not apply. */
  readonly hasOverride: boolean;
}

/** Which setting holds the account's limit that was hit: its category's default, unless it has its own. */
export function quotaAdvice(
  account: Pick<AccountDetails, 'profileCategory' | 'quotaOverride'>,
  limit: 'bytes' | 'messages',
): QuotaAdvice {
  const category = account.profileCategory.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return { setting: `quota.${category}.${limit}`, hasOverride: account.quotaOverride[limit] !== null };
}

export function progressLine(locale: Locale, state: ImportProgressState, elapsedMs: number): string {
  const t = messages(locale);
  const n = (value: number) => formatNumber(locale, value);
  const rate = n(state.read / Math.max(elapsedMs / 1000, 0.001));
  const { position, total, folder } = state;
  if (total.unit === 'messages') {
    return t('progressMessages', { folder, position: n(position), total: n(total.value), rate });
  }
  const percent = total.value === 0 ? 100 : Math.floor((position / total.value) * 100);
  return t('progressBytes', {
    folder,
    position: formatBytes(locale, position),
    total: formatBytes(locale, total.value),
    percent,
    rate,
  });
}

export function describeImport(locale: Locale, summary: ImportSummary, advice: QuotaAdvice): string {
  const t = messages(locale);
  const n = (value: number) => formatNumber(locale, value);
  const { totals, isDryRun } = summary;
  const lines = [
    t(isDryRun ? 'dryHeader' : 'doneHeader', {
      account: summary.account,
      duration: duration(locale, summary.elapsedMs),
      imported: n(totals.imported),
      present: n(totals.alreadyPresent),
      deleted: n(totals.deleted),
      rejected: n(totals.rejected),
    }),
  ];
  for (const folder of summary.folders) {
    if (folder.error !== null) {
      lines.push(t('folderError', { source: folder.source, reason: folder.error }));
      continue;
    }
    lines.push(
      t(isDryRun ? 'folderLineDry' : 'folderLine', {
        source: folder.source,
        target: folder.target ?? '',
        isNew: folder.isNew ? t('isNew') : '',
        messages: n(folder.messages),
        imported: n(folder.imported),
        present: n(folder.alreadyPresent),
        deleted: n(folder.deleted),
        rejected: n(folder.rejected),
      }),
    );
  }
  if (summary.createdMailboxes.length > 0) {
    lines.push(t(isDryRun ? 'toCreate' : 'created', { list: summary.createdMailboxes.join(', ') }));
  }
  if (summary.rejections.length > 0) {
    const shown = summary.rejections.length;
    lines.push(
      shown === totals.rejected
        ? t('rejectedHeader')
        : t('rejectedHeaderFirst', { shown, total: n(totals.rejected) }),
    );
    for (const rejection of summary.rejections) {
      lines.push(
        t('rejectedLine', {
          folder: rejection.folder,
          message: rejection.message,
          reason: rejectionReason(locale, rejection),
        }),
      );
    }
  }
  if (summary.ignoredFiles.length > 0) lines.push(t('ignored', { list: summary.ignoredFiles.join(', ') }));
  if (isDryRun) lines.push(quotaForecast(locale, summary));
  if (summary.stopped !== null) lines.push(...quotaStop(locale, summary, advice));
  return lines.join('\n');
}

function rejectionReason(locale: Locale, rejection: Rejection): string {
  const t = messages(locale);
  switch (rejection.reason) {
    case 'tooBig':
      return t('reasonTooBig', {
        max: formatBytes(locale, Number(rejection.detail)),
        size: formatBytes(locale, rejection.size),
      });
    case 'unreadable':
      return t('reasonUnreadable', { detail: rejection.detail ?? '' });
    default:
      return t('reasonRefused', {
        code: rejection.detail === null ? rejection.reason : `${rejection.reason}: ${rejection.detail}`,
      });
  }
}

/** A dry run says whether the messages it would import fit in what the quota leaves. */
function quotaForecast(locale: Locale, summary: ImportSummary): string {
  const { limit, used } = summary.quota;
  const { importedBytes, imported } = summary.totals;
  const freeBytes = Math.max(0, limit.bytes - used.bytes);
  const freeMessages = Math.max(0, limit.messages - used.messages);
  return messages(locale)(
    importedBytes <= freeBytes && imported <= freeMessages ? 'quotaFits' : 'quotaShort',
    {
      bytes: formatBytes(locale, importedBytes),
      messages: formatNumber(locale, imported),
      freeBytes: formatBytes(locale, freeBytes),
      freeMessages: formatNumber(locale, freeMessages),
    },
  );
}

function quotaStop(locale: Locale, summary: ImportSummary, advice: QuotaAdvice): string[] {
  const t = messages(locale);
  const stop = summary.stopped;
  if (stop === null) return [];
  const limit =
    stop.limit === 'bytes'
      ? t('quotaBytes', { used: formatBytes(locale, stop.used), max: formatBytes(locale, stop.max) })
      : t('quotaMessages', { used: formatNumber(locale, stop.used), max: formatNumber(locale, stop.max) });
  return [
    t('quotaStopped', {
      account: summary.account,
      limit,
      folder: stop.folder,
      imported: formatNumber(locale, summary.totals.imported),
    }),
    advice.hasOverride ? t('quotaHintOverride') : t('quotaHintCategory', { setting: advice.setting }),
  ];
}

function duration(locale: Locale, ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return messages(locale)('seconds', { seconds });
  return messages(locale)('minutes', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
}

function messages(locale: Locale) {
  return (key: MailImportMessageKey, params?: Record<string, string | number>) =>
    MAIL_IMPORT_MESSAGES.t(locale, key, params);
}
