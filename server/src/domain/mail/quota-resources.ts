// The account's quotas as JMAP shows them (RFC 9425): one for bytes ('octets'), one for messages ('count'),
// named in the account's language, warned at the first notice threshold. Usage moves in the transactions that
// store or destroy emails, which record a 'Quota' change (quota-usage.ts); limits move with the account's
// overrides, its category or the configured defaults, and names with its language, none of which the log sees.
// So the state is `<modseq>-<fingerprint>`: the modseq of the last usage change, and a hash of everything else.
// Both quotas are reported as changed whenever either part moved: always exact, never too big to calculate.

import { createHash } from 'node:crypto';
import type { Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { quotaOf } from './account-lock.ts';
import { mailState } from './mail-changes.ts';
import type { MailContext } from './mail-context.ts';
import { notFound } from './mail-errors.ts';
import { QUOTA_THRESHOLDS } from './mail-limits.ts';
import { MAIL_MESSAGES } from './mail-messages.ts';

/** The quotas, by JMAP id (also their resourceType); stable across releases. */
export const QUOTA_RESOURCE_TYPES = ['octets', 'count'] as const;
export type QuotaResourceType = (typeof QUOTA_RESOURCE_TYPES)[number];

/** The JMAP type of quotas in the change log. */
export const QUOTA_TYPE = 'Quota';

export interface QuotaResource {
  readonly resourceType: QuotaResourceType;
  readonly used: number;
  readonly hardLimit: number;
  /** Where the first quota warning goes out (QUOTA_THRESHOLDS[0] percent of the limit, rounded down). */
  readonly warnLimit: number;
  /** In the account's language. */
  readonly name: string;
}

export interface QuotaResources {
  readonly state: string;
  readonly resources: readonly QuotaResource[];
}

export interface QuotaChanges {
  readonly newState: string;
  /** Every quota when anything moved since the state, else none; quotas are never created nor destroyed. */
  readonly updated: readonly QuotaResourceType[];
}

const STATE = /^(0|[1-9][0-9]{0,15})-([A-Za-z0-9_-]{8})$/;

/** The quotas and their state; the state is read first, so it is never newer than what it describes. */
export async function quotaResources(context: MailContext, accountId: string): Promise<QuotaResources> {
  const modseq = await mailState(context, accountId, QUOTA_TYPE);
  const row = await context.database.db
    .selectFrom('accounts')
    .select(['locale', 'profile_category', 'quota_bytes', 'quota_messages', 'used_bytes', 'used_messages'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('account', accountId);
  const quota = quotaOf(context, row);
  const locale = row.locale as Locale;
  const [warnPercent] = QUOTA_THRESHOLDS;
  const resource = (resourceType: QuotaResourceType, used: number, hardLimit: number): QuotaResource => ({
    resourceType,
    used,
    hardLimit,
    warnLimit: Math.floor((hardLimit * warnPercent) / 100),
    name: MAIL_MESSAGES.t(locale, `quota.name.${resourceType}`),
  });
  const resources = [
    resource('octets', quota.used.bytes, quota.limit.bytes),
    resource('count', quota.used.messages, quota.limit.messages),
  ];
  return { state: `${modseq}-${fingerprint(resources)}`, resources };
}

/** Quota/changes: exact from any state this server gave; cannotCalculateChanges for any other string. */
export async function quotaChanges(
  context: MailContext,
  accountId: string,
  sinceState: string,
): Promise<QuotaChanges> {
  const since = STATE.exec(sinceState);
  const current = await quotaResources(context, accountId);
  const now = STATE.exec(current.state);
  // A modseq above the account's is from another server or a restored database: start again.
  if (since === null || now === null || Number(since[1]) > Number(now[1])) throw unknownState(sinceState);
  const isSame = since[1] === now[1] && since[2] === now[2];
  return { newState: current.state, updated: isSame ? [] : QUOTA_RESOURCE_TYPES };
}

/** What is not usage: limits and names. Eight base64url characters (48 bits) of SHA-256. */
function fingerprint(resources: readonly QuotaResource[]): string {
  const described = resources.map(({ resourceType, hardLimit, warnLimit, name }) => [
    resourceType,
    hardLimit,
    warnLimit,
    name,
  ]);
  return createHash('sha256').update(JSON.stringify(described)).digest('base64url').slice(0, 8);
}

function unknownState(state: string): DomainError {
  return new DomainError(
    'cannotCalculateChanges',
    `${state.slice(0, 64)} is not a Quota state of this account`,
    {
      details: { subject: 'state', name: state.slice(0, 64), type: QUOTA_TYPE },
    },
  );
}
