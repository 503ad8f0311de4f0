// The académie's directory: its establishments (upsert by hand or from seeding, look up, list, remove), its
// people (people-service.ts) and the HR import that feeds them (hr-import/).
// Every write goes through the database's single writer path; establishments belong to no account,
// so they leave no change-log row (the accounts that point at them do).

import type { Clock } from '#core/clock';
import { DomainError } from '#core/errors';
import type { Logger } from '#core/log';
import type { Database, EstablishmentsTable } from '#store';
import { sql, type Selectable } from 'kysely';
import {
  ESTABLISHMENT_TYPES,
  isEstablishmentType,
  parseEstablishmentInput,
  parseUai,
  type Establishment,
  type EstablishmentInput,
  type EstablishmentType,
} from './establishment.ts';
import type { HrAccounts } from './hr-import/hr-accounts.ts';
import { createHrImport, type HrImport, type HrImportSettings } from './hr-import/hr-import.ts';
import { createPeopleService, type PeopleService } from './people-service.ts';
import { createDirectorySearch, type DirectorySearch } from './directory-search.ts';
import type { SnapshotBuild } from './directory-snapshot.ts';

export interface EstablishmentQuery {
  readonly department?: string;
  readonly type?: string;
  /** Matches the UAI, the name or the commune (case-insensitive). */
  readonly text?: string;
}

export interface UpsertResult {
  readonly establishment: Establishment;
  readonly isNew: boolean;
}

export interface DirectoryService extends PeopleService, HrImport, DirectorySearch {
  /** Create the establishment, or update its fields (contact fields the input leaves out are kept). */
  upsertEstablishment(input: EstablishmentInput): Promise<UpsertResult>;
  /** Upsert many in one transaction (HR import, demo seeding): all or nothing. */
  upsertEstablishments(inputs: readonly EstablishmentInput[]): Promise<{ created: number; updated: number }>;
  /** Undefined when no establishment has that UAI (or the UAI is malformed). */
  getEstablishment(uai: string): Promise<Establishment | undefined>;
  listEstablishments(query?: EstablishmentQuery): Promise<readonly Establishment[]>;
  /** Refused (inUse) while an account or a role still refers to it. */
  removeEstablishment(uai: string): Promise<void>;
}

export interface DirectoryDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** Identity's account operations, for the HR import (creation, departure suspensions). */
  readonly accounts: HrAccounts;
  readonly settings: HrImportSettings;
  /** Starts building the autocomplete's snapshot (directory-search.ts): on a worker thread in the server. */
  readonly buildSnapshot: (nowMs: number) => SnapshotBuild;
}

type EstablishmentRow = Selectable<EstablishmentsTable>;

