// Preferences as the store keeps them: the account row's language and time zone, and the preferences row
// (none until the first change: the defaults). Rows are written only through checkChanges, so a value outside
// its choices is a corrupt row or a bug, not something to show.

import assert from 'node:assert/strict';
import type { Kysely, Selectable } from 'kysely';
import type { Locale } from '@vercors/contract';
import type { DatabaseSchema, PreferencesTable } from '#store';
import {
  COMPOSE_FORMATS,
  DEFAULT_PREFERENCES,
  READ_RECEIPT_POLICIES,
  type ComposeFormat,
  type ReadReceiptPolicy,
  type StoredPreferences,
} from './preferences.ts';

type Reader = Kysely<DatabaseSchema>;

/** The account fields Preferences shows, with the address identity finds the account by. */
export interface AccountSettings {
  readonly email: string;
  readonly locale: Locale;
  readonly timeZone: string;
}

export async function readAccountSettings(
  db: Reader,
  accountId: string,
): Promise<AccountSettings | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['email', 'locale', 'time_zone'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  // identity checked the locale when it wrote it (account-fields.ts).
  return row && { email: row.email, locale: row.locale as Locale, timeZone: row.time_zone };
}

/**
 * The account's fields, its row locked for the rest of the transaction (a no-op UPDATE, as contacts and mail
 * do), so two changes to one account's preferences apply one after the other and neither is lost.
 */
export async function lockAccountSettings(
  db: Reader,
  accountId: string,
): Promise<AccountSettings | undefined> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ modseq: eb.ref('modseq') }))
    .where('id', '=', accountId)
    .returning(['email', 'locale', 'time_zone'])
    .executeTakeFirst();
  return row && { email: row.email, locale: row.locale as Locale, timeZone: row.time_zone };
}

export async function readStoredPreferences(db: Reader, accountId: string): Promise<StoredPreferences> {
  const row = await db
    .selectFrom('preferences')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row === undefined ? DEFAULT_PREFERENCES : toStoredPreferences(row);
}

function toStoredPreferences(row: Selectable<PreferencesTable>): StoredPreferences {
  assert(
    (READ_RECEIPT_POLICIES as readonly string[]).includes(row.read_receipts),
    'preferences.read_receipts',
  );
  assert((COMPOSE_FORMATS as readonly string[]).includes(row.compose_format), 'preferences.compose_format');
  const senders: unknown = JSON.parse(row.remote_images_from);
  assert(
    Array.isArray(senders) && senders.every((sender) => typeof sender === 'string'),
    'preferences.remote_images_from',
  );
  return {
    readReceipts: row.read_receipts as ReadReceiptPolicy,
    requestReadReceipts: Number(row.request_read_receipts) === 1,
    undoSendSeconds: Number(row.undo_send_seconds),
    conversationView: Number(row.conversation_view) === 1,
    remoteImagesFrom: senders as string[],
    composeFormat: row.compose_format as ComposeFormat,
  };
}

/** Insert or replace the account's row. */
export async function writeStoredPreferences(
  db: Reader,
  accountId: string,
  preferences: StoredPreferences,
  nowMs: number,
): Promise<void> {
  const values = {
    read_receipts: preferences.readReceipts,
    request_read_receipts: preferences.requestReadReceipts ? 1 : 0,
    undo_send_seconds: preferences.undoSendSeconds,
    conversation_view: preferences.conversationView ? 1 : 0,
    remote_images_from: JSON.stringify(preferences.remoteImagesFrom),
    compose_format: preferences.composeFormat,
    updated_at: nowMs,
  };
  await db
    .insertInto('preferences')
    .values({ account_id: accountId, ...values })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet(values))
    .execute();
}
