// Aliases: more addresses delivering to one account (an old name after a marriage, a function address).
// An address is unique across every account's primary address and every alias.

import { DomainError, StoreError } from '#core/errors';
import { requireAccount, servedDomains, takenAddresses } from './account-lookups.ts';
import { parseAddress } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';

export interface AliasOperations {
  /** Add `alias` to the account whose primary address is `email`; the alias's domain must be served. */
  addAlias(email: string, alias: string): Promise<void>;
  /** Remove an alias from whichever account holds it. */
  removeAlias(alias: string): Promise<void>;
}

export function aliasOperations({ database, clock, log }: IdentityContext): AliasOperations {
  return {
    async addAlias(email, aliasInput) {
      const alias = parseAddress(aliasInput, 'alias');
      const taken = () =>
        new DomainError('exists', `address ${alias.address} is already in use`, {
          details: { subject: 'alias', name: alias.address },
        });
      let accountId: string;
      try {
        accountId = await database.write(async (tx) => {
          const account = await requireAccount(tx.db, email);
          const domains = await servedDomains(tx.db, [alias.domain]);
          if (!domains.has(alias.domain)) {
            throw new DomainError('invalid', `domain ${alias.domain} is not served`, {
              details: {
                subject: 'alias',
                name: alias.address,
                reason: 'unknownDomain',
                domain: alias.domain,
              },
            });
          }
          if ((await takenAddresses(tx.db, [alias.address])).size > 0) throw taken();
          await tx.db
            .insertInto('account_aliases')
            .values({ email: alias.address, account_id: account.id, created_at: clock.nowMs() })
            .execute();
          await tx.recordChange(account.id, 'Account', account.id, 'updated');
          return account.id;
        });
      } catch (error) {
        if (error instanceof StoreError && error.code === 'conflict') throw taken();
        throw error;
      }
      log.info({ event: 'alias.added', accountId, alias: alias.address }, 'alias added');
    },

    async removeAlias(aliasInput) {
      const alias = parseAddress(aliasInput, 'alias');
      const accountId = await database.write(async (tx) => {
        const row = await tx.db
          .selectFrom('account_aliases')
          .select('account_id')
          .where('email', '=', alias.address)
          .executeTakeFirst();
        if (!row) {
          throw new DomainError('notFound', `no alias ${alias.address}`, {
            details: { subject: 'alias', name: alias.address },
          });
        }
        await tx.db.deleteFrom('account_aliases').where('email', '=', alias.address).execute();
        await tx.recordChange(row.account_id, 'Account', row.account_id, 'updated');
        return row.account_id;
      });
      log.info({ event: 'alias.removed', accountId, alias: alias.address }, 'alias removed');
    },
  };
}
