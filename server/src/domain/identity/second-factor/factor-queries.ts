// Reads and checks the second-factor operations share. They take a reader, so they work on the read connection
// or inside a write transaction (a Kysely Transaction is a Kysely) and act on the same snapshot as its writes.

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '#store';
import { SECOND_FACTOR_LIMITS, type SecondFactor, type SecondFactorList } from './second-factor.ts';
import { secondFactorError } from './second-factor-errors.ts';

export type Reader = Kysely<DatabaseSchema>;

/** True when the account has a TOTP app or a passkey (recovery codes alone do not count). */
export async function hasSecondFactor(db: Reader, accountId: string): Promise<boolean> {
  const totp = await db
    .selectFrom('totp_factors')
    .select('id')
    .where('account_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  if (totp !== undefined) return true;
  const passkey = await db
    .selectFrom('passkeys')
    .select('id')
    .where('account_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return passkey !== undefined;
}

export async function listSecondFactors(db: Reader, accountId: string): Promise<SecondFactorList> {
  const totp = await db
    .selectFrom('totp_factors')
    .select(['id', 'label', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .execute();
  const passkeys = await db
    .selectFrom('passkeys')
    .select(['id', 'label', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .execute();
  const factors = [
    ...totp.map((row) => toSecondFactor('totp', row)),
    ...passkeys.map((row) => toSecondFactor('passkey', row)),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  return { factors, recoveryCodesLeft: await recoveryCodesLeft(db, accountId) };
}

export async function recoveryCodesLeft(db: Reader, accountId: string): Promise<number> {
  const { count } = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function countFactors(db: Reader, table: 'totp_factors' | 'passkeys', accountId: string) {
  const { count } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** accountNotFound unless `accountId` names an account. */
export async function requireAccountId(db: Reader, accountId: string): Promise<void> {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (row === undefined) {
    throw secondFactorError('accountNotFound', 'no such account', { name: accountId.slice(0, 32) });
  }
}

/** The label as stored: NFC, spaces folded, 1 to maxLabelLength characters, no control characters. */
export function parseLabel(value: string): string {
  // Pasted megabytes are refused before any work on them.
  const label = value.length > 1024 ? '' : value.normalize('NFC').trim().replace(/\s+/g, ' ');
  const length = [...label].length;
  if (length === 0 || length > SECOND_FACTOR_LIMITS.maxLabelLength || /\p{Cc}/u.test(label)) {
    throw secondFactorError('invalidLabel', 'a second factor needs a label of 1 to 64 characters', {
      max: SECOND_FACTOR_LIMITS.maxLabelLength,
    });
  }
  return label;
}

export function toSecondFactor(
  kind: SecondFactor['kind'],
  row: { id: string; label: string; created_at: number; last_used_at: number | null },
): SecondFactor {
  return {
    id: row.id,
    kind,
    label: row.label,
    createdAt: new Date(Number(row.created_at)),
    lastUsedAt: row.last_used_at === null ? null : new Date(Number(row.last_used_at)),
  };
}
