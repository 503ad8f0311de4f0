// The HR import's plan: what importing a source's records would change, computed against the database without
// writing anything (a dry run prints it; apply-plan.ts carries it out). Each record is checked, matched to a
// person by HR id, and compared field by field; people a complete import no longer lists are departures.
//
// Rules that keep a re-import safe:
// - the same input twice gives an empty plan the second time (nothing created, updated or departed);
// - a person is matched by HR id only, so a move to another establishment is an update, never a new person;
// - a rejected row names its HR id when it has one, and that person is never counted as departed;
// - a partial import (one establishment's file) never departs anyone;
// - the listing choice is the person's own, so an import never changes it.

import type { ProfileCategory } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { Reader } from '../people-rows.ts';
import { parsePersonInput, primaryUai, type PersonFields, type PersonSource } from '../person.ts';
import { isRejectionReason, type HrReadResult, type Rejection, type RecordLocation } from './hr-record.ts';
import {
  existing,
  loadAccounts,
  loadAccountsById,
  loadAliases,
  loadPeople,
  type AccountSnapshot,
  type StoredPerson,
} from './plan-lookups.ts';

export interface PlanOptions {
  /** The source covers only part of the académie: nobody missing from it departs. */
  readonly isPartial: boolean;
  /** Create accounts for new people in served domains (directory.import.create-accounts). */
  readonly createsAccounts: boolean;
  /** Largest share of present people (0–1) a complete import may depart without `isForced`. */
  readonly maxDepartureShare: number;
  readonly isForced: boolean;
  /** Recorded on the people written (csv, ldap, demo). */
  readonly source: PersonSource;
}

