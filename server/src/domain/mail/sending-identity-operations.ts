// Listing, creating, changing and destroying sending identities (JMAP Identity/get and /set). Each write is one
// transaction under the account lock with its change-log row (type Identity), after the automatic identities
// were brought in line with the account's addresses (sending-identity-sync.ts).

import type { Kysely } from 'kysely';
import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { sendingAddresses, toAddress } from '#domain/identity';
import type { DatabaseSchema } from '#store';
import { lockAccount } from './account-lock.ts';
import { mailState } from './mail-changes.ts';
import type { MailContext } from './mail-context.ts';
import {
  addressNotOwned,
  identityNotFound,
  invalidIdentity,
  SENDING_IDENTITY_LIMITS,
  type NewSendingIdentity,
  type SendingIdentity,
  type SendingIdentityChanges,
  type SendingIdentityList,
} from './sending-identity.ts';
import { destroyIdentitySignatures } from './signature-removal.ts';
import {
  addressesFromColumn,
  addressesToColumn,
  parseAddressList,
  parseIdentityName,
  parseSignature,
} from './sending-identity-fields.ts';
import {
  IDENTITY_TYPE,
  identityRows,
  syncSendingIdentities,
  type SendingIdentityRow,
} from './sending-identity-sync.ts';

function toIdentity(row: SendingIdentityRow, primaryEmail: string): SendingIdentity {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    replyTo: addressesFromColumn(row.reply_to),
    bcc: addressesFromColumn(row.bcc),
    textSignature: row.text_signature,
    htmlSignature: row.html_signature,
    mayDelete: !(Number(row.is_automatic) === 1 && row.email === primaryEmail),
  };
}

/** The primary address's identity first, then by address; for one address, the automatic one first. */
function identityOrder(primaryEmail: string) {
  return (a: SendingIdentityRow, b: SendingIdentityRow): number => {
    const rank = (row: SendingIdentityRow) => (row.email === primaryEmail ? 0 : 1);
    return (
      rank(a) - rank(b) ||
      (a.email < b.email ? -1 : a.email > b.email ? 1 : 0) ||
      Number(b.is_automatic) - Number(a.is_automatic) ||
      Number(a.created_at) - Number(b.created_at) ||
      (a.id < b.id ? -1 : 1)
    );
  };
}

/** The state of the Identity type, then every live identity of the account. */
export async function listIdentities(context: MailContext, accountId: string): Promise<SendingIdentityList> {
  const addresses = await syncSendingIdentities(context, accountId);
  const state = await mailState(context, accountId, IDENTITY_TYPE);
  const rows = (await identityRows(context.database.db, accountId)).filter(
    (row) => row.destroyed_at === null,
  );
  const identities = rows.sort(identityOrder(addresses.email)).map((row) => toIdentity(row, addresses.email));
  return { state, identities };
}

/** A new identity for one of the account's addresses; forbidden (addressNotOwned) for any other. */
export async function createIdentity(
  context: MailContext,
  accountId: string,
  input: NewSendingIdentity,
): Promise<SendingIdentity> {
  const fields = {
    name: parseIdentityName(input.name ?? ''),
    replyTo: parseAddressList(input.replyTo ?? null, 'replyTo'),
    bcc: parseAddressList(input.bcc ?? null, 'bcc'),
    textSignature: parseSignature(input.textSignature ?? '', 'textSignature'),
    htmlSignature: parseSignature(input.htmlSignature ?? '', 'htmlSignature'),
  };
  const email = toAddress(input.email)?.address;
  await syncSendingIdentities(context, accountId);
  const { row, primaryEmail } = await context.database.write(async (tx) => {
    const account = await lockAccount(context, tx, accountId);
    // What the account may send from is identity's to say, read in this transaction.
    const addresses = await sendingAddresses(tx.db, accountId);
    const owned = new Set([account.email, ...(addresses?.aliases ?? [])]);
    if (email === undefined || !owned.has(email)) throw addressNotOwned(input.email.trim().slice(0, 254));
    const rows = await identityRows(tx.db, accountId);
    if (rows.length >= SENDING_IDENTITY_LIMITS.maxIdentitiesPerAccount) {
      throw new DomainError(
        'limit',
        `at most ${SENDING_IDENTITY_LIMITS.maxIdentitiesPerAccount} identities`,
        {
          details: {
            subject: 'identity',
            name: email,
            reason: 'tooManyIdentities',
            max: SENDING_IDENTITY_LIMITS.maxIdentitiesPerAccount,
          },
        },
      );
    }
    const now = context.clock.nowMs();
    const values = {
      id: newId('s'),
      account_id: accountId,
      email,
      name: fields.name,
      reply_to: addressesToColumn(fields.replyTo),
      bcc: addressesToColumn(fields.bcc),
      text_signature: fields.textSignature,
      html_signature: fields.htmlSignature,
      is_automatic: 0,
      destroyed_at: null,
      created_at: now,
      updated_at: now,
    };
    await tx.db.insertInto('sending_identities').values(values).execute();
    await tx.recordChange(accountId, IDENTITY_TYPE, values.id, 'created');
    return { row: values, primaryEmail: account.email };
  });
  context.log.info({ event: 'identity.created', accountId, identityId: row.id }, 'identity created');
  return toIdentity(row, primaryEmail);
}

