// Reading accounts: one by address (primary or alias) or id, with its aliases and roles; and pages of
// accounts filtered by domain, status, kind, category, establishment and free text.

import { ACCOUNT_KINDS, ACCOUNT_STATUSES, PROFILE_CATEGORIES } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { parseUai } from '#domain/directory';
import { sql } from 'kysely';
import { prepareQuery } from '#store';
import {
  DEFAULT_ACCOUNT_PAGE,
  MAX_ACCOUNT_PAGE,
  type Account,
  type AccountDetails,
  type AccountPage,
  type AccountQuery,
} from './account.ts';
import { toAccount, toAccountDetails, type AccountRow } from './account-rows.ts';
import { invalidFor, parseChoice } from './account-fields.ts';
import { resolveAddress, type Reader } from './account-lookups.ts';
import { parseDomainName, toAddress } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';

export interface AccountQueries {
  /** The account reached by `address` (its primary address or an alias); undefined when there is none. */
  findAccount(address: string): Promise<AccountDetails | undefined>;
  findAccountById(id: string): Promise<AccountDetails | undefined>;
  /** A page of accounts ordered by address; filters combine with AND. */
  listAccounts(query?: AccountQuery): Promise<AccountPage>;
}

// Prepared (store/prepared-query.ts): every account lookup loads both.
const aliasesOf = prepareQuery((db, p: { accountId: string }) =>
  db.selectFrom('account_aliases').select('email').where('account_id', '=', p.accountId),
);
const rolesOf = prepareQuery((db, p: { accountId: string }) =>
  db.selectFrom('account_roles').select(['role', 'scope']).where('account_id', '=', p.accountId),
);

export async function loadDetails(
  context: IdentityContext,
  db: Reader,
  row: AccountRow,
): Promise<AccountDetails> {
  const aliases = await aliasesOf.execute(db, { accountId: row.id });
  const roles = await rolesOf.execute(db, { accountId: row.id });
  return toAccountDetails(toAccount(row, context.settings), aliases, roles);
}

/** LIKE treats % and _ as wildcards; a search for "ce_1" must mean the characters typed. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Addresses were folded to ASCII when made (Hélène → helene), so search them folded too. */
function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function accountQueries(context: IdentityContext): AccountQueries {
  const { database, settings } = context;
  const db = database.db;
  return {
    async findAccount(address) {
      const parsed = toAddress(address);
      if (parsed === undefined) return undefined;
      const row = await resolveAddress(db, parsed.address);
      return row ? loadDetails(context, db, row) : undefined;
    },

    async findAccountById(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? loadDetails(context, db, row) : undefined;
    },

    async listAccounts(query = {}) {
      const invalid = invalidFor('account', '');
      let domainId: string | undefined;
      if (query.domain !== undefined) {
        const name = parseDomainName(query.domain);
        const domain = await db
          .selectFrom('domains')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirst();
        if (!domain)
          throw new DomainError('notFound', `no domain ${name}`, { details: { subject: 'domain', name } });
        domainId = domain.id;
      }
      const status =
        query.status === undefined
          ? undefined
          : parseChoice(query.status, ACCOUNT_STATUSES, 'status', invalid);
      const kind =
        query.kind === undefined ? undefined : parseChoice(query.kind, ACCOUNT_KINDS, 'kind', invalid);
      const category =
        query.profileCategory === undefined
          ? undefined
          : parseChoice(query.profileCategory, PROFILE_CATEGORIES, 'category', invalid);
      const uai = query.establishmentUai === undefined ? undefined : parseUai(query.establishmentUai);
      const text = query.text?.normalize('NFC').trim().toLowerCase();
      const position = Math.max(0, Math.trunc(query.position ?? 0));
      // JMAP lets a server cap `limit`; so do we rather than refusing a large page.
      const limit = Math.min(MAX_ACCOUNT_PAGE, Math.max(1, Math.trunc(query.limit ?? DEFAULT_ACCOUNT_PAGE)));

      let select = db.selectFrom('accounts');
      if (domainId !== undefined) select = select.where('domain_id', '=', domainId);
      if (status !== undefined) select = select.where('status', '=', status);
      if (kind !== undefined) select = select.where('kind', '=', kind);
      if (category !== undefined) select = select.where('profile_category', '=', category);
      if (uai !== undefined) select = select.where('establishment_uai', '=', uai);
      if (text) {
        // Names keep their accents and SQLite's lower() folds ASCII only: a name search is exact about accents
        // (the directory's full-text index, later, is accent-insensitive); the address search is not.
        const name = likePattern(text);
        const address = likePattern(foldAccents(text));
        select = select.where((eb) =>
          eb.or([
            eb(sql`lower(email)`, 'like', sql`${address} escape '\\'`),
            eb(sql`lower(display_name)`, 'like', sql`${name} escape '\\'`),
            eb(sql`lower(given_name)`, 'like', sql`${name} escape '\\'`),
            eb(sql`lower(family_name)`, 'like', sql`${name} escape '\\'`),
          ]),
        );
      }
      const counted = await select.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
      const rows = await select.selectAll().orderBy('email').limit(limit).offset(position).execute();
      const accounts: Account[] = rows.map((row) => toAccount(row, settings));
      return { accounts, total: Number(counted.count), position };
    },
  };
}
