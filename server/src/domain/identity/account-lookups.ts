// Reads the identity operations share, usable on the read connection or inside a write transaction
// (a Kysely Transaction is a Kysely), so checks and the writes they guard see the same snapshot.

import { DomainError } from '#core/errors';
import { type DatabaseSchema, prepareQuery } from '#store';
import type { Kysely } from 'kysely';
import type { AccountRow } from './account-rows.ts';
import { parseAddress } from './addresses.ts';

export type Reader = Kysely<DatabaseSchema>;

/** Values per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
export const IN_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Domain ids by name, for the names that are served. */
export async function servedDomains(db: Reader, names: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(names)])) {
    const rows = await db.selectFrom('domains').select(['id', 'name']).where('name', 'in', part).execute();
    for (const row of rows) found.set(row.name, row.id);
  }
  return found;
}

/** The addresses already used by an account or an alias. */
export async function takenAddresses(db: Reader, addresses: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks([...new Set(addresses)])) {
    const accounts = await db.selectFrom('accounts').select('email').where('email', 'in', part).execute();
    const aliases = await db
      .selectFrom('account_aliases')
      .select('email')
      .where('email', 'in', part)
      .execute();
    for (const row of [...accounts, ...aliases]) taken.add(row.email);
  }
  return taken;
}

export async function knownEstablishments(db: Reader, uais: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks([...new Set(uais)])) {
    const rows = await db.selectFrom('establishments').select('uai').where('uai', 'in', part).execute();
    for (const row of rows) known.add(row.uai);
  }
  return known;
}

export function unknownEstablishment(uai: string, subject = 'account', name = uai): DomainError {
  return new DomainError('invalid', `unknown establishment ${uai}`, {
    details: { subject, name, reason: 'unknownEstablishment', uai },
  });
}

export async function requireEstablishment(
  db: Reader,
  uai: string,
  subject: string,
  name: string,
): Promise<void> {
  const known = await knownEstablishments(db, [uai]);
  if (!known.has(uai)) throw unknownEstablishment(uai, subject, name);
}

export function accountNotFound(email: string): DomainError {
  return new DomainError('notFound', `no account ${email}`, { details: { subject: 'account', name: email } });
}

/** The account whose primary address is `email`; notFound otherwise (aliases do not count here). */
export async function requireAccount(db: Reader, email: string): Promise<AccountRow> {
  const { address } = parseAddress(email);
  const row = await db.selectFrom('accounts').selectAll().where('email', '=', address).executeTakeFirst();
  if (!row) throw accountNotFound(address);
  return row;
}

// Prepared (store/prepared-query.ts): every login and every SMTP recipient resolves an address.
const accountByAddress = prepareQuery((db, p: { address: string }) =>
  db.selectFrom('accounts').selectAll().where('email', '=', p.address),
);
const accountByAlias = prepareQuery((db, p: { address: string }) =>
  db
    .selectFrom('account_aliases')
    .innerJoin('accounts', 'accounts.id', 'account_aliases.account_id')
    .selectAll('accounts')
    .where('account_aliases.email', '=', p.address),
);

/** The account reached by `address`, as its primary address or one of its aliases. */
export async function resolveAddress(db: Reader, address: string): Promise<AccountRow | undefined> {
  const primary = await accountByAddress.executeTakeFirst(db, { address });
  if (primary) return primary;
  return await accountByAlias.executeTakeFirst(db, { address });
}

/** What an account may put in From: its primary address and its aliases (SMTP submission, JMAP Identity). */
export interface SendingAddresses {
  /** The primary address, lower case. */
  readonly email: string;
  readonly displayName: string;
  /** Lower case, sorted. */
  readonly aliases: readonly string[];
}

/**
 * The addresses the account may send from, or undefined when there is no such account. Takes a reader so
 * another module can call it inside its own write transaction and act on the same snapshot.
 */
export async function sendingAddresses(db: Reader, accountId: string): Promise<SendingAddresses | undefined> {
  const account = await db
    .selectFrom('accounts')
    .select(['email', 'display_name'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account === undefined) return undefined;
  const aliases = await db
    .selectFrom('account_aliases')
    .select('email')
    .where('account_id', '=', accountId)
    .orderBy('email')
    .execute();
  return {
    email: account.email,
    displayName: account.display_name,
    aliases: aliases.map((row) => row.email),
  };
}

/** The account as the audit log names it (its id and current address); undefined when it no longer exists. */
export async function auditPartyOf(
  db: Reader,
  accountId: string,
): Promise<{ accountId: string; email: string } | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row === undefined ? undefined : { accountId: row.id, email: row.email };
}
