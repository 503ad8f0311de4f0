// Reading people in bulk: one query joins each person with their posts, the establishments of those posts and
// their account's status, so the directory of 25,000 people is one round trip (autocomplete and JMAP directory
// search build on it). Rows come back ordered by person, main post first, and are folded here.

import type { AccountStatus, ProfileCategory } from '@vercors/contract';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DatabaseSchema } from '#store';
import type { EstablishmentType } from './establishment.ts';
import type { HrStatus, ListingChoice, Person, PersonPost, PersonRole, PersonSource } from './person.ts';

export type Reader = Kysely<DatabaseSchema>;

type Joined = SelectQueryBuilder<
  DatabaseSchema & { pe: DatabaseSchema['person_establishments']; e: DatabaseSchema['establishments'] },
  'people' | 'pe' | 'e' | 'accounts',
  object
>;

/** People matching `where` (applied to the joined query), with their posts, in directory order. */
export async function readPeople(db: Reader, where: (query: Joined) => Joined): Promise<Person[]> {
  const base = db
    .selectFrom('people')
    .leftJoin('person_establishments as pe', 'pe.person_id', 'people.id')
    .leftJoin('establishments as e', 'e.uai', 'pe.establishment_uai')
    .leftJoin('accounts', 'accounts.id', 'people.account_id') as unknown as Joined;
  const rows = await where(base)
    .selectAll('people')
    .select([
      'pe.establishment_uai as post_uai',
      'pe.role as post_role',
      'pe.is_primary as post_is_primary',
      'e.name as post_name',
      'e.type as post_type',
      'e.commune as post_commune',
      'e.department as post_department',
      'accounts.status as account_status',
    ])
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .orderBy('people.id')
    .orderBy('pe.is_primary', 'desc')
    .orderBy('pe.establishment_uai')
    .execute();
  const people: Person[] = [];
  let current: (Omit<Person, 'posts'> & { posts: PersonPost[] }) | undefined;
  for (const row of rows) {
    if (current?.id !== row.id) {
      current = {
        id: row.id,
        hrId: row.hr_id,
        accountId: row.account_id,
        accountStatus: (row.account_status as AccountStatus | null) ?? null,
        givenName: row.given_name,
        familyName: row.family_name,
        displayName: row.display_name,
        email: row.email,
        title: row.title,
        profileCategory: row.profile_category as ProfileCategory,
        disciplines: parseDisciplines(row.disciplines),
        phone: row.phone,
        listing: row.listing as ListingChoice,
        hrStatus: row.hr_status as HrStatus,
        departedAt: row.departed_at === null ? null : new Date(Number(row.departed_at)),
        source: row.source as PersonSource,
        posts: [],
        createdAt: new Date(Number(row.created_at)),
        updatedAt: new Date(Number(row.updated_at)),
      };
      people.push(current);
    }
    if (row.post_uai !== null && row.post_uai !== undefined) {
      current.posts.push({
        uai: row.post_uai,
        role: row.post_role as PersonRole,
        isPrimary: Number(row.post_is_primary) === 1,
        name: row.post_name ?? '',
        type: (row.post_type ?? 'autre') as EstablishmentType,
        commune: row.post_commune ?? '',
        department: row.post_department ?? '',
      });
    }
  }
  return people;
}

/** The stored JSON array; anything else (never written by us) reads as no disciplines. */
export function parseDisciplines(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
