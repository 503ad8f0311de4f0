// Carry out an import plan: create the accounts new people need (through identity), write people in short
// transactions of APPLY_LIMITS.batch operations (so the single SQLite writer goes back to mail in between), then
// suspend departed people's accounts and bring linked accounts in step with HR, one identity call each (each
// audited by identity). A failure part-way leaves what was written consistent: running the import again
// finishes the job, since the plan is recomputed from what is stored.

import { DomainError, StoreError } from '#core/errors';
import { newId } from '#core/ids';
import type { Clock } from '#core/clock';
import type { Database, WriteTransaction } from '#store';
import type { PersonFields } from '../person.ts';
import type { HrAccountOrigin, HrAccounts, HrNewAccount } from './hr-accounts.ts';
import type { AccountAction, ImportPlan } from './import-plan.ts';
import { primaryUai } from '../person.ts';

export const APPLY_LIMITS = {
  /** People written per transaction: a few milliseconds of the writer each. */
  batch: 200,
  /** Accounts created per identity call (one transaction each, with their default mailboxes). */
  accountBatch: 100,
} as const;

/** The status_reason of an account suspended because its person left (and the `reason` of its audit event). */
export const DEPARTURE_REASON = 'departure';

export interface ApplyReport {
  readonly created: number;
  readonly updated: number;
  readonly departed: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly accounts: {
    readonly created: number;
    readonly linked: number;
    readonly suspended: number;
    readonly updated: number;
    /** Accounts identity refused to create or update (the person is still written, unlinked). */
    readonly failed: readonly { readonly email: string; readonly code: string; readonly reason: string }[];
  };
}

export interface ApplyProgress {
  readonly phase: 'accounts' | 'people' | 'departures';
  readonly done: number;
  readonly total: number;
}

export interface ApplyDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly accounts: HrAccounts;
}

export async function applyPlan(
  { database, clock, accounts }: ApplyDependencies,
  plan: ImportPlan,
  options: {
    readonly origin?: HrAccountOrigin;
    readonly onProgress?: (progress: ApplyProgress) => void;
  } = {},
): Promise<ApplyReport> {
  if (plan.guard.isRefused) {
    const isOverShare = plan.guard.departureShare > plan.guard.maxShare;
    throw new DomainError('limit', 'the import would depart people it may not have read', {
      details: {
        subject: 'hrImport',
        name: plan.source,
        reason: isOverShare ? 'tooManyDepartures' : 'unidentifiedRejections',
        count: plan.departures.length,
        present: plan.presentBefore,
      },
    });
  }
  const failed: { email: string; code: string; reason: string }[] = [];
  const progress = options.onProgress ?? (() => {});

  // Accounts for new people (and for existing people who now have an address in a served domain)
  const wanted = [...plan.creates, ...plan.updates].filter(
    (item): item is typeof item & { account: AccountAction & { kind: 'create' } } =>
      item.account?.kind === 'create',
  );
  const createdIds = new Map<string, string>();
  const toCreate: HrNewAccount[] = wanted.map(({ fields }) => newAccountOf(fields));
  for (let start = 0; start < toCreate.length; start += APPLY_LIMITS.accountBatch) {
    const batch = toCreate.slice(start, start + APPLY_LIMITS.accountBatch);
    for (const account of await createAccounts(accounts, batch, failed))
      createdIds.set(account.email, account.id);
    progress({
      phase: 'accounts',
      done: Math.min(start + batch.length, toCreate.length),
      total: toCreate.length,
    });
  }
  const accountIdOf = (action: AccountAction | null): string | null => {
    if (action === null) return null;
    return action.kind === 'link' ? action.accountId : (createdIds.get(action.email) ?? null);
  };

  // People, updates before creations (an address moving from one person to another is freed first)
  type Operation = (tx: WriteTransaction, now: number) => Promise<void>;
  const operations: Operation[] = [
    ...plan.updates.map(
      (update): Operation =>
        async (tx, now) => {
          const accountId = accountIdOf(update.account);
          await tx.db
            .updateTable('people')
            .set({
              ...columnsOf(update.fields),
              ...(accountId !== null && { account_id: accountId }),
              hr_status: 'present',
              departed_at: null,
              source: plan.source,
              updated_at: now,
            })
            .where('id', '=', update.personId)
            .execute();
          if (update.changes.some((change) => change.field === 'posts')) {
            await tx.db
              .deleteFrom('person_establishments')
              .where('person_id', '=', update.personId)
              .execute();
            await insertPosts(tx, update.personId, update.fields);
          }
        },
    ),
    ...plan.creates.map(
      (create): Operation =>
        async (tx, now) => {
          const id = newId('p');
          await tx.db
            .insertInto('people')
            .values({
              id,
              hr_id: create.fields.hrId,
              account_id: accountIdOf(create.account),
              ...columnsOf(create.fields),
              listing: 'listed',
              hr_status: 'present',
              departed_at: null,
              source: plan.source,
              created_at: now,
              updated_at: now,
            })
            .execute();
          await insertPosts(tx, id, create.fields);
        },
    ),
    ...plan.departures.map(
      (departure): Operation =>
        async (tx, now) => {
          await tx.db
            .updateTable('people')
            .set({ hr_status: 'departed', departed_at: now, updated_at: now })
            .where('id', '=', departure.personId)
            .where('hr_status', '=', 'present')
            .execute();
        },
    ),
  ];
  for (let start = 0; start < operations.length; start += APPLY_LIMITS.batch) {
    const batch = operations.slice(start, start + APPLY_LIMITS.batch);
    await database.write(async (tx) => {
      const now = clock.nowMs();
      for (const operation of batch) await operation(tx, now);
    });
    progress({
      phase: 'people',
      done: Math.min(start + batch.length, operations.length),
      total: operations.length,
    });
  }

  // Departed people's accounts: suspended through identity (audited, sessions ended, mail still received per
  // lifecycle.suspended-accounts-receive-mail); an account already suspended or disabled is left as it is.
  let suspended = 0;
  const leaving = plan.departures.filter((d) => d.accountId !== null);
  for (const [index, departure] of leaving.entries()) {
    const account = await database.db
      .selectFrom('accounts')
      .select(['email', 'status'])
      .where('id', '=', departure.accountId ?? '')
      .executeTakeFirst();
    if (account?.status === 'active') {
      await accounts.suspendAccount(account.email, DEPARTURE_REASON, options.origin);
      suspended++;
    }
    progress({ phase: 'departures', done: index + 1, total: leaving.length });
  }

  // Linked accounts kept in step with HR (names, category, main establishment)
  let accountsUpdated = 0;
  for (const update of plan.accountUpdates) {
    try {
      await accounts.updateAccount(update.email, update.changes);
      accountsUpdated++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed.push({
        email: update.email,
        code: error.code,
        reason: String(error.details.reason ?? error.message),
      });
    }
  }

  return {
    created: plan.creates.length,
    updated: plan.updates.length,
    departed: plan.departures.length,
    unchanged: plan.unchanged,
    rejected: plan.rejected.length,
    accounts: {
      created: createdIds.size,
      linked: [...plan.creates, ...plan.updates].filter((item) => item.account?.kind === 'link').length,
      suspended,
      updated: accountsUpdated,
      failed,
    },
  };
}

