// Taking due recipients with a lease, in one write transaction: the incoming → active and deferred → active
// moves of Postfix's qmgr, and the recovery of recipients whose runner died (an active row is due again when
// its lease ran out). SQLite has one writer across processes, so select-then-update cannot race; PostgreSQL
// reads with FOR UPDATE SKIP LOCKED so concurrent runners take disjoint rows, and the UPDATE re-checks anyway.

import type { Database } from '#store';
import { CLAIMABLE_STATES, type MessageSource } from './queue-model.ts';

/** Due rows read per scan, as a multiple of the free window: room to skip destinations at their limit. */
const SCAN_FACTOR = 4;
/**
 * Scans per claim. A later scan leaves out the destinations found at their limit, so a backlog for one busy
 * domain cannot hide the mail due for the others (Postfix keeps per-destination queues for the same reason).
 */
const MAX_SCAN_PASSES = 3;
/** Ids per `IN (…)` list, far below both backends' bound-parameter limits. */
const ID_CHUNK = 500;

export interface ClaimedMessage {
  readonly id: string;
  /** Null only once completed, which a claimed message never is. */
  readonly blobId: string | null;
  readonly sender: string;
  readonly source: MessageSource;
  readonly accountId: string | null;
  readonly envid: string | null;
  readonly ret: 'FULL' | 'HDRS' | null;
  readonly is8bit: boolean;
  readonly needsSmtputf8: boolean;
  readonly createdAt: number;
}

export interface ClaimedRecipient {
  readonly id: string;
  readonly address: string;
  readonly notify: string | null;
  readonly orcpt: string | null;
  /** Attempts including the one just claimed. */
  readonly attempts: number;
  readonly delayWarnedAt: number | null;
}

/** The recipients of one message in one destination domain: one delivery attempt, one SMTP session. */
export interface ClaimedGroup {
  readonly message: ClaimedMessage;
  readonly domain: string;
  readonly isLocal: boolean;
  readonly recipients: readonly ClaimedRecipient[];
}

export interface ClaimOptions {
  /** This runner's lease owner name. */
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
  /** Free room in the active window, in recipients. */
  readonly maxRecipients: number;
  /** Groups (sessions) at once per remote destination domain, across every runner. */
  readonly domainConcurrency: number;
  readonly isLocalDomain: (domain: string) => Promise<boolean>;
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += ID_CHUNK)
    result.push(items.slice(start, start + ID_CHUNK));
  return result;
}

type Reader = Parameters<Parameters<Database['write']>[0]>[0]['db'];

interface DueRow {
  readonly id: string;
  readonly message_id: string;
  readonly domain: string;
  readonly next_attempt_at: number;
}

/** What one claim has learnt so far, across its scans. */
interface ClaimState {
  readonly messages: Map<string, ClaimedMessage & { priority: number }>;
  readonly isLocal: Map<string, boolean>;
  /** Open sessions per remote domain, counting the ones this claim opens. */
  readonly sessions: Map<string, number>;
  readonly saturated: Set<string>;
  readonly opened: Set<string>;
  chosen: number;
}

async function scanDue(
  db: Reader,
  database: Database,
  now: number,
  limit: number,
  saturated: ReadonlySet<string>,
): Promise<DueRow[]> {
  let query = db
    .selectFrom('queue_recipients')
    .select(['id', 'message_id', 'domain', 'next_attempt_at'])
    .where('state', 'in', CLAIMABLE_STATES)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('message_id')
    .limit(limit);
  if (saturated.size > 0) query = query.where('domain', 'not in', [...saturated]);
  if (database.dialect.name === 'postgres') query = query.forUpdate().skipLocked();
  return (await query.execute()).map((row) => ({ ...row, next_attempt_at: Number(row.next_attempt_at) }));
}

async function loadMessages(db: Reader, due: readonly DueRow[], state: ClaimState): Promise<void> {
  const missing = [...new Set(due.map((row) => row.message_id))].filter((id) => !state.messages.has(id));
  for (const part of chunks(missing)) {
    const rows = await db.selectFrom('queue_messages').selectAll().where('id', 'in', part).execute();
    for (const row of rows) {
      state.messages.set(row.id, {
        id: row.id,
        blobId: row.blob_id,
        sender: row.sender,
        source: row.source as MessageSource,
        accountId: row.account_id,
        envid: row.envid,
        ret: row.dsn_ret === 'FULL' || row.dsn_ret === 'HDRS' ? row.dsn_ret : null,
        is8bit: Number(row.is_8bit) === 1,
        needsSmtputf8: Number(row.needs_smtputf8) === 1,
        createdAt: Number(row.created_at),
        priority: Number(row.priority),
      });
    }
  }
}

