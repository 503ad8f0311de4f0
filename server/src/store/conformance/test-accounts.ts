// Accounts for conformance cases and their child processes: one test domain, accounts named by id.
// Inserts ignore rows that exist, so several processes may seed the same accounts at once.

import type { Insertable } from 'kysely';
import type { AccountsTable } from '../schema.ts';
import type { Database } from '../store.ts';

export const TEST_DOMAIN_ID = 'dom-test';

export function accountRow(
  id: string,
  overrides: Partial<Insertable<AccountsTable>> = {},
): Insertable<AccountsTable> {
  return {
    id,
    domain_id: TEST_DOMAIN_ID,
    email: `${id}@example.test`,
    kind: 'person',
    display_name: `User ${id}`,
    given_name: 'Camille',
    family_name: 'Martin',
    status: 'active',
    status_reason: null,
    status_changed_at: null,
    locale: 'fr',
    time_zone: 'Europe/Paris',
    profile_category: 'enseignant',
    establishment_uai: null,
    quota_bytes: null,
    quota_messages: null,
    password_hash: null,
    password_changed_at: null,
    last_activity_at: null,
    numen_hash: null,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
    ...overrides,
  };
}

/** Create the test domain and these accounts (modseq 0) unless they exist. */
export async function addAccounts(database: Database, ...ids: string[]): Promise<void> {
  await database.write(async ({ db }) => {
    await db
      .insertInto('domains')
      .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 1_700_000_000_000 })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db
      .insertInto('accounts')
      .values(ids.map((id) => accountRow(id)))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  });
}