export const PERSON_FIELDS = [
  'givenName',
  'familyName',
  'displayName',
  'email',
  'title',
  'profileCategory',
  'disciplines',
  'phone',
  'posts',
  'hrStatus',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface FieldChange {
  readonly field: PersonField;
  /** As shown in reports: text, a list, or null. Posts read `UAI:role`, main post first. */
  readonly from: string | readonly string[] | null;
  readonly to: string | readonly string[] | null;
}

/** The account a person will have: linked to an existing one, or created for them. */
export type AccountAction =
  | { readonly kind: 'link'; readonly accountId: string; readonly email: string }
  | { readonly kind: 'create'; readonly email: string };

export interface PlannedCreate {
  readonly hrId: string;
  readonly location: RecordLocation;
  readonly fields: PersonFields;
  readonly account: AccountAction | null;
}

export interface PlannedUpdate {
  readonly personId: string;
  readonly hrId: string;
  readonly location: RecordLocation;
  readonly fields: PersonFields;
  /** Empty when only the account changes (a link or a creation). */
  readonly changes: readonly FieldChange[];
  readonly account: AccountAction | null;
}

export interface PlannedDeparture {
  readonly personId: string;
  readonly hrId: string;
  readonly displayName: string;
  readonly email: string | null;
  /** The linked account, suspended when the plan is applied (if still active). */
  readonly accountId: string | null;
}

/** A linked account whose names, category or establishment no longer match HR. */
export interface AccountUpdate {
  readonly accountId: string;
  readonly email: string;
  readonly changes: {
    readonly displayName?: string;
    readonly givenName?: string;
    readonly familyName?: string;
    readonly profileCategory?: ProfileCategory;
    readonly establishmentUai?: string | null;
  };
}

export interface ImportPlan {
  readonly source: PersonSource;
  readonly isPartial: boolean;
  readonly creates: readonly PlannedCreate[];
  readonly updates: readonly PlannedUpdate[];
  readonly departures: readonly PlannedDeparture[];
  readonly accountUpdates: readonly AccountUpdate[];
  readonly unchanged: number;
  readonly rejected: readonly Rejection[];
  /** Records the source gave (accepted and rejected). */
  readonly read: number;
  /** Present people before the import: what the departure share is measured against. */
  readonly presentBefore: number;
  readonly guard: {
    /** Departures over present people, 0–1. */
    readonly departureShare: number;
    readonly maxShare: number;
    /**
     * Rows were rejected without a readable HR id (a broken CSV line) while people would depart: one of the
     * departures may be that row's person, so applying waits for the row to be fixed or for `isForced`.
     */
    readonly hasUnidentifiedRejections: boolean;
    /** Over the share, or departures beside unidentified rejections, and not forced: applying is refused. */
    readonly isRefused: boolean;
  };
}

export async function planImport(db: Reader, read: HrReadResult, options: PlanOptions): Promise<ImportPlan> {
  const rejected: Rejection[] = [...read.rejected];

  // Check each record; keep the first of duplicated HR ids and addresses
  const accepted: { fields: PersonFields; location: RecordLocation }[] = [];
  const seenIds = new Set<string>();
  const seenEmails = new Set<string>();
  for (const record of read.records) {
    const { location } = record;
    let fields: PersonFields;
    try {
      fields = parsePersonInput(record);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      rejected.push(rejectionOf(error, location, record.hrId));
      continue;
    }
    if (seenIds.has(fields.hrId)) {
      rejected.push({ ...location, hrId: fields.hrId, reason: 'duplicateHrId' });
      continue;
    }
    seenIds.add(fields.hrId);
    if (fields.email !== null && seenEmails.has(fields.email)) {
      rejected.push({
        ...location,
        hrId: fields.hrId,
        reason: 'duplicateEmail',
        field: 'email',
        value: fields.email,
      });
      continue;
    }
    if (fields.email !== null) seenEmails.add(fields.email);
    accepted.push({ fields, location });
  }

  // Establishments must exist: the directory does not invent them from a code
  const known = await existing(
    db,
    'establishments',
    accepted.flatMap(({ fields }) => fields.posts.map((post) => post.uai)),
  );
  const placed = accepted.filter(({ fields, location }) => {
    const unknown = fields.posts.find((post) => !known.has(post.uai));
    if (unknown === undefined) return true;
    rejected.push({
      ...location,
      hrId: fields.hrId,
      reason: 'unknownEstablishment',
      field: 'posts',
      value: unknown.uai,
    });
    return false;
  });

  // The people as stored
  const stored = await loadPeople(db);
  const byHrId = new Map(stored.map((person) => [person.hrId, person]));
  const rejectedIds = new Set(rejected.map((r) => r.hrId).filter((id): id is string => id !== null));
  const inFile = new Set(placed.map(({ fields }) => fields.hrId));

  // Addresses stay unique: one held by a person this import does not rewrite is taken
  const emailOwner = new Map<string, string>();
  for (const person of stored) {
    if (person.email !== null && !inFile.has(person.hrId)) emailOwner.set(person.email, person.hrId);
  }
  const planned = placed.filter(({ fields, location }) => {
    if (fields.email === null) return true;
    const owner = emailOwner.get(fields.email);
    if (owner !== undefined && owner !== fields.hrId) {
      rejected.push({
        ...location,
        hrId: fields.hrId,
        reason: 'emailTaken',
        field: 'email',
        value: fields.email,
      });
      inFile.delete(fields.hrId);
      return false;
    }
    emailOwner.set(fields.email, fields.hrId);
    return true;
  });

  // Accounts: link the one at the person's address, or create it in a served domain
  const emails = planned.map(({ fields }) => fields.email).filter((email): email is string => email !== null);
  const accounts = await loadAccounts(db, emails);
  const aliases = await loadAliases(db, emails);
  const servedDomains = await existing(
    db,
    'domains',
    planned.map(({ fields }) => fields.email?.split('@')[1] ?? '').filter((domain) => domain !== ''),
  );
  const linkedAccounts = new Set(stored.map((p) => p.accountId).filter((id): id is string => id !== null));
  const accountActionFor = (
    fields: PersonFields,
    current: StoredPerson | undefined,
  ): AccountAction | null => {
    if (current?.accountId != null || fields.email === null) return null;
    const account = accounts.get(fields.email);
    if (account !== undefined) {
      // A shared mailbox or a resource is never someone's account; an account is one person's.
      if (account.kind !== 'person' || linkedAccounts.has(account.id)) return null;
      linkedAccounts.add(account.id);
      return { kind: 'link', accountId: account.id, email: account.email };
    }
    // An alias of some account: identity would refuse the address, so the plan does not offer it.
    if (aliases.has(fields.email)) return null;
    const domain = fields.email.split('@')[1] ?? '';
    return options.createsAccounts && servedDomains.has(domain)
      ? { kind: 'create', email: fields.email }
      : null;
  };

  // The accounts already linked, for keeping their names and establishment in step with HR
  const accountsById = new Map([...accounts.values()].map((a) => [a.id, a]));
  const linkedIds = planned
    .map(({ fields }) => byHrId.get(fields.hrId)?.accountId ?? null)
    .filter((id): id is string => id !== null && !accountsById.has(id));
  for (const account of await loadAccountsById(db, linkedIds)) accountsById.set(account.id, account);

  // Compare
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  const accountUpdates: AccountUpdate[] = [];
  let unchanged = 0;
  for (const { fields, location } of planned) {
    const current = byHrId.get(fields.hrId);
    const account = accountActionFor(fields, current);
    if (current === undefined) {
      creates.push({ hrId: fields.hrId, location, fields, account });
      const linked = account?.kind === 'link' ? accountsById.get(account.accountId) : undefined;
      const update = linked === undefined ? undefined : accountDrift(linked, fields);
      if (update !== undefined) accountUpdates.push(update);
      continue;
    }
    const wanted = valuesOf(fields, 'present');
    const changes = PERSON_FIELDS.filter((field) => !sameValue(current.values[field], wanted[field])).map(
      (field) => ({ field, from: current.values[field], to: wanted[field] }),
    );
    if (changes.length === 0 && account === null) unchanged++;
    else updates.push({ personId: current.id, hrId: fields.hrId, location, fields, changes, account });
    const accountId = current.accountId ?? (account?.kind === 'link' ? account.accountId : null);
    const linked = accountId === null ? undefined : accountsById.get(accountId);
    const update = linked === undefined ? undefined : accountDrift(linked, fields);
    if (update !== undefined) accountUpdates.push(update);
  }

  // Departures: present people a complete import no longer lists
  const presentBefore = stored.filter((person) => person.hrStatus === 'present').length;
  const departures: PlannedDeparture[] = options.isPartial
    ? []
    : stored
        .filter((p) => p.hrStatus === 'present' && !inFile.has(p.hrId) && !rejectedIds.has(p.hrId))
        .map((p) => ({
          personId: p.id,
          hrId: p.hrId,
          displayName: p.displayName,
          email: p.email,
          accountId: p.accountId,
        }));
  const departureShare = presentBefore === 0 ? 0 : departures.length / presentBefore;
  const hasUnidentifiedRejections = departures.length > 0 && rejected.some((r) => r.hrId === null);
  return {
    source: options.source,
    isPartial: options.isPartial,
    creates,
    updates,
    departures,
    accountUpdates,
    unchanged,
    rejected: rejected.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    read: read.records.length + read.rejected.length,
    presentBefore,
    guard: {
      departureShare,
      maxShare: options.maxDepartureShare,
      hasUnidentifiedRejections,
      isRefused:
        (departureShare > options.maxDepartureShare || hasUnidentifiedRejections) && !options.isForced,
    },
  };
}

function rejectionOf(error: DomainError, location: RecordLocation, hrId: string): Rejection {
  const reason = String(error.details.reason ?? '');
  const field = error.details.field;
  const value = error.details.value ?? error.details.uai;
  const id = hrId.trim();
  return {
    ...location,
    // An id the checks refused is still worth naming, but only a well-formed one protects from departure.
    hrId: id === '' || reason === 'invalidHrId' ? null : id.slice(0, 64),
    reason: isRejectionReason(reason) ? reason : 'invalidName',
    ...(field !== undefined && { field: String(field) }),
    ...(value !== undefined && { value: String(value).slice(0, 200) }),
  };
}

/** The values the planner compares, as reports show them. */
export function valuesOf(fields: PersonFields, hrStatus: string): StoredPerson['values'] {
  return {
    givenName: fields.givenName,
    familyName: fields.familyName,
    displayName: fields.displayName,
    email: fields.email,
    title: fields.title,
    profileCategory: fields.profileCategory,
    disciplines: fields.disciplines,
    phone: fields.phone,
    posts: fields.posts.map((post) => `${post.uai}:${post.role}`),
    hrStatus,
  };
}

function sameValue(a: string | readonly string[] | null, b: string | readonly string[] | null): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

function accountDrift(account: AccountSnapshot, fields: PersonFields): AccountUpdate | undefined {
  const changes: { -readonly [K in keyof AccountUpdate['changes']]: AccountUpdate['changes'][K] } = {};
  if (account.display_name !== fields.displayName) changes.displayName = fields.displayName;
  if (account.given_name !== fields.givenName) changes.givenName = fields.givenName;
  if (account.family_name !== fields.familyName) changes.familyName = fields.familyName;
  if (account.profile_category !== fields.profileCategory) changes.profileCategory = fields.profileCategory;
  const uai = primaryUai(fields);
  // A person HR places nowhere keeps the account's establishment (an administrator may have set it).
  if (uai !== null && account.establishment_uai !== uai) changes.establishmentUai = uai;
  return Object.keys(changes).length === 0
    ? undefined
    : { accountId: account.id, email: account.email, changes };
}
