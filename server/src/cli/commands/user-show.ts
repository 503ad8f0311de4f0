// vercors user show <address>: one account in full — names, kind, category, establishment, status and
// its reason, language, quota and its origin, password state, last activity, aliases and roles. An alias finds
// it too.

import type { Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { AccountDetails } from '#domain/identity';
import type { Establishment } from '#domain/directory';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { categoryLabel, kindLabel, languageLabel, statusLabel } from '../account-labels.ts';
import { formatBytes, formatDate, formatNumber } from '../display-format.ts';
import { USER_MESSAGES, type UserMessageKey } from './user-messages.ts';

export const userShowCommand: CliCommand = {
  name: 'user show',
  summary: { fr: 'Afficher un compte en détail', en: 'Show one account in detail' },
  usage: '<address>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const address = context.positionals[0] ?? '';
    const { identity, directory } = await context.services();
    const account = await identity.findAccount(address);
    if (!account) {
      throw new DomainError('notFound', `no account ${address}`, {
        details: { subject: 'account', name: address },
      });
    }
    const establishment = account.establishmentUai
      ? await directory.getEstablishment(account.establishmentUai)
      : undefined;
    context.say(describeAccount(context.locale, account, establishment));
    context.result({ ...account, establishment: establishment ?? null });
    return EXIT.ok;
  },
};

export function describeAccount(
  locale: Locale,
  account: AccountDetails,
  establishment: Establishment | undefined,
): string {
  const t = (key: UserMessageKey, params?: Record<string, string | number>) =>
    USER_MESSAGES.t(locale, key, params);
  const date = (value: Date) => formatDate(locale, value, account.timeZone);
  const names = [account.givenName, account.familyName].filter((n) => n !== '').join(' / ');

  const status = statusLabel(locale, account.status);
  const statusText =
    account.statusChangedAt === null
      ? status
      : account.statusReason === null
        ? t('statusSince', { status, date: date(account.statusChangedAt) })
        : t('statusReason', { status, date: date(account.statusChangedAt), reason: account.statusReason });

  const isDefault = (value: number | null) => (value === null ? t('quotaDefault') : '');
  const roles = account.roles.map((r) => (r.scope === null ? r.role : `${r.role} (${r.scope})`));

  const rows: [UserMessageKey, string][] = [
    ['name', names === '' ? account.displayName : `${account.displayName} (${names})`],
    ['kind', kindLabel(locale, account.kind)],
    ['category', categoryLabel(locale, account.profileCategory)],
    [
      'establishment',
      account.establishmentUai === null
        ? '—'
        : establishment
          ? `${establishment.uai} — ${establishment.name} (${establishment.commune})`
          : account.establishmentUai,
    ],
    ['status', statusText],
    [
      'language',
      t('languageValue', { locale: languageLabel(locale, account.locale), timeZone: account.timeZone }),
    ],
    [
      'quota',
      t('quotaValue', {
        bytes: formatBytes(locale, account.quota.bytes),
        bytesOrigin: isDefault(account.quotaOverride.bytes),
        messages: formatNumber(locale, account.quota.messages),
        messagesOrigin: isDefault(account.quotaOverride.messages),
      }),
    ],
    [
      'used',
      t('usedValue', {
        bytes: formatBytes(locale, account.used.bytes),
        messages: formatNumber(locale, account.used.messages),
      }),
    ],
    [
      'password',
      account.passwordChangedAt === null || !account.hasPassword
        ? t('passwordNone')
        : t('passwordChanged', { date: date(account.passwordChangedAt) }),
    ],
    // To the hour (logins write it at most once an hour); the inactivity job suspends from it.
    ['lastActivity', account.lastActivityAt === null ? '—' : date(account.lastActivityAt)],
    ['aliases', account.aliases.length === 0 ? t('nothing') : account.aliases.join(', ')],
    ['roles', roles.length === 0 ? t('nothing') : roles.join(', ')],
    ['id', account.id],
    ['createdOn', date(account.createdAt)],
  ];
  const labels = rows.map(([key]) => t(key));
  const width = Math.max(...labels.map((label) => label.length));
  return [
    account.email,
    ...rows.map(([, value], index) => `  ${(labels[index] ?? '').padEnd(width)}  ${value}`),
  ].join('\n');
}
