// Setting a password (policy, then argon2id), changing one's own, and verifying one at login. Verification
// costs one argon2 verification whatever happens, so its timing does not tell an attacker which addresses exist.
// Every new password is audited (password.changed) in the transaction that stores it.

import { recordAuditEvent } from '#domain/audit';
import type { WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import type { Account } from './account.ts';
import { toAccount } from './account-rows.ts';
import { requireAccount, resolveAddress } from './account-lookups.ts';
import { toAddress } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';
import { makeDummyHash } from './password-hasher.ts';
import { endAllWebSessionsIn } from './web-sessions.ts';
import { checkPasswordPolicy, MAX_PASSWORD_LENGTH, normalizePassword } from './password-policy.ts';

/** How a new password came: set for the person (an administrator, the helpdesk's CLI), or changed by them. */
export type PasswordChangeMethod = 'set' | 'change';

export interface PasswordOperations {
  /**
   * Check the policy, hash and store; the account may log in with it if active. `origin` names who set it
   * (absent: the system, e.g. the command line) for the audit log.
   */
  setPassword(email: string, password: string, origin?: AccessOrigin): Promise<void>;
  /**
   * The person changes their own password, giving the current one: `wrongPassword` when it is not right (the
   * caller counts it as a failed login). On success every other web session of the account ends, so a
   * browser left signed in elsewhere (or an intruder's) needs the new password; app passwords stay.
   */
  changeOwnPassword(
    accountId: string,
    currentPassword: string,
    newPassword: string,
    keepSessionId: string,
    origin: AccessOrigin,
  ): Promise<'changed' | 'wrongPassword'>;
  /**
   * The account when `password` is right and the account is active; undefined otherwise (unknown address,
   * no password, wrong password, suspended or disabled). `email` may be the primary address or an alias.
   */
  verifyPassword(email: string, password: string): Promise<Account | undefined>;
}

export function passwordOperations(context: IdentityContext): PasswordOperations {
  const { database, clock, log, settings, hasher } = context;
  let dummyHash: Promise<string> | undefined;

  const operations: PasswordOperations = {
    async setPassword(email, password, origin = {}) {
      await storePassword(email, password, origin, 'set');
    },

    async changeOwnPassword(accountId, currentPassword, newPassword, keepSessionId, origin) {
      const row = await database.db
        .selectFrom('accounts')
        .select(['email'])
        .where('id', '=', accountId)
        .executeTakeFirst();
      const account =
        row === undefined ? undefined : await operations.verifyPassword(row.email, currentPassword);
      if (row === undefined || account?.id !== accountId) return 'wrongPassword';
      await storePassword(row.email, newPassword, origin, 'change', async (tx, now) => {
        const ended = await endAllWebSessionsIn(tx, accountId, now, keepSessionId);
        if (ended > 0) {
          await recordAuditEvent(tx, clock, {
            type: 'session.revoked',
            actor: origin.actor,
            subject: { accountId, email: row.email },
            remoteAddress: origin.remoteAddress,
            details: { count: ended, reason: 'passwordChanged' },
          });
        }
      });
      return 'changed';
    },

    async verifyPassword(email, password) {
      // Never set, so never right; refusing before hashing keeps megabyte "passwords" off the CPU.
      if (password.length === 0 || [...password].length > MAX_PASSWORD_LENGTH) return undefined;
      const address = toAddress(email);
      const row = address ? await resolveAddress(database.db, address.address) : undefined;
      dummyHash ??= makeDummyHash(hasher);
      const hash = row?.password_hash ?? (await dummyHash);
      let isRight: boolean;
      try {
        isRight = await hasher.verify(hash, normalizePassword(password));
      } catch (error) {
        // A stored hash we cannot read is damage, not a wrong password: say so in the log, refuse the login.
        log.error({ err: error, accountId: row?.id }, 'stored password hash is unreadable');
        isRight = false;
      }
      if (!row || row.password_hash === null || !isRight || row.status !== 'active') return undefined;
      if (hasher.needsRehash(row.password_hash))
        await rehash(row.id, row.password_hash, normalizePassword(password));
      return toAccount(row, settings);
    },
  };
  return operations;

  /**
   * The password just verified, stored again under the current argon2 parameters (they were raised). Not a
   * password change: no audit event, no change-log row. Conditional on the old hash, so a change made meanwhile
   * is never overwritten; a failure only logs (the login has succeeded, the next one tries again).
   */
  async function rehash(accountId: string, oldHash: string, normalized: string): Promise<void> {
    try {
      const hash = await hasher.hash(normalized);
      await database.write(({ db }) =>
        db
          .updateTable('accounts')
          .set({ password_hash: hash })
          .where('id', '=', accountId)
          .where('password_hash', '=', oldHash)
          .execute(),
      );
      log.info(
        { event: 'account.password-rehashed', accountId },
        'password hashed again with the current parameters',
      );
    } catch (error) {
      log.error({ err: error, accountId }, 'could not hash a password again with the current parameters');
    }
  }

  /** Policy, hash, then one transaction: the hash, the change-log row, the audit event and `alsoIn`. */
  async function storePassword(
    email: string,
    password: string,
    origin: AccessOrigin,
    method: PasswordChangeMethod,
    alsoIn?: (tx: WriteTransaction, now: number) => Promise<void>,
  ): Promise<void> {
    const before = await requireAccount(database.db, email);
    const normalized = checkPasswordPolicy(password, settings.passwordMinLength, {
      email: before.email,
      names: [before.given_name, before.family_name],
    });
    // Hash outside the transaction: argon2 takes milliseconds the single writer should not wait for.
    const hash = await hasher.hash(normalized);
    await database.write(async (tx) => {
      const account = await requireAccount(tx.db, before.email);
      const now = clock.nowMs();
      await tx.db
        .updateTable('accounts')
        .set({ password_hash: hash, password_changed_at: now, updated_at: now })
        .where('id', '=', account.id)
        .execute();
      await tx.recordChange(account.id, 'Account', account.id, 'updated');
      await recordAuditEvent(tx, clock, {
        type: 'password.changed',
        actor: origin.actor,
        subject: { accountId: account.id, email: account.email },
        remoteAddress: origin.remoteAddress,
        details: { method },
      });
      await alsoIn?.(tx, now);
    });
    log.info(
      { event: 'account.password-set', accountId: before.id, email: before.email, method },
      'password set',
    );
  }
}
