// vercors user set <address> [changes…]: change an existing account — names, category, establishment,
// language, time zone, quotas (or back to the category's default) — then print what changed and the
// account as `user show` prints it. An alias finds the account too.

import type { Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { AccountChanges, AccountDetails } from '#domain/identity';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { categoryLabel, languageLabel } from '../account-labels.ts';
import { formatBytes, formatNumber } from '../display-format.ts';
import { usageError } from '../usage-error.ts';
import { parseMessageCount, parseQuotaSize } from './quota-options.ts';
import { describeAccount } from './user-show.ts';
import { USER_MESSAGES } from './user-messages.ts';
import { USER_SET_MESSAGES } from './user-set-messages.ts';

/** Every option that changes something; `--json` alone changes nothing. */
const CHANGE_OPTIONS = [
  'name',
  'given-name',
  'family-name',
  'category',
  'establishment',
  'no-establishment',
  'locale',
  'time-zone',
  'quota',
  'quota-messages',
] as const;

/** Puts a quota back to its category's default (the override is removed, so a later default change applies). */
const DEFAULT_WORD = 'default';

export const userSetCommand: CliCommand = {
  name: 'user set',
  summary: {
    fr: 'Modifier un compte : noms, catégorie, établissement, langue, quotas',
    en: 'Change an account: names, category, establishment, language, quotas',
  },
  usage:
    '<address> [--name TEXT] [--given-name TEXT] [--family-name TEXT] [--category CATEGORY] ' +
    '[--establishment UAI | --no-establishment] [--locale fr|en] [--time-zone ZONE] ' +
    '[--quota SIZE|default] [--quota-messages N|default]',
  options: {
    name: { type: 'string' },
    'given-name': { type: 'string' },
    'family-name': { type: 'string' },
    category: { type: 'string' },
    establishment: { type: 'string' },
    'no-establishment': { type: 'boolean' },
    locale: { type: 'string' },
    'time-zone': { type: 'string' },
    quota: { type: 'string' },
    'quota-messages': { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const read = readChanges(context);
    if ('problem' in read) return usageError(context, userSetCommand, read.problem);

    // Find the account, by its address or an alias
    const address = context.positionals[0] ?? '';
    const { identity, directory } = await context.services();
    const before = await identity.findAccount(address);
    if (!before) throw accountNotFound(address);

    // Change it, then read it back whole
    await identity.updateAccount(before.email, read.changes);
    const after = await identity.findAccount(before.email);
    // Only a concurrent `user delete` gets here; say so the way every other command does.
    if (!after) throw accountNotFound(before.email);
    const establishment = after.establishmentUai
      ? await directory.getEstablishment(after.establishmentUai)
      : undefined;

    context.say(
      `${describeChanges(context.locale, before, after)}\n\n${describeAccount(context.locale, after, establishment)}`,
    );
    context.result({ ...after, establishment: establishment ?? null });
    return EXIT.ok;
  },
};

/** The changes the options ask for, or the usage problem; values are checked by the domain, not here. */
function readChanges(context: CliContext): { changes: AccountChanges } | { problem: string } {
  const t = (key: Parameters<typeof USER_SET_MESSAGES.t>[1], params?: Record<string, string | number>) =>
    USER_SET_MESSAGES.t(context.locale, key, params);
  const option = (name: string) => {
    const value = context.options[name];
    return typeof value === 'string' ? value : undefined;
  };
  const isDefault = (text: string) => text.trim().toLowerCase() === DEFAULT_WORD;

  if (!CHANGE_OPTIONS.some((name) => context.options[name] !== undefined)) {
    return {
      problem: t('nothingToChange', { options: CHANGE_OPTIONS.map((name) => `--${name}`).join(', ') }),
    };
  }
  const changes: { -readonly [K in keyof AccountChanges]: AccountChanges[K] } = {};
  const copy = (
    name: string,
    field: 'displayName' | 'givenName' | 'familyName' | 'profileCategory' | 'locale' | 'timeZone',
  ) => {
    const value = option(name);
    if (value !== undefined) changes[field] = value;
  };
  copy('name', 'displayName');
  copy('given-name', 'givenName');
  copy('family-name', 'familyName');
  copy('category', 'profileCategory');
  copy('locale', 'locale');
  copy('time-zone', 'timeZone');

  // Establishment: a UAI, or detached with the explicit flag. An empty UAI is refused rather than taken as
  // "detach" (the domain's reading), since `--establishment "$UAI"` with an unset variable must not clear it.
  const uai = option('establishment');
  const isDetaching = context.options['no-establishment'] === true;
  if (uai !== undefined && isDetaching) return { problem: t('establishmentConflict') };
  if (uai !== undefined && uai.trim() === '') return { problem: t('establishmentEmpty') };
  if (uai !== undefined) changes.establishmentUai = uai;
  if (isDetaching) changes.establishmentUai = null;

  // Quotas: a value, or null for "the category's default"
  const quota = option('quota');
  if (quota !== undefined) {
    const parsed = isDefault(quota) ? { value: null } : parseQuotaSize(quota, context.locale);
    if ('problem' in parsed) return { problem: t('badQuota', { problem: parsed.problem }) };
    changes.quotaBytes = parsed.value;
  }
  const quotaMessages = option('quota-messages');
  if (quotaMessages !== undefined) {
    const count = isDefault(quotaMessages) ? null : parseMessageCount(quotaMessages);
    if (count === undefined) return { problem: t('badQuotaMessages') };
    changes.quotaMessages = count;
  }
  return { changes };
}

/** One line per field whose value differs between the two readings of the account. */
export function describeChanges(locale: Locale, before: AccountDetails, after: AccountDetails): string {
  const t = (key: Parameters<typeof USER_SET_MESSAGES.t>[1], params?: Record<string, string | number>) =>
    USER_SET_MESSAGES.t(locale, key, params);
  const u = (key: Parameters<typeof USER_MESSAGES.t>[1]) => USER_MESSAGES.t(locale, key);
  const orDash = (text: string) => (text === '' ? '—' : text);
  const origin = (override: number | null) => (override === null ? u('quotaDefault') : '');

  // [label, how the value reads, what is compared]: quotas compare exact numbers and their origin, since two
  // sizes can read alike once rounded ("5 GiB") and a default can equal an override.
  const fields: [string, (a: AccountDetails) => string, (a: AccountDetails) => string][] = [
    [t('displayName'), (a) => a.displayName, (a) => a.displayName],
    [t('givenName'), (a) => orDash(a.givenName), (a) => a.givenName],
    [t('familyName'), (a) => orDash(a.familyName), (a) => a.familyName],
    [u('category'), (a) => categoryLabel(locale, a.profileCategory), (a) => a.profileCategory],
    [u('establishment'), (a) => a.establishmentUai ?? '—', (a) => a.establishmentUai ?? ''],
    [u('language'), (a) => languageLabel(locale, a.locale), (a) => a.locale],
    [t('timeZone'), (a) => a.timeZone, (a) => a.timeZone],
    [
      t('quotaBytes'),
      (a) => `${formatBytes(locale, a.quota.bytes)}${origin(a.quotaOverride.bytes)}`,
      (a) => `${a.quota.bytes}/${a.quotaOverride.bytes}`,
    ],
    [
      t('quotaMessages'),
      (a) =>
        `${t('messageCount', { count: formatNumber(locale, a.quota.messages) })}${origin(a.quotaOverride.messages)}`,
      (a) => `${a.quota.messages}/${a.quotaOverride.messages}`,
    ],
  ];
  const lines = fields
    .filter(([, , key]) => key(before) !== key(after))
    .map(([field, show]) => `  ${t('changed', { field, before: show(before), after: show(after) })}`);
  return lines.length === 0
    ? t('unchanged', { email: after.email })
    : [t('updated', { email: after.email }), ...lines].join('\n');
}

function accountNotFound(address: string): DomainError {
  return new DomainError('notFound', `no account ${address}`, {
    details: { subject: 'account', name: address },
  });
}
