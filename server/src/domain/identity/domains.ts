// Mail domains served here: add (validated, IDNs stored as A-labels), list with account counts, and
// remove only when no account or alias uses the domain any more. Adding and removing are policy changes,
// audited in their transaction.

import { DomainError, StoreError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import type { Domain, DomainSummary } from './account.ts';
import { parseDomainName, toDomainName, unicodeDomainName } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';

export interface DomainOperations {
  /** Serve a new domain; `exists` if it is already served. `origin`: who asks (none: the system). */
  addDomain(name: string, origin?: AccessOrigin): Promise<Domain>;
  /** Undefined when the domain is not served (or the name is malformed). */
  getDomain(name: string): Promise<Domain | undefined>;
  /** Every served domain, by name, with how many accounts it holds. */
  listDomains(): Promise<readonly DomainSummary[]>;
  /** Stop serving a domain; refused (inUse) while accounts or aliases use it. */
  removeDomain(name: string, origin?: AccessOrigin): Promise<void>;
}

function toDomain(row: { id: string; name: string; created_at: number | string }): Domain {
  return {
    id: row.id,
    name: row.name,
    unicodeName: unicodeDomainName(row.name),
    createdAt: new Date(Number(row.created_at)),
  };
}

function domainExists(name: string, cause?: unknown): DomainError {
  return new DomainError('exists', `domain ${name} is already served`, {
    cause,
    details: { subject: 'domain', name },
  });
}

export function domainOperations({ database, clock, log }: IdentityContext): DomainOperations {
  return {
    async addDomain(input, origin = {}) {
      const name = parseDomainName(input);
      const row = { id: newId('d'), name, created_at: clock.nowMs() };
      try {
        await database.write(async (tx) => {
          const existing = await tx.db
            .selectFrom('domains')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          if (existing) throw domainExists(name);
          await tx.db.insertInto('domains').values(row).execute();
          await recordAuditEvent(tx, clock, {
            type: 'policy.changed',
            actor: origin.actor,
            remoteAddress: origin.remoteAddress,
            details: { change: 'domain.added', domain: name },
          });
        });
      } catch (error) {
        // Another process added it between our check and our insert (PostgreSQL, several nodes).
        if (error instanceof StoreError && error.code === 'conflict') throw domainExists(name, error);
        throw error;
      }
      log.info({ event: 'domain.added', domain: name }, 'domain added');
      return toDomain(row);
    },

    async getDomain(input) {
      const name = toDomainName(input);
      if (name === undefined) return undefined;
      const row = await database.db
        .selectFrom('domains')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toDomain(row) : undefined;
    },

    async listDomains() {
      const rows = await database.db
        .selectFrom('domains')
        .leftJoin('accounts', 'accounts.domain_id', 'domains.id')
        .select(['domains.id', 'domains.name', 'domains.created_at'])
        .select((eb) => eb.fn.count('accounts.id').as('account_count'))
        .groupBy(['domains.id', 'domains.name', 'domains.created_at'])
        .orderBy('domains.name')
        .execute();
      return rows.map((row) => ({ ...toDomain(row), accountCount: Number(row.account_count) }));
    },

    async removeDomain(input, origin = {}) {
      const name = parseDomainName(input);
      await database.write(async (tx) => {
        const { db } = tx;
        const domain = await db
          .selectFrom('domains')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirst();
        if (!domain)
          throw new DomainError('notFound', `no domain ${name}`, { details: { subject: 'domain', name } });
        const accounts = await db
          .selectFrom('accounts')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('domain_id', '=', domain.id)
          .executeTakeFirstOrThrow();
        if (Number(accounts.count) > 0) {
          throw new DomainError('inUse', `domain ${name} still has accounts`, {
            details: { subject: 'domain', name, reason: 'domainHasAccounts', count: Number(accounts.count) },
          });
        }
        // An account of another domain may hold an alias here; it would point into a domain nobody serves.
        const aliases = await db
          .selectFrom('account_aliases')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('email', 'like', `%@${name}`)
          .executeTakeFirstOrThrow();
        if (Number(aliases.count) > 0) {
          throw new DomainError('inUse', `domain ${name} still has aliases`, {
            details: { subject: 'domain', name, reason: 'domainHasAliases', count: Number(aliases.count) },
          });
        }
        await db.deleteFrom('domains').where('id', '=', domain.id).execute();
        await recordAuditEvent(tx, clock, {
          type: 'policy.changed',
          actor: origin.actor,
          remoteAddress: origin.remoteAddress,
          details: { change: 'domain.removed', domain: name },
        });
      });
      log.info({ event: 'domain.removed', domain: name }, 'domain removed');
    },
  };
}
