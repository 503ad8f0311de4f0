// Creating accounts, one or many in a single transaction (the HR import and the demo create hundreds):
// every field checked first, passwords hashed before the writer lock is taken, then domains, addresses and
// establishments checked inside the transaction that inserts, so a concurrent writer cannot slip in between.
// Each creation is audited (account.created) in that transaction.

import { DomainError, StoreError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import type { Account, NewAccount } from './account.ts';
import { toAccount, type AccountRow } from './account-rows.ts';
import { parseNewAccount, type AccountFields } from './account-fields.ts';
import {
  chunks,
  knownEstablishments,
  servedDomains,
  takenAddresses,
  unknownEstablishment,
  type Reader,
} from './account-lookups.ts';
import type { IdentityContext } from './identity-context.ts';
import { checkPasswordPolicy } from './password-policy.ts';

/** Rows per multi-row INSERT: 20 columns × 100 stays far below the bound-parameter limits. */
const INSERT_CHUNK = 100;

function addressTaken(address: string, subject: 'account' | 'alias', cause?: unknown): DomainError {
  return new DomainError('exists', `address ${address} is already in use`, {
    cause,
    details: { subject, name: address },
  });
}

/** Refuse an address used twice within the batch itself (as a primary address or an alias). */
function checkBatchUniqueness(batch: readonly AccountFields[]): void {
  const seen = new Set<string>();
  for (const fields of batch) {
    const addresses = [
      { address: fields.address.address, subject: 'account' as const },
      ...fields.aliases.map((alias) => ({ address: alias.address, subject: 'alias' as const })),
    ];
    for (const { address, subject } of addresses) {
      if (seen.has(address)) throw addressTaken(address, subject);
      seen.add(address);
    }
  }
}

async function hashPasswords(
  context: IdentityContext,
  inputs: readonly NewAccount[],
  batch: readonly AccountFields[],
) {
  // Policy first for the whole batch, so a bad password late in the list costs no hashing.
  const passwords = inputs.map((input, index) => {
    const fields = batch[index];
    if (input.password === undefined || fields === undefined) return undefined;
    return checkPasswordPolicy(input.password, context.settings.passwordMinLength, {
      email: fields.address.address,
      names: [fields.givenName, fields.familyName],
    });
  });
  return Promise.all(
    passwords.map(async (password) => (password === undefined ? null : context.hasher.hash(password))),
  );
}

export async function createAccounts(
  context: IdentityContext,
  inputs: readonly NewAccount[],
  origin: AccessOrigin = {},
): Promise<Account[]> {
  const { database, clock, log, settings } = context;
  const batch = inputs.map(parseNewAccount);
  checkBatchUniqueness(batch);
  const hashes = await hashPasswords(context, inputs, batch);
  const now = clock.nowMs();

  let rows: AccountRow[];
  try {
    rows = await database.write(async (tx) => {
      const domainIds = await checkReferences(tx.db, batch);
      const inserted = await insertAccounts(tx, batch, { domainIds, hashes, now });
      for (const row of inserted) {
        await recordAuditEvent(tx, clock, {
          type: 'account.created',
          actor: origin.actor,
          subject: { accountId: row.id, email: row.email },
          remoteAddress: origin.remoteAddress,
          details: { establishment: row.establishment_uai, hasPassword: row.password_hash !== null },
        });
      }
      await context.onAccountsCreated?.(
        tx,
        inserted.map((row) => toAccount(row, settings)),
      );
      return inserted;
    });
  } catch (error) {
    // A concurrent writer took an address between our check and our insert (PostgreSQL, several nodes).
    if (error instanceof StoreError && error.code === 'conflict') {
      throw addressTaken(batch.length === 1 ? (batch[0]?.address.address ?? '') : 'batch', 'account', error);
    }
    throw error;
  }
  if (rows.length === 1) {
    log.info({ event: 'account.created', accountId: rows[0]?.id, email: rows[0]?.email }, 'account created');
  } else {
    log.info({ event: 'accounts.created', count: rows.length }, 'accounts created');
  }
  return rows.map((row) => toAccount(row, settings));
}

/** Every address in a served domain and free, every establishment known; returns the domain ids by name. */
async function checkReferences(db: Reader, batch: readonly AccountFields[]): Promise<Map<string, string>> {
  // Domains
  const owned = batch.flatMap((fields) => [
    { parsed: fields.address, subject: 'account' as const },
    ...fields.aliases.map((parsed) => ({ parsed, subject: 'alias' as const })),
  ]);
  const domainIds = await servedDomains(
    db,
    owned.map(({ parsed }) => parsed.domain),
  );
  const outside = owned.find(({ parsed }) => !domainIds.has(parsed.domain));
  if (outside) {
    const { parsed, subject } = outside;
    throw new DomainError('invalid', `domain ${parsed.domain} is not served`, {
      details: { subject, name: parsed.address, reason: 'unknownDomain', domain: parsed.domain },
    });
  }

  // Addresses
  const taken = await takenAddresses(
    db,
    owned.map(({ parsed }) => parsed.address),
  );
  const clash = owned.find(({ parsed }) => taken.has(parsed.address));
  if (clash) throw addressTaken(clash.parsed.address, clash.subject);

  // Establishments
  const references = batch.flatMap((fields) =>
    [fields.establishmentUai, ...fields.roles.map((role) => role.scope)]
      .filter((uai): uai is string => uai !== null && uai !== '')
      .map((uai) => ({ uai, owner: fields.address.address })),
  );
  const known = await knownEstablishments(
    db,
    references.map((r) => r.uai),
  );
  const missing = references.find((r) => !known.has(r.uai));
  if (missing) throw unknownEstablishment(missing.uai, 'account', missing.owner);
  return domainIds;
}

async function insertAccounts(
  tx: WriteTransaction,
  batch: readonly AccountFields[],
  {
    domainIds,
    hashes,
    now,
  }: { domainIds: Map<string, string>; hashes: readonly (string | null)[]; now: number },
): Promise<AccountRow[]> {
  const { db } = tx;
  const rows: AccountRow[] = batch.map((fields, index) => ({
    id: newId('a'),
    domain_id: domainIds.get(fields.address.domain) ?? '',
    email: fields.address.address,
    kind: fields.kind,
    display_name: fields.displayName,
    given_name: fields.givenName,
    family_name: fields.familyName,
    status: 'active',
    status_reason: null,
    status_changed_at: null,
    locale: fields.locale,
    time_zone: fields.timeZone,
    profile_category: fields.profileCategory,
    establishment_uai: fields.establishmentUai,
    quota_bytes: fields.quotaBytes,
    quota_messages: fields.quotaMessages,
    used_bytes: 0,
    used_messages: 0,
    password_hash: hashes[index] ?? null,
    password_changed_at: hashes[index] ? now : null,
    // Inactivity counts from creation: an account nobody ever uses is suspended one period later.
    last_activity_at: now,
    // Set afterwards from the HR file (setNumen), hashed like a password.
    numen_hash: null,
    modseq: 0,
    created_at: now,
    updated_at: now,
  }));
  // The counters and modseq start at their column defaults.
  const insertable = rows.map(({ used_bytes: _ub, used_messages: _um, modseq: _m, ...row }) => row);
  for (const part of chunks(insertable, INSERT_CHUNK)) await db.insertInto('accounts').values(part).execute();
  const aliases = batch.flatMap((fields, i) =>
    fields.aliases.map((a) => ({ email: a.address, account_id: rows[i]?.id ?? '', created_at: now })),
  );
  for (const part of chunks(aliases, INSERT_CHUNK))
    await db.insertInto('account_aliases').values(part).execute();
  const roles = batch.flatMap((fields, i) =>
    fields.roles.map((r) => ({ account_id: rows[i]?.id ?? '', role: r.role, scope: r.scope })),
  );
  for (const part of chunks(roles, INSERT_CHUNK)) await db.insertInto('account_roles').values(part).execute();

  // Record the changes: each new account's first modseq.
  for (const row of rows) row.modseq = await tx.recordChange(row.id, 'Account', row.id, 'created');
  return rows;
}