function newAccountOf(fields: PersonFields): HrNewAccount {
  return {
    email: fields.email ?? '',
    displayName: fields.displayName,
    givenName: fields.givenName,
    familyName: fields.familyName,
    profileCategory: fields.profileCategory,
    establishmentUai: primaryUai(fields),
  };
}

/** One call for the batch; if identity refuses it, one call per account so a single bad address blocks nobody else. */
async function createAccounts(
  accounts: HrAccounts,
  batch: readonly HrNewAccount[],
  failed: { email: string; code: string; reason: string }[],
): Promise<readonly { id: string; email: string }[]> {
  try {
    return await accounts.createAccounts(batch);
  } catch (error) {
    if (!isRefusal(error) || batch.length === 1) {
      if (!isRefusal(error)) throw error;
      const first = batch[0];
      if (first !== undefined) failed.push(failureOf(first.email, error));
      return [];
    }
  }
  const created: { id: string; email: string }[] = [];
  for (const input of batch) {
    try {
      created.push(...(await accounts.createAccounts([input])));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      failed.push(failureOf(input.email, error));
    }
  }
  return created;
}

function isRefusal(error: unknown): error is DomainError | StoreError {
  return error instanceof DomainError || (error instanceof StoreError && error.code === 'conflict');
}

function failureOf(
  email: string,
  error: DomainError | StoreError,
): { email: string; code: string; reason: string } {
  const reason = error instanceof DomainError ? String(error.details.reason ?? error.code) : error.code;
  return { email, code: error.code, reason };
}

function columnsOf(fields: PersonFields) {
  return {
    given_name: fields.givenName,
    family_name: fields.familyName,
    display_name: fields.displayName,
    email: fields.email,
    title: fields.title,
    profile_category: fields.profileCategory,
    disciplines: JSON.stringify(fields.disciplines),
    phone: fields.phone,
  };
}

async function insertPosts(tx: WriteTransaction, personId: string, fields: PersonFields): Promise<void> {
  if (fields.posts.length === 0) return;
  await tx.db
    .insertInto('person_establishments')
    .values(
      fields.posts.map((post) => ({
        person_id: personId,
        establishment_uai: post.uai,
        role: post.role,
        is_primary: post.isPrimary ? 1 : 0,
      })),
    )
    .execute();
}
