// The filters `vercors audit list` and `vercors audit export` share: --account, --type (repeatable),
// --since, --until and --after, read into an AuditQuery. Dates are Paris time unless they carry an offset;
// a date alone covers its whole day, so `--since 2026-11-01 --until 2026-11-01` is that day.

import { AUDIT_EVENT_TYPES, isAuditEventType, type AuditQuery } from '#domain/audit';
import type { IdentityService } from '#domain/identity';
import { defineMessages } from '#core/i18n';
import type { CliContext, OptionSpec } from '../cli-command.ts';
import { ACADEMIE_TIME_ZONE, parseDateTime } from '../local-time.ts';
import { requireAccount } from '../require-account.ts';

export const AUDIT_FILTER_OPTIONS = {
  account: { type: 'string' },
  type: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  after: { type: 'string' },
} as const satisfies Record<string, OptionSpec>;

export const AUDIT_FILTER_USAGE =
  '[--account EMAIL|ID] [--type TYPE]... [--since DATE] [--until DATE] [--after SEQ]';

const MESSAGES = defineMessages({
  fr: {
    unknownType: '--type : type d’événement inconnu « {type} ». Types possibles : {types}',
    badDate:
      '{option} : « {value} » n’est pas une date (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM, heure de Paris sauf décalage explicite comme Z ou +01:00)',
    sinceAfterUntil: '--since ({since}) est postérieur à --until ({until})',
    badSeq: '--after attend le numéro (seq) d’un événement, un entier positif',
  },
  en: {
    unknownType: '--type: unknown event type "{type}". Valid types: {types}',
    badDate:
      '{option}: "{value}" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Paris time unless an offset such as Z or +01:00 is given)',
    sinceAfterUntil: '--since ({since}) is later than --until ({until})',
    badSeq: '--after takes the number (seq) of an event, a positive whole number',
  },
});

/** What the options ask for, before the account's address is looked up. */
export interface AuditFilters {
  readonly query: Omit<AuditQuery, 'accountId' | 'limit'>;
  /** An address (or alias), or the id of an account, possibly deleted since. */
  readonly account: string | undefined;
}

/** The filters, or the problem with them (a usage error: nothing was looked up yet). */
export function readAuditFilters(context: CliContext): AuditFilters | { readonly problem: string } {
  const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
    MESSAGES.t(context.locale, key, params);
  const option = (name: string) => {
    const value = context.options[name];
    return typeof value === 'string' ? value : undefined;
  };

  // --type, repeated or comma-separated
  const typed = context.options.type;
  const types = (Array.isArray(typed) ? typed : [])
    .flatMap((value) => String(value).split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const unknown = types.find((type) => !isAuditEventType(type));
  if (unknown !== undefined)
    return { problem: t('unknownType', { type: unknown, types: AUDIT_EVENT_TYPES.join(', ') }) };

  // --since and --until
  const bound = (name: 'since' | 'until'): { value: number | undefined } | { problem: string } => {
    const value = option(name);
    if (value === undefined) return { value: undefined };
    const range = parseDateTime(value, ACADEMIE_TIME_ZONE);
    if (range === undefined) return { problem: t('badDate', { option: `--${name}`, value }) };
    return { value: name === 'since' ? range.start : range.end };
  };
  const since = bound('since');
  if ('problem' in since) return since;
  const until = bound('until');
  if ('problem' in until) return until;
  if (since.value !== undefined && until.value !== undefined && since.value > until.value) {
    return { problem: t('sinceAfterUntil', { since: option('since') ?? '', until: option('until') ?? '' }) };
  }

  // --after
  const afterText = option('after');
  if (afterText !== undefined && !/^\d{1,15}$/.test(afterText.trim())) return { problem: t('badSeq') };

  return {
    query: {
      ...(types.length > 0 && { types: [...new Set(types)] }),
      ...(since.value !== undefined && { since: since.value }),
      ...(until.value !== undefined && { until: until.value }),
      ...(afterText !== undefined && { after: Number(afterText) }),
    },
    account: option('account'),
  };
}

/**
 * The account id to filter on: an address is looked up (notFound when there is no such account); anything
 * else is taken as an id, so the events of a deleted account stay reachable by the id its events carry.
 */
export async function auditAccountId(
  identity: Pick<IdentityService, 'findAccount'>,
  account: string,
): Promise<string> {
  const text = account.trim();
  return text.includes('@') ? (await requireAccount(identity, text)).id : text;
}
