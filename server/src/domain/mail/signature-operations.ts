// Listing, creating, changing, destroying and choosing signatures (urn:vercors:jmap Signature). Each write is
// one transaction under the account lock with its change-log row (type Signature), after the automatic
// identities were brought in line with the account's addresses: an identity that goes takes its signatures
// with it (signature-removal.ts, called by the identity writes), reported destroyed in the same log.

import type { Kysely, Selectable } from 'kysely';
import { newId } from '#core/ids';
import type { DatabaseSchema, SignaturesTable } from '#store';
import { lockAccount } from './account-lock.ts';
import { mailState } from './mail-changes.ts';
import type { MailContext } from './mail-context.ts';
import {
  invalidSignature,
  SIGNATURE_LIMITS,
  SIGNATURE_TONES,
  SIGNATURE_TYPE,
  signatureNotFound,
  tooManySignatures,
  type NewSignature,
  type Signature,
  type SignatureChanges,
  type SignatureList,
  type SignatureProperty,
  type SignatureTone,
} from './signature.ts';
import { listOrder } from './list-order.ts';
import { chooseSignature, recipientAudience, type SignatureChoice } from './signature-choice.ts';
import { identityNotFound } from './sending-identity.ts';
import { syncSendingIdentities } from './sending-identity-sync.ts';
import { textProblem, type TextForm } from './typed-text.ts';

type SignatureRow = Selectable<SignaturesTable>;
type Reader = Kysely<DatabaseSchema>;

/** What Signature/choose is asked: whose signatures, for which recipients, in which tone (null: any). */
export interface SignatureChoiceRequest {
  readonly identityId: string;
  readonly recipients: readonly string[];
  readonly tone: SignatureTone | null;
}

function toSignature(row: SignatureRow): Signature {
  return {
    id: row.id,
    identityId: row.identity_id,
    name: row.name,
    textSignature: row.text_signature,
    htmlSignature: row.html_signature,
    useForInternal: Number(row.for_internal) === 1,
    useForExternal: Number(row.for_external) === 1,
    tone: row.tone as SignatureTone | null,
    sortOrder: Number(row.sort_order),
  };
}

async function signatureRows(db: Reader, accountId: string): Promise<SignatureRow[]> {
  return await db.selectFrom('signatures').selectAll().where('account_id', '=', accountId).execute();
}

function checkedText(input: string, property: SignatureProperty, form: TextForm, maxBytes: number): string {
  const problem = textProblem(input, form, maxBytes);
  if (problem !== undefined) throw invalidSignature(property, problem);
  return input;
}

/** The columns a create or a change sets, each checked; `identityId` is the caller's. */
function signatureColumns(fields: SignatureChanges): Partial<SignatureRow> {
  const { name, textSignature, htmlSignature, useForInternal, useForExternal, tone, sortOrder } = fields;
  const { maxNameBytes, maxSignatureBytes, sortOrderBound } = SIGNATURE_LIMITS;
  if (tone !== undefined && tone !== null && !SIGNATURE_TONES.includes(tone))
    throw invalidSignature('tone', 'unknownTone');
  if (
    sortOrder !== undefined &&
    !(Number.isInteger(sortOrder) && sortOrder >= 0 && sortOrder < sortOrderBound)
  )
    throw invalidSignature('sortOrder', 'invalidSortOrder');
  return {
    ...(name !== undefined && { name: checkedText(name.normalize('NFC'), 'name', 'line', maxNameBytes) }),
    ...(textSignature !== undefined && {
      text_signature: checkedText(textSignature, 'textSignature', 'text', maxSignatureBytes),
    }),
    ...(htmlSignature !== undefined && {
      html_signature: checkedText(htmlSignature, 'htmlSignature', 'text', maxSignatureBytes),
    }),
    ...(useForInternal !== undefined && { for_internal: useForInternal ? 1 : 0 }),
    ...(useForExternal !== undefined && { for_external: useForExternal ? 1 : 0 }),
    ...(tone !== undefined && { tone }),
    ...(sortOrder !== undefined && { sort_order: sortOrder }),
  };
}