/** Change the name, Reply-To, Bcc or signatures; the address cannot change (invalid on `email`). */
export async function updateIdentity(
  context: MailContext,
  accountId: string,
  identityId: string,
  changes: SendingIdentityChanges,
): Promise<SendingIdentity> {
  const columns = {
    ...(changes.name !== undefined && { name: parseIdentityName(changes.name) }),
    ...(changes.replyTo !== undefined && {
      reply_to: addressesToColumn(parseAddressList(changes.replyTo, 'replyTo')),
    }),
    ...(changes.bcc !== undefined && { bcc: addressesToColumn(parseAddressList(changes.bcc, 'bcc')) }),
    ...(changes.textSignature !== undefined && {
      text_signature: parseSignature(changes.textSignature, 'textSignature'),
    }),
    ...(changes.htmlSignature !== undefined && {
      html_signature: parseSignature(changes.htmlSignature, 'htmlSignature'),
    }),
  };
  await syncSendingIdentities(context, accountId);
  return await context.database.write(async (tx) => {
    const account = await lockAccount(context, tx, accountId);
    const current = await liveIdentity(tx.db, accountId, identityId);
    if (changes.email !== undefined && toAddress(changes.email)?.address !== current.email)
      throw invalidIdentity('email', 'immutable', changes.email.slice(0, 64));
    const updated = { ...current, ...columns, updated_at: context.clock.nowMs() };
    await tx.db
      .updateTable('sending_identities')
      .set({ ...columns, updated_at: updated.updated_at })
      .where('id', '=', identityId)
      .execute();
    await tx.recordChange(accountId, IDENTITY_TYPE, identityId, 'updated');
    return toIdentity(updated, account.email);
  });
}

/**
 * Destroy an identity; forbidden for the primary address's (mayDelete false). An automatic identity of an alias
 * leaves a marker, so it is not made again while the alias stays.
 */
export async function destroyIdentity(
  context: MailContext,
  accountId: string,
  identityId: string,
): Promise<void> {
  await syncSendingIdentities(context, accountId);
  await context.database.write(async (tx) => {
    const account = await lockAccount(context, tx, accountId);
    const current = await liveIdentity(tx.db, accountId, identityId);
    if (!toIdentity(current, account.email).mayDelete) {
      throw new DomainError('forbidden', `the identity of ${current.email} cannot be destroyed`, {
        details: { subject: 'identity', name: identityId, reason: 'primaryIdentity' },
      });
    }
    // Its signatures first: deleting the identity would cascade to them, unreported.
    await destroyIdentitySignatures(tx, accountId, identityId);
    if (Number(current.is_automatic) === 1) {
      const now = context.clock.nowMs();
      await tx.db
        .updateTable('sending_identities')
        .set({ destroyed_at: now, updated_at: now })
        .where('id', '=', identityId)
        .execute();
    } else {
      await tx.db.deleteFrom('sending_identities').where('id', '=', identityId).execute();
    }
    await tx.recordChange(accountId, IDENTITY_TYPE, identityId, 'destroyed');
  });
  context.log.info({ event: 'identity.destroyed', accountId, identityId }, 'identity destroyed');
}

async function liveIdentity(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  identityId: string,
): Promise<SendingIdentityRow> {
  const row = await db
    .selectFrom('sending_identities')
    .selectAll()
    .where('id', '=', identityId)
    .where('account_id', '=', accountId)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw identityNotFound(identityId);
  return row;
}