/** Rows per multi-row INSERT: far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 200;

export function createDirectoryService({
  database,
  clock,
  log,
  accounts,
  buildSnapshot,
  settings,
}: DirectoryDependencies): DirectoryService {
  const upsertMany = async (inputs: readonly EstablishmentInput[]) => {
    const parsed = new Map(inputs.map((input) => [parseUai(input.uai), parseEstablishmentInput(input)]));
    const now = clock.nowMs();
    return database.write(async ({ db }) => {
      const existing = new Set<string>();
      const uais = [...parsed.keys()];
      for (let start = 0; start < uais.length; start += INSERT_CHUNK) {
        const rows = await db
          .selectFrom('establishments')
          .select('uai')
          .where('uai', 'in', uais.slice(start, start + INSERT_CHUNK))
          .execute();
        for (const row of rows) existing.add(row.uai);
      }
      const fresh = [...parsed.values()].filter((e) => !existing.has(e.uai));
      for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
        const rows = fresh.slice(start, start + INSERT_CHUNK).map(({ contact, ...e }) => ({
          ...e,
          district: contact.district ?? null,
          street: contact.street ?? null,
          postal_code: contact.postal_code ?? null,
          phone: contact.phone ?? null,
          website: contact.website ?? null,
          created_at: now,
          updated_at: now,
        }));
        await db.insertInto('establishments').values(rows).execute();
      }
      for (const e of parsed.values()) {
        if (!existing.has(e.uai)) continue;
        // Contact fields the input leaves out stay as they are (an HR file without addresses keeps them).
        const { uai, contact, ...fields } = e;
        await db
          .updateTable('establishments')
          .set({ ...fields, ...contact, updated_at: now })
          .where('uai', '=', uai)
          .execute();
      }
      return { created: fresh.length, updated: existing.size };
    });
  };

  const get = async (uai: string): Promise<Establishment | undefined> => {
    const row = await database.db
      .selectFrom('establishments')
      .selectAll()
      .where('uai', '=', uai)
      .executeTakeFirst();
    return row ? toEstablishment(row) : undefined;
  };

  return {
    ...createPeopleService({ database, clock, log }),
    ...createHrImport({ database, clock, log, accounts, settings }),
    ...createDirectorySearch({ database, clock, log, buildSnapshot }),
    async upsertEstablishment(input) {
      const { created } = await upsertMany([input]);
      const uai = parseUai(input.uai);
      const establishment = await get(uai);
      if (!establishment) throw new Error(`establishment ${uai} vanished right after its upsert`);
      log.info({ event: 'establishment.upserted', uai, isNew: created === 1 }, 'establishment saved');
      return { establishment, isNew: created === 1 };
    },

    async upsertEstablishments(inputs) {
      const counts = await upsertMany(inputs);
      log.info({ event: 'establishments.upserted', ...counts }, 'establishments saved');
      return counts;
    },

    async getEstablishment(uai) {
      const normalized = uai.trim().toUpperCase();
      return get(normalized);
    },

    async listEstablishments(query = {}) {
      let select = database.db.selectFrom('establishments').selectAll();
      if (query.department !== undefined)
        select = select.where('department', '=', query.department.trim().toUpperCase());
      if (query.type !== undefined) {
        const type = query.type.trim();
        if (!isEstablishmentType(type)) {
          throw new DomainError('invalid', `unknown establishment type ${type}`, {
            details: {
              subject: 'establishment',
              name: type,
              reason: 'invalidChoice',
              field: 'type',
              value: type,
              choices: ESTABLISHMENT_TYPES.join(', '),
            },
          });
        }
        select = select.where('type', '=', type);
      }
      const text = query.text?.trim().toLowerCase();
      if (text) {
        const pattern = `%${escapeLike(text)}%`;
        select = select.where((eb) =>
          eb.or([
            eb(sql`lower(uai)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(commune)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        );
      }
      const rows = await select.orderBy('department').orderBy('commune').orderBy('name').execute();
      return rows.map(toEstablishment);
    },

    async removeEstablishment(input) {
      const uai = parseUai(input);
      await database.write(async ({ db }) => {
        const found = await db
          .selectFrom('establishments')
          .select('uai')
          .where('uai', '=', uai)
          .executeTakeFirst();
        if (!found) {
          throw new DomainError('notFound', `no establishment ${uai}`, {
            details: { subject: 'establishment', name: uai },
          });
        }
        const accounts = await db
          .selectFrom('accounts')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('establishment_uai', '=', uai)
          .executeTakeFirstOrThrow();
        const roles = await db
          .selectFrom('account_roles')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('scope', '=', uai)
          .executeTakeFirstOrThrow();
        const people = await db
          .selectFrom('person_establishments')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('establishment_uai', '=', uai)
          .executeTakeFirstOrThrow();
        // The counts come back as bigint text on PostgreSQL.
        const count = Number(accounts.count) + Number(roles.count) + Number(people.count);
        if (count > 0) {
          throw new DomainError('inUse', `establishment ${uai} is still referenced ${count} time(s)`, {
            details: { subject: 'establishment', name: uai, reason: 'establishmentInUse', count },
          });
        }
        await db.deleteFrom('establishments').where('uai', '=', uai).execute();
      });
      log.info({ event: 'establishment.removed', uai }, 'establishment removed');
    },
  };
}

/** LIKE treats % and _ as wildcards; a search for "ce_1" must mean the characters typed. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toEstablishment(row: EstablishmentRow): Establishment {
  return {
    uai: row.uai,
    name: row.name,
    type: row.type as EstablishmentType,
    commune: row.commune,
    department: row.department,
    district: row.district,
    address: { street: row.street, postalCode: row.postal_code },
    phone: row.phone,
    website: row.website,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
