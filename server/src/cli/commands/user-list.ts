// vercors user list: accounts by address, filtered by domain, status, kind, category, establishment or
// text, one page at a time.

import { DEFAULT_ACCOUNT_PAGE } from '#domain/identity';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { categoryLabel, kindLabel, statusLabel } from '../account-labels.ts';
import { formatTable } from '../text-table.ts';
import { usageError } from '../usage-error.ts';
import { USER_MESSAGES } from './user-messages.ts';

export const userListCommand: CliCommand = {
  name: 'user list',
  summary: { fr: 'Lister les comptes (filtres, pagination)', en: 'List accounts (filters, pagination)' },
  usage:
    '[--domain DOMAIN] [--status active|suspended|disabled] [--kind KIND] [--category CATEGORY] ' +
    '[--establishment UAI] [--search TEXT] [--limit N] [--offset N]',
  options: {
    domain: { type: 'string' },
    status: { type: 'string' },
    kind: { type: 'string' },
    category: { type: 'string' },
    establishment: { type: 'string' },
    search: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const { locale } = context;
    const t = (key: Parameters<typeof USER_MESSAGES.t>[1], params?: Record<string, string | number>) =>
      USER_MESSAGES.t(locale, key, params);
    const option = (name: string) => {
      const value = context.options[name];
      return typeof value === 'string' ? value : undefined;
    };
    const whole = (name: string, fallback: number, min: number) => {
      const raw = option(name);
      if (raw === undefined) return fallback;
      return /^\d+$/.test(raw.trim()) && Number(raw) >= min ? Number(raw) : undefined;
    };
    const limit = whole('limit', DEFAULT_ACCOUNT_PAGE, 1);
    if (limit === undefined)
      return usageError(context, userListCommand, t('badNumber', { option: '--limit' }));
    const position = whole('offset', 0, 0);
    if (position === undefined)
      return usageError(context, userListCommand, t('badNumber', { option: '--offset' }));

    const { identity } = await context.services();
    const page = await identity.listAccounts({
      domain: option('domain'),
      status: option('status'),
      kind: option('kind'),
      profileCategory: option('category'),
      establishmentUai: option('establishment'),
      text: option('search'),
      position,
      limit,
    });
    context.result(page);
    if (page.accounts.length === 0) {
      context.say(page.total === 0 ? t('none') : t('beyondEnd', { position, total: page.total }));
      return EXIT.ok;
    }
    const rows = page.accounts.map((a) => [
      a.email,
      a.displayName,
      kindLabel(locale, a.kind),
      categoryLabel(locale, a.profileCategory),
      statusLabel(locale, a.status),
      a.establishmentUai ?? '—',
    ]);
    context.say(formatTable(t('listHeader').split('|'), rows));
    const to = position + page.accounts.length;
    context.say(`\n${t('listFooter', { from: position + 1, to, total: page.total })}`);
    if (to < page.total) context.say(t('listMore', { next: to }));
    return EXIT.ok;
  },
};
