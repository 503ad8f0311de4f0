// The people of the académie directory: look one up (by id, HR id, address or account), list them in bulk with
// their establishments, and record a person's choice to be listed or not. People are written by the HR import
// (hr-import/) and the demo seeding; this service only reads them, apart from the listing choice.
//
// Who may do what: any signed-in user reads the listed directory (present people who did not opt out); the
// command line (no actor) and administrators see everyone. A listing choice is the person's own, or an
// académie administrator's, or an establishment administrator's for the staff of their establishment.

import { recordAuditEvent } from '#domain/audit';
import { DomainError } from '#core/errors';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import { parseUai } from './establishment.ts';
import { isListingChoice, LISTING_CHOICES, type ListingChoice, type Person } from './person.ts';
import { readPeople } from './people-rows.ts';

/** Who acts: the identity module's Actor has this shape (the directory cannot import identity: it imports us). */
export interface DirectoryActor {
  readonly accountId: string;
  readonly email: string;
  readonly roles: readonly { readonly role: string; readonly scope: string | null }[];
}

export interface PeopleQuery {
  /** Only people with a post in this establishment (UAI). */
  readonly establishmentUai?: string;
  /**
   * listed (default): present people who did not opt out, what every user reads; all: every present person
   * (administration); withDeparted: everyone, departed people included.
   */
  readonly scope?: 'listed' | 'all' | 'withDeparted';
}

export interface PeopleService {
  getPerson(id: string): Promise<Person | undefined>;
  findPersonByHrId(hrId: string): Promise<Person | undefined>;
  /** By professional address (case-insensitive). */
  findPersonByEmail(email: string): Promise<Person | undefined>;
  findPersonByAccount(accountId: string): Promise<Person | undefined>;
  /** An address when `key` has an @, else an HR id. */
  findPerson(key: string): Promise<Person | undefined>;
  /** People with their posts, by family then given name, in one query. */
  listPeople(query?: PeopleQuery): Promise<readonly Person[]>;
  /** Record whether the person appears in the directory others read; `actor` absent: the system. */
  setListing(personId: string, choice: string, actor?: DirectoryActor): Promise<Person>;
}

export interface PeopleDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
}

export function createPeopleService({ database, clock, log }: PeopleDependencies): PeopleService {
  const one = async (
    column: 'people.id' | 'people.hr_id' | 'people.email' | 'people.account_id',
    value: string,
  ) => (await readPeople(database.db, (q) => q.where(column, '=', value)))[0];

  const service: PeopleService = {
    getPerson: (id) => one('people.id', id),
    findPersonByHrId: (hrId) => one('people.hr_id', hrId.trim()),
    findPersonByEmail: (email) => one('people.email', email.trim().toLowerCase()),
    findPersonByAccount: (accountId) => one('people.account_id', accountId),
    findPerson: (key) => (key.includes('@') ? service.findPersonByEmail(key) : service.findPersonByHrId(key)),

    async listPeople(query = {}) {
      const scope = query.scope ?? 'listed';
      const uai = query.establishmentUai === undefined ? undefined : parseUai(query.establishmentUai);
      return readPeople(database.db, (q) => {
        let filtered = q;
        if (scope !== 'withDeparted') filtered = filtered.where('people.hr_status', '=', 'present');
        if (scope === 'listed') filtered = filtered.where('people.listing', '=', 'listed');
        if (uai !== undefined) {
          filtered = filtered.where('people.id', 'in', (eb) =>
            eb.selectFrom('person_establishments').select('person_id').where('establishment_uai', '=', uai),
          );
        }
        return filtered;
      });
    },

    async setListing(personId, choice, actor) {
      if (!isListingChoice(choice)) {
        throw new DomainError('invalid', `unknown listing choice ${choice}`, {
          details: {
            subject: 'person',
            name: personId,
            reason: 'invalidChoice',
            field: 'listing',
            value: choice.slice(0, 40),
            choices: LISTING_CHOICES.join(', '),
          },
        });
      }
      const person = await service.getPerson(personId);
      // Same words for "no such person" and "not yours": nobody probes the directory this way.
      if (person === undefined || (actor !== undefined && !maySetListing(actor, person))) {
        throw new DomainError('notFound', `no person ${personId}`, {
          details: { subject: 'person', name: personId },
        });
      }
      if (person.listing !== choice) {
        await database.write(async (tx) => {
          await tx.db
            .updateTable('people')
            .set({ listing: choice satisfies ListingChoice, updated_at: clock.nowMs() })
            .where('id', '=', person.id)
            .execute();
          await recordAuditEvent(tx, clock, {
            type: 'directory.listingChanged',
            ...(actor !== undefined && { actor: { accountId: actor.accountId, email: actor.email } }),
            ...(person.accountId !== null &&
              person.email !== null && { subject: { accountId: person.accountId, email: person.email } }),
            details: { personId: person.id, listing: choice },
          });
        });
        log.info(
          { event: 'person.listing', personId: person.id, listing: choice, actor: actor?.accountId ?? null },
          'directory listing choice recorded',
        );
      }
      const updated = await service.getPerson(person.id);
      if (updated === undefined) throw new Error(`person ${person.id} vanished after its update`);
      return updated;
    },
  };
  return service;
}

/** The person themself, an académie administrator, or an administrator of one of their establishments. */
function maySetListing(actor: DirectoryActor, person: Person): boolean {
  if (person.accountId !== null && actor.accountId === person.accountId) return true;
  return actor.roles.some(
    (grant) =>
      grant.role === 'admin' ||
      (grant.role === 'establishmentAdmin' && person.posts.some((post) => post.uai === grant.scope)),
  );
}
