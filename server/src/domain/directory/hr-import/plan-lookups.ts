// What the import planner reads from the database, in bulk: every person with their posts (two queries, however
// many people), which establishments and domains exist, and the accounts at the people's addresses.

import type { Reader } from '../people-rows.ts';
import { parseDisciplines } from '../people-rows.ts';
import type { PersonField } from './import-plan.ts';

/** Values per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 500;

/** A person as stored, with what the planner compares. */
export interface StoredPerson {
  readonly id: string;
  readonly hrId: string;
  readonly accountId: string | null;
  readonly email: string | null;
  readonly hrStatus: string;
  readonly displayName: string;
  readonly values: Record<PersonField, string | readonly string[] | null>;
}

/** Which of `keys` exist as establishment UAIs or served domain names. */
export async function existing(
  db: Reader,
  table: 'establishments' | 'domains',
  keys: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += IN_CHUNK) {
    const part = unique.slice(start, start + IN_CHUNK);
    if (table === 'establishments') {
      const rows = await db.selectFrom('establishments').select('uai').where('uai', 'in', part).execute();
      for (const row of rows) found.add(row.uai);
    } else {
      const rows = await db.selectFrom('domains').select('name').where('name', 'in', part).execute();
      for (const row of rows) found.add(row.name);
    }
  }
  return found;
}

/** Every person with their posts: two queries, however many people. */
export async function loadPeople(db: Reader): Promise<StoredPerson[]> {
  const rows = await db.selectFrom('people').selectAll().execute();
  const posts = await db
    .selectFrom('person_establishments')
    .selectAll()
    .orderBy('person_id')
    .orderBy('is_primary', 'desc')
    .orderBy('establishment_uai')
    .execute();
  const postsOf = new Map<string, string[]>();
  for (const post of posts) {
    const list = postsOf.get(post.person_id) ?? [];
    list.push(`${post.establishment_uai}:${post.role}`);
    postsOf.set(post.person_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    hrId: row.hr_id,
    accountId: row.account_id,
    email: row.email,
    hrStatus: row.hr_status,
    displayName: row.display_name,
    values: {
      givenName: row.given_name,
      familyName: row.family_name,
      displayName: row.display_name,
      email: row.email,
      title: row.title,
      profileCategory: row.profile_category,
      disciplines: parseDisciplines(row.disciplines),
      phone: row.phone,
      posts: postsOf.get(row.id) ?? [],
      hrStatus: row.hr_status,
    },
  }));
}

export interface AccountSnapshot {
  readonly id: string;
  readonly email: string;
  readonly kind: string;
  readonly display_name: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly profile_category: string;
  readonly establishment_uai: string | null;
}

const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'kind',
  'display_name',
  'given_name',
  'family_name',
  'profile_category',
  'establishment_uai',
] as const;

/** Accounts by primary address (lower case), of every kind (only people's are linked). */
export async function loadAccounts(
  db: Reader,
  emails: readonly string[],
): Promise<Map<string, AccountSnapshot>> {
  const found = new Map<string, AccountSnapshot>();
  const unique = [...new Set(emails)];
  for (let start = 0; start < unique.length; start += IN_CHUNK) {
    const rows = await db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('email', 'in', unique.slice(start, start + IN_CHUNK))
      .execute();
    for (const row of rows) found.set(row.email, row);
  }
  return found;
}

/** Which of these addresses are aliases of an account. */
export async function loadAliases(db: Reader, emails: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(emails)];
  for (let start = 0; start < unique.length; start += IN_CHUNK) {
    const part = unique.slice(start, start + IN_CHUNK);
    const rows = await db.selectFrom('account_aliases').select('email').where('email', 'in', part).execute();
    for (const row of rows) found.add(row.email);
  }
  return found;
}

export async function loadAccountsById(db: Reader, ids: readonly string[]): Promise<AccountSnapshot[]> {
  const found: AccountSnapshot[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += IN_CHUNK) {
    const part = unique.slice(start, start + IN_CHUNK);
    found.push(
      ...(await db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', 'in', part).execute()),
    );
  }
  return found;
}
