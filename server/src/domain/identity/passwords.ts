// Setting a password (policy, then argon2id) and verifying one at login. Verification costs one argon2
// verification whatever happens, so its timing does not tell an attacker which addresses exist.

import type { Account } from './account.ts';
import { toAccount } from './account-rows.ts';
import { requireAccount, resolveAddress } from './account-lookups.ts';
import { toAddress } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';
import { makeDummyHash } from './password-hasher.ts';
import { checkPasswordPolicy, MAX_PASSWORD_LENGTH, normalizePassword } from './password-policy.ts';

export interface PasswordOperations {
  /** Check the policy, hash and store; the account may log in with it if active. */
  setPassword(email: string, password: string): Promise<void>;
  /**
   * The account when `password` is right and the account is active; undefined otherwise (unknown address,
   * no password, wrong password, suspended or disabled). `email` may be the primary address or an alias.
   */
  verifyPassword(email: string, password: string): Promise<Account | undefined>;
}

export function passwordOperations(context: IdentityContext): PasswordOperations {
  const { database, clock, log, settings, hasher } = context;
  let dummyHash: Promise<string> | undefined;

  return {
    async setPassword(email, password) {
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
      });
      log.info({ event: 'account.password-set', accountId: before.id, email: before.email }, 'password set');
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
      return toAccount(row, settings);
    },
  };
}
