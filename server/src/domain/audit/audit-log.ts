// The append-only audit log: events are written in the transaction of the change they record (so a role
// granted and its event commit together), or on their own for what changes nothing (a failed login). There is
// no update and no delete here; reads page by `seq`. Details are bounded so a hostile value cannot bloat it.

import type { Clock } from '#core/clock';
import type { Database, DatabaseSchema, WriteTransaction } from '#store';
import type { Kysely, Selectable } from 'kysely';
import type { AuditDetails, AuditEvent, AuditEventInput, AuditParty } from './audit-event.ts';

/** Longest string kept in an event's fields (a user agent, an address typed at login). */
export const MAX_AUDIT_FIELD_LENGTH = 256;
/** Keys kept in an event's details. */
export const MAX_AUDIT_DETAILS = 16;
/** Most events returned by one list call. */
export const MAX_AUDIT_PAGE = 1000;

export interface AuditQuery {
  /** Events concerning this account, as actor or subject. */
  readonly accountId?: string;
  readonly types?: readonly string[];
  /** Epoch ms bounds, inclusive. */
  readonly since?: number;
  readonly until?: number;
  /** Only events with a larger seq (the last seq of the previous page). */
  readonly after?: number;
  /** 1–MAX_AUDIT_PAGE, default 100. */
  readonly limit?: number;
  /** The most recent first (a person's last logins); `after` is then ignored. */
  readonly newestFirst?: boolean;
}

export interface AuditLog {
  /** Write one event in its own transaction. */
  record(event: AuditEventInput): Promise<void>;
  /** Events in writing order, oldest first. */
  list(query: AuditQuery): Promise<readonly AuditEvent[]>;
  /** Every event matching `query` (its limit ignored), oldest first, read page by page. */
  all(query: AuditQuery): AsyncIterable<AuditEvent>;
}

export function createAuditLog({ database, clock }: { database: Database; clock: Clock }): AuditLog {
  const list = (query: AuditQuery) => listAuditEvents(database.db, query);
  return {
    async record(event) {
      await database.write((tx) => recordAuditEvent(tx, clock, event));
    },
    list,
    async *all(query) {
      let after = query.after;
      for (;;) {
        const page = await list({ ...query, after, limit: MAX_AUDIT_PAGE });
        yield* page;
        if (page.length < MAX_AUDIT_PAGE) return;
        after = page.at(-1)?.seq;
      }
    },
  };
}

/** Write `event` inside `tx`: it commits, or rolls back, with the change it records. */
export async function recordAuditEvent(
  tx: WriteTransaction,
  clock: Clock,
  event: AuditEventInput,
): Promise<void> {
  await tx.db
    .insertInto('audit_events')
    .values({
      at: clock.nowMs(),
      type: event.type,
      actor_account_id: event.actor?.accountId ?? null,
      actor_email: bounded(event.actor?.email),
      subject_account_id: event.subject?.accountId ?? null,
      subject_email: bounded(event.subject?.email),
      remote_address: bounded(event.remoteAddress),
      details: JSON.stringify(boundedDetails(event.details ?? {})),
    })
    .execute();
}

export async function listAuditEvents(
  db: Kysely<DatabaseSchema>,
  query: AuditQuery,
): Promise<readonly AuditEvent[]> {
  // NaN (a limit parsed from bad text) would reach the database as LIMIT NaN, which it refuses: use the default.
  const requested = query.limit === undefined || Number.isNaN(query.limit) ? 100 : Math.trunc(query.limit);
  const limit = Math.min(Math.max(requested, 1), MAX_AUDIT_PAGE);
  let select = db.selectFrom('audit_events').selectAll();
  const { accountId, types, since, until, after } = query;
  if (accountId !== undefined) {
    select = select.where((eb) =>
      eb.or([eb('subject_account_id', '=', accountId), eb('actor_account_id', '=', accountId)]),
    );
  }
  if (types !== undefined && types.length > 0) select = select.where('type', 'in', [...types]);
  if (since !== undefined) select = select.where('at', '>=', since);
  if (until !== undefined) select = select.where('at', '<=', until);
  if (query.newestFirst === true) {
    const newest = await select.orderBy('seq', 'desc').limit(limit).execute();
    return newest.map(toAuditEvent);
  }
  if (after !== undefined) select = select.where('seq', '>', after);
  const rows = await select.orderBy('seq').limit(limit).execute();
  return rows.map(toAuditEvent);
}

function toAuditEvent(row: Selectable<DatabaseSchema['audit_events']>): AuditEvent {
  const party = (accountId: string | null, email: string | null): AuditParty | null =>
    accountId === null ? null : { accountId, email: email ?? '' };
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    type: row.type,
    actor: party(row.actor_account_id, row.actor_email),
    subject: party(row.subject_account_id, row.subject_email),
    remoteAddress: row.remote_address,
    details: JSON.parse(row.details) as AuditDetails,
  };
}

function bounded(value: string | undefined): string | null {
  return value === undefined ? null : value.slice(0, MAX_AUDIT_FIELD_LENGTH);
}

function boundedDetails(details: AuditDetails): AuditDetails {
  const kept: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(details).slice(0, MAX_AUDIT_DETAILS)) {
    kept[key.slice(0, 64)] = typeof value === 'string' ? value.slice(0, MAX_AUDIT_FIELD_LENGTH) : value;
  }
  return kept;
}