/** Local or remote, and for remote ones how many sessions every runner has open now. */
async function loadDomains(
  db: Reader,
  due: readonly DueRow[],
  now: number,
  state: ClaimState,
  isLocalDomain: (domain: string) => Promise<boolean>,
): Promise<void> {
  const fresh = [...new Set(due.map((row) => row.domain))].filter((domain) => !state.isLocal.has(domain));
  for (const domain of fresh) state.isLocal.set(domain, await isLocalDomain(domain));
  const remote = fresh.filter((domain) => !state.isLocal.get(domain));
  for (const part of chunks(remote)) {
    const rows = await db
      .selectFrom('queue_recipients')
      .select((eb) => ['domain', eb.fn.count<number>('message_id').distinct().as('groups')])
      .where('domain', 'in', part)
      .where('state', '=', 'active')
      .where('next_attempt_at', '>', now)
      .groupBy('domain')
      .execute();
    for (const row of rows) state.sessions.set(row.domain, Number(row.groups));
  }
}

/** Pick rows within the window: higher priority first, then the longest waiting; a session per group. */
function pick(due: readonly DueRow[], state: ClaimState, options: ClaimOptions): string[] {
  const priorityOf = (messageId: string) => state.messages.get(messageId)?.priority ?? 0;
  const ordered = [...due].sort(
    (a, b) => priorityOf(b.message_id) - priorityOf(a.message_id) || a.next_attempt_at - b.next_attempt_at,
  );
  const chosen: string[] = [];
  for (const row of ordered) {
    if (state.chosen + chosen.length >= options.maxRecipients) break;
    if (!state.messages.has(row.message_id)) continue;
    const key = `${row.message_id} ${row.domain}`;
    if (!state.opened.has(key)) {
      if (!state.isLocal.get(row.domain)) {
        const open = state.sessions.get(row.domain) ?? 0;
        if (open >= options.domainConcurrency) {
          state.saturated.add(row.domain);
          continue;
        }
        state.sessions.set(row.domain, open + 1);
      }
      state.opened.add(key);
    }
    chosen.push(row.id);
  }
  state.chosen += chosen.length;
  return chosen;
}

interface LeasedRow {
  id: string;
  message_id: string;
  domain: string;
  recipient: string;
  dsn_notify: string | null;
  dsn_orcpt: string | null;
  attempts: number;
  delay_warned_at: number | null;
}

/** Lease the chosen rows: state active, due again when the lease runs out; re-checked, never assumed. */
async function lease(db: Reader, ids: readonly string[], options: ClaimOptions): Promise<LeasedRow[]> {
  const leaseEnd = options.now + options.leaseMs;
  const leased: LeasedRow[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .updateTable('queue_recipients')
      .set((eb) => ({
        state: 'active',
        lease_owner: options.owner,
        lease_expires_at: leaseEnd,
        next_attempt_at: leaseEnd,
        last_attempt_at: options.now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', part)
      .where('state', 'in', CLAIMABLE_STATES)
      .where('next_attempt_at', '<=', options.now)
      .returning([
        'id',
        'message_id',
        'domain',
        'recipient',
        'dsn_notify',
        'dsn_orcpt',
        'attempts',
        'delay_warned_at',
      ])
      .execute();
    leased.push(...rows);
  }
  return leased;
}

export async function claimDue(database: Database, options: ClaimOptions): Promise<ClaimedGroup[]> {
  if (options.maxRecipients <= 0) return [];
  const state: ClaimState = {
    messages: new Map(),
    isLocal: new Map(),
    sessions: new Map(),
    saturated: new Set(),
    opened: new Set(),
    chosen: 0,
  };
  const leased = await database.write(async ({ db }) => {
    const rows: LeasedRow[] = [];
    for (let pass = 0; pass < MAX_SCAN_PASSES && state.chosen < options.maxRecipients; pass++) {
      const limit = (options.maxRecipients - state.chosen) * SCAN_FACTOR;
      const saturatedBefore = state.saturated.size;
      const due = await scanDue(db, database, options.now, limit, state.saturated);
      if (due.length === 0) break;
      await loadMessages(db, due, state);
      await loadDomains(db, due, options.now, state, options.isLocalDomain);
      // Leased at once, so the next scan no longer sees them.
      rows.push(...(await lease(db, pick(due, state, options), options)));
      // Another scan helps only when this one was cut short and found destinations at their limit.
      if (due.length < limit || state.saturated.size === saturatedBefore) break;
    }
    return rows;
  });

  const groups = new Map<
    string,
    { message: ClaimedMessage; domain: string; recipients: ClaimedRecipient[] }
  >();
  for (const row of leased) {
    const message = state.messages.get(row.message_id);
    if (!message) continue;
    const key = `${row.message_id} ${row.domain}`;
    let group = groups.get(key);
    if (!group) {
      group = { message, domain: row.domain, recipients: [] };
      groups.set(key, group);
    }
    group.recipients.push({
      id: row.id,
      address: row.recipient,
      notify: row.dsn_notify,
      orcpt: row.dsn_orcpt,
      attempts: Number(row.attempts),
      delayWarnedAt: row.delay_warned_at === null ? null : Number(row.delay_warned_at),
    });
  }
  return [...groups.values()].map((group) => ({
    ...group,
    isLocal: state.isLocal.get(group.domain) ?? false,
  }));
}