async function isLiveIdentity(db: Reader, accountId: string, identityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sending_identities')
    .select('id')
    .where('id', '=', identityId)
    .where('account_id', '=', accountId)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The state of the Signature type, then every signature of the account, in list order. */
export async function listSignatures(context: MailContext, accountId: string): Promise<SignatureList> {
  await syncSendingIdentities(context, accountId);
  const state = await mailState(context, accountId, SIGNATURE_TYPE);
  const rows = await signatureRows(context.database.db, accountId);
  return { state, signatures: rows.map(toSignature).sort(listOrder) };
}

/**
 * A new signature for one of the account's live identities (else invalid on identityId); limit beyond
 * maxSignaturesPerIdentity or maxSignaturesPerAccount. Both flags default to true, the tone to null.
 */
export async function createSignature(
  context: MailContext,
  accountId: string,
  input: NewSignature,
): Promise<Signature> {
  const columns = signatureColumns(input);
  await syncSendingIdentities(context, accountId);
  const row = await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    if (!(await isLiveIdentity(tx.db, accountId, input.identityId)))
      throw invalidSignature('identityId', 'notFound');
    const existing = await tx.db
      .selectFrom('signatures')
      .select('identity_id')
      .where('account_id', '=', accountId)
      .execute();
    const { maxSignaturesPerAccount, maxSignaturesPerIdentity } = SIGNATURE_LIMITS;
    if (existing.length >= maxSignaturesPerAccount)
      throw tooManySignatures('account', maxSignaturesPerAccount);
    if (existing.filter((other) => other.identity_id === input.identityId).length >= maxSignaturesPerIdentity)
      throw tooManySignatures('identity', maxSignaturesPerIdentity);
    const now = context.clock.nowMs();
    const values: SignatureRow = {
      id: newId('sig'),
      account_id: accountId,
      identity_id: input.identityId,
      name: '',
      text_signature: '',
      html_signature: '',
      for_internal: 1,
      for_external: 1,
      tone: null,
      sort_order: 0,
      ...columns,
      created_at: now,
      updated_at: now,
    };
    await tx.db.insertInto('signatures').values(values).execute();
    await tx.recordChange(accountId, SIGNATURE_TYPE, values.id, 'created');
    return values;
  });
  context.log.info({ event: 'signature.created', accountId, signatureId: row.id }, 'signature created');
  return toSignature(row);
}

async function signatureRow(db: Reader, accountId: string, signatureId: string): Promise<SignatureRow> {
  const row = await db
    .selectFrom('signatures')
    .selectAll()
    .where('id', '=', signatureId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) throw signatureNotFound(signatureId);
  return row;
}

/** Change any field but identityId (invalid unless unchanged); notFound for another account's signature. */
export async function updateSignature(
  context: MailContext,
  accountId: string,
  signatureId: string,
  changes: SignatureChanges,
): Promise<Signature> {
  const columns = signatureColumns(changes);
  await syncSendingIdentities(context, accountId);
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const current = await signatureRow(tx.db, accountId, signatureId);
    if (changes.identityId !== undefined && changes.identityId !== current.identity_id)
      throw invalidSignature('identityId', 'immutable');
    const updated = { ...current, ...columns, updated_at: context.clock.nowMs() };
    await tx.db
      .updateTable('signatures')
      .set({ ...columns, updated_at: updated.updated_at })
      .where('id', '=', signatureId)
      .execute();
    await tx.recordChange(accountId, SIGNATURE_TYPE, signatureId, 'updated');
    return toSignature(updated);
  });
}

export async function destroySignature(
  context: MailContext,
  accountId: string,
  signatureId: string,
): Promise<void> {
  await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    await signatureRow(tx.db, accountId, signatureId);
    await tx.db.deleteFrom('signatures').where('id', '=', signatureId).execute();
    await tx.recordChange(accountId, SIGNATURE_TYPE, signatureId, 'destroyed');
  });
  context.log.info({ event: 'signature.destroyed', accountId, signatureId }, 'signature destroyed');
}

/**
 * Signature/choose: the audience of the recipients and the signature of the identity the rule picks
 * (signature-choice.ts). notFound when the identity is not one of the account's.
 */
export async function chooseSignatureFor(
  context: MailContext,
  accountId: string,
  request: SignatureChoiceRequest,
  isServedDomain: (domain: string) => Promise<boolean>,
): Promise<SignatureChoice> {
  await syncSendingIdentities(context, accountId);
  const { db } = context.database;
  if (!(await isLiveIdentity(db, accountId, request.identityId))) throw identityNotFound(request.identityId);
  const audience = await recipientAudience(request.recipients, isServedDomain);
  const rows = await db
    .selectFrom('signatures')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('identity_id', '=', request.identityId)
    .execute();
  const chosen = chooseSignature(rows.map(toSignature), audience, request.tone);
  return { signatureId: chosen?.id ?? null, audience };
}
