// Web sessions in the database, so every worker process sees a login, a logout or a revocation at once.
// Tokens are rotated at every change of privilege (pending → active), so a token planted before login
// (session fixation) never becomes a signed-in session. Idle and absolute timeouts are checked on every use;
// last_seen_at is written at most once a minute, and the account's activity (account-activity.ts) at most once
// an hour. Ending sessions is audited.

import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { Selectable } from 'kysely';
import type { DatabaseSchema, WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import type { Account } from './account.ts';
import { isActivityDue, touchActivity } from './account-activity.ts';
import { auditPartyOf } from './account-lookups.ts';
import { toAccount } from './account-rows.ts';
import type { IdentityContext } from './identity-context.ts';
import { newSessionToken, sessionTokenHash } from './session-token.ts';
import {
  WEB_SESSION_LIMITS,
  type SecondFactorProof,
  type WebSession,
  type WebSessionState,
} from './web-session.ts';

type SessionRow = Selectable<DatabaseSchema['web_sessions']>;

export interface StartWebSession {
  readonly state: WebSessionState;
  readonly secondFactor: SecondFactorProof | null;
  readonly isSharedComputer: boolean;
  readonly remoteAddress: string;
  readonly userAgent: string;
}

export interface WebSessionOperations {
  /** A new session for `account` (after a right password); returns the cookie token. */
  startWebSession(account: Account, input: StartWebSession): Promise<{ token: string; session: WebSession }>;
  /**
   * The live session for a cookie token and its account (active accounts only), touching it; undefined when
   * unknown, ended, timed out, or the account may no longer log in.
   */
  resumeWebSession(token: string): Promise<{ session: WebSession; account: Account } | undefined>;
  /** Make a pending or enrolment session active, under a new token (the old one stops working). */
  activateWebSession(
    token: string,
    proof: SecondFactorProof,
  ): Promise<{ token: string; session: WebSession }>;
  /** Log out: the session ends (no-op for an unknown token). */
  endWebSession(token: string, origin: AccessOrigin): Promise<void>;
  /** The account's live sessions, most recently used first. */
  listWebSessions(accountId: string): Promise<readonly WebSession[]>;
  /** End one of the account's sessions by its public id; notFound when it has no such live session. */
  revokeWebSession(accountId: string, sessionId: string, origin: AccessOrigin): Promise<void>;
  /** End every session of the account but `exceptSessionId`; returns how many ended. */
  revokeAllWebSessions(accountId: string, origin: AccessOrigin, exceptSessionId?: string): Promise<number>;
}

export function webSessionOperations(context: IdentityContext): WebSessionOperations {
  const { database, clock, settings, log } = context;

  const timeouts = (state: WebSessionState, isShared: boolean) => {
    if (state !== 'active') {
      return { idleMs: WEB_SESSION_LIMITS.pendingIdleMs, absoluteMs: WEB_SESSION_LIMITS.pendingAbsoluteMs };
    }
    return isShared
      ? { idleMs: settings.sessionSharedIdleTimeout, absoluteMs: settings.sessionSharedAbsoluteTimeout }
      : { idleMs: settings.sessionIdleTimeout, absoluteMs: settings.sessionAbsoluteTimeout };
  };

  return {
    async startWebSession(account, input) {
      const token = newSessionToken();
      const now = clock.nowMs();
      const { idleMs, absoluteMs } = timeouts(input.state, input.isSharedComputer);
      const row: SessionRow = {
        id: newId('s'),
        token_hash: hashOf(token),
        account_id: account.id,
        state: input.state,
        second_factor: input.secondFactor,
        second_factor_failures: 0,
        is_shared_computer: input.isSharedComputer ? 1 : 0,
        created_at: now,
        last_seen_at: now,
        idle_timeout_ms: idleMs,
        expires_at: now + absoluteMs,
        authenticated_at: now,
        remote_address: input.remoteAddress.slice(0, 64),
        user_agent: input.userAgent.slice(0, WEB_SESSION_LIMITS.maxUserAgentLength),
      };
      await database.write(async (tx) => {
        await pruneSessions(tx, account.id, now);
        await tx.db.insertInto('web_sessions').values(row).execute();
      });
      return { token, session: toWebSession(row) };
    },

    async resumeWebSession(token) {
      const hash = sessionTokenHash(token);
      if (hash === undefined) return undefined;
      const found = await database.db
        .selectFrom('web_sessions')
        .innerJoin('accounts', 'accounts.id', 'web_sessions.account_id')
        .selectAll('accounts')
        .select([
          'web_sessions.id as session_id',
          'web_sessions.token_hash',
          'web_sessions.state',
          'web_sessions.second_factor',
          'web_sessions.second_factor_failures',
          'web_sessions.is_shared_computer',
          'web_sessions.created_at as session_created_at',
          'web_sessions.last_seen_at',
          'web_sessions.idle_timeout_ms',
          'web_sessions.expires_at',
          'web_sessions.authenticated_at',
          'web_sessions.remote_address',
          'web_sessions.user_agent',
        ])
        .where('web_sessions.token_hash', '=', hash)
        .executeTakeFirst();
      if (found === undefined || found.status !== 'active') return undefined;
      let row: SessionRow = {
        id: found.session_id,
        token_hash: found.token_hash,
        account_id: found.id,
        state: found.state,
        second_factor: found.second_factor,
        second_factor_failures: found.second_factor_failures,
        is_shared_computer: found.is_shared_computer,
        created_at: found.session_created_at,
        last_seen_at: found.last_seen_at,
        idle_timeout_ms: found.idle_timeout_ms,
        expires_at: found.expires_at,
        authenticated_at: found.authenticated_at,
        remote_address: found.remote_address,
        user_agent: found.user_agent,
      };
      const now = clock.nowMs();
      if (!isLive(row, now)) return undefined;
      const isTouchDue = now - Number(row.last_seen_at) >= WEB_SESSION_LIMITS.touchResolutionMs;
      // Only a signed-in session is the person's activity: a pending one proves no more than the password.
      const isActivityStale = row.state === 'active' && isActivityDue(found.last_activity_at, now);
      if (isTouchDue || isActivityStale) {
        await database.write(async (tx) => {
          if (isTouchDue) {
            await tx.db
              .updateTable('web_sessions')
              .set({ last_seen_at: now })
              .where('id', '=', row.id)
              .execute();
          }
          if (isActivityStale) await touchActivity(tx, found.id, now);
        });
        if (isTouchDue) row = { ...row, last_seen_at: now };
      }
      const account = toAccount(isActivityStale ? { ...found, last_activity_at: now } : found, settings);
      return { session: toWebSession(row), account };
    },

    async activateWebSession(token, proof) {
      const hash = sessionTokenHash(token);
      const next = newSessionToken();
      const row = await database.write(async (tx) => {
        const current =
          hash === undefined
            ? undefined
            : await tx.db
                .selectFrom('web_sessions')
                .selectAll()
                .where('token_hash', '=', hash)
                .executeTakeFirst();
        const now = clock.nowMs();
        if (current === undefined || !isLive(current, now)) {
          throw new DomainError('notFound', 'the login session has ended: sign in again', {
            details: { subject: 'session', reason: 'ended' },
          });
        }
        const isShared = current.is_shared_computer === 1;
        const { idleMs, absoluteMs } = timeouts('active', isShared);
        const updated: SessionRow = {
          ...current,
          token_hash: hashOf(next),
          state: 'active',
          second_factor: proof,
          last_seen_at: now,
          idle_timeout_ms: idleMs,
          expires_at: Number(current.created_at) + absoluteMs,
        };
        await tx.db
          .updateTable('web_sessions')
          .set({
            token_hash: updated.token_hash,
            state: updated.state,
            second_factor: updated.second_factor,
            last_seen_at: now,
            idle_timeout_ms: idleMs,
            expires_at: updated.expires_at,
          })
          .where('id', '=', current.id)
          .execute();
        // Signed in at last (second factor given, or the first one set up): the person is here.
        await touchActivity(tx, current.account_id, now);
        return updated;
      });
      return { token: next, session: toWebSession(row) };
    },

    async endWebSession(token, origin) {
      const hash = sessionTokenHash(token);
      if (hash === undefined) return;
      await database.write(async (tx) => {
        const row = await tx.db
          .selectFrom('web_sessions')
          .innerJoin('accounts', 'accounts.id', 'web_sessions.account_id')
          .select(['web_sessions.id', 'accounts.id as account_id', 'accounts.email'])
          .where('token_hash', '=', hash)
          .executeTakeFirst();
        if (row === undefined) return;
        await tx.db.deleteFrom('web_sessions').where('id', '=', row.id).execute();
        await recordAuditEvent(tx, clock, {
          type: 'session.ended',
          actor: origin.actor,
          subject: { accountId: row.account_id, email: row.email },
          remoteAddress: origin.remoteAddress,
          details: { sessionId: row.id },
        });
      });
    },

    async listWebSessions(accountId) {
      const now = clock.nowMs();
      const rows = await database.db
        .selectFrom('web_sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('last_seen_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.filter((row) => isLive(row, now)).map(toWebSession);
    },

    async revokeWebSession(accountId, sessionId, origin) {
      await database.write(async (tx) => {
        const result = await tx.db
          .deleteFrom('web_sessions')
          .where('account_id', '=', accountId)
          .where('id', '=', sessionId)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) {
          throw new DomainError('notFound', 'no such session', {
            details: { subject: 'session', name: sessionId.slice(0, 32) },
          });
        }
        await auditRevocation(tx, accountId, origin, { sessionId });
      });
    },

    async revokeAllWebSessions(accountId, origin, exceptSessionId) {
      const count = await database.write(async (tx) => {
        // Timed-out rows not yet pruned go too, but only live sessions were "ended".
        const ended = await endAllWebSessionsIn(tx, accountId, clock.nowMs(), exceptSessionId);
        if (ended > 0) await auditRevocation(tx, accountId, origin, { count: ended });
        return ended;
      });
      if (count > 0) log.info({ event: 'session.revoked', accountId, count }, 'web sessions revoked');
      return count;
    },
  };

  async function auditRevocation(
    tx: WriteTransaction,
    accountId: string,
    origin: AccessOrigin,
    details: Record<string, string | number>,
  ) {
    await recordAuditEvent(tx, clock, {
      type: 'session.revoked',
      actor: origin.actor,
      subject: await auditPartyOf(tx.db, accountId),
      remoteAddress: origin.remoteAddress,
      details,
    });
  }
}

/**
 * End every session of the account in `tx` but `exceptSessionId` (it was suspended, or its password changed):
 * they would otherwise come back to life if it is reactivated, an attacker's among them. Returns how many were
 * still live.
 */
export async function endAllWebSessionsIn(
  tx: WriteTransaction,
  accountId: string,
  now: number,
  exceptSessionId?: string,
): Promise<number> {
  let select = tx.db
    .selectFrom('web_sessions')
    .select(['id', 'last_seen_at', 'idle_timeout_ms', 'expires_at'])
    .where('account_id', '=', accountId);
  if (exceptSessionId !== undefined) select = select.where('id', '!=', exceptSessionId);
  const rows = await select.execute();
  if (rows.length === 0) return 0;
  await tx.db
    .deleteFrom('web_sessions')
    .where(
      'id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  return rows.filter((row) => isLive(row, now)).length;
}

/** Within both its absolute and its idle timeout. */
function isLive(
  row: Pick<SessionRow, 'expires_at' | 'last_seen_at' | 'idle_timeout_ms'>,
  now: number,
): boolean {
  return now < Number(row.expires_at) && now < Number(row.last_seen_at) + Number(row.idle_timeout_ms);
}

/** Drop the account's ended sessions, and its oldest live ones beyond the per-account bound. */
async function pruneSessions(tx: WriteTransaction, accountId: string, now: number): Promise<void> {
  const rows = await tx.db
    .selectFrom('web_sessions')
    .select(['id', 'last_seen_at', 'idle_timeout_ms', 'expires_at'])
    .where('account_id', '=', accountId)
    .orderBy('last_seen_at', 'desc')
    .execute();
  const live = rows.filter((row) => isLive(row, now));
  const keep = new Set(live.slice(0, WEB_SESSION_LIMITS.maxPerAccount - 1).map((row) => row.id));
  const drop = rows.filter((row) => !keep.has(row.id)).map((row) => row.id);
  if (drop.length > 0) await tx.db.deleteFrom('web_sessions').where('id', 'in', drop).execute();
}

function hashOf(token: string): string {
  const hash = sessionTokenHash(token);
  if (hash === undefined) throw new Error('a new session token must hash');
  return hash;
}

function toWebSession(row: SessionRow): WebSession {
  return {
    id: row.id,
    accountId: row.account_id,
    state: row.state as WebSessionState,
    secondFactor: row.second_factor as SecondFactorProof | null,
    isSharedComputer: row.is_shared_computer === 1,
    createdAt: new Date(Number(row.created_at)),
    lastSeenAt: new Date(Number(row.last_seen_at)),
    idleExpiresAt: new Date(Number(row.last_seen_at) + Number(row.idle_timeout_ms)),
    expiresAt: new Date(Number(row.expires_at)),
    authenticatedAt: new Date(Number(row.authenticated_at)),
    remoteAddress: row.remote_address,
    userAgent: row.user_agent,
  };
}
