// Migration 14: second factors (identity issue) — TOTP authenticators (RFC 6238), WebAuthn passkeys, their
// pending enrolments and ceremony challenges, and single-use recovery codes. Portable schema builder only.
// TOTP secrets were stored as they are (base32) by this version; since migration 19 they are sealed with the
// secrets key kept outside the database (core/secret-box.ts), old ones on their next use.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('totp_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Chosen by the user ("téléphone"), shown in the list of factors.
    .addColumn('label', 'text', (c) => c.notNull())
    // Base32, not encrypted (see the header).
    .addColumn('secret', 'text', (c) => c.notNull())
    // The last time step (30 s) whose code was accepted; codes of that step or before are replays. Null: unused.
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('totp_factors_account_id_idx')
    .on('totp_factors')
    .column('account_id')
    .execute();

  // A TOTP secret shown to the user but not yet confirmed by a code; gone when confirmed or expired.
  await db.schema
    .createTable('totp_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('totp_enrolments_account_id_idx')
    .on('totp_enrolments')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    // The WebAuthn credential id, base64url. Unique across accounts: WebAuthn §7.1 step 26 refuses a credential
    // already registered to anyone.
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    // The COSE public key, base64url.
    .addColumn('public_key', 'text', (c) => c.notNull())
    // The authenticator's signature counter (0 for those that keep none, like most synced passkeys).
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    // JSON array of transports (usb, nfc, ble, internal, hybrid), handed back in allowCredentials.
    .addColumn('transports', 'text', (c) => c.notNull())
    // The authenticator model (all zeros when not disclosed).
    .addColumn('aaguid', 'text', (c) => c.notNull())
    // 0/1: a synced (multi-device) credential that is backed up.
    .addColumn('is_backed_up', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkeys_account_id_idx').on('passkeys').column('account_id').execute();

  // A WebAuthn challenge handed out by a start call and consumed by the finish call, in whichever process.
  await db.schema
    .createTable('webauthn_challenges')
    // base64url of 32 random bytes.
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // registration | authentication.
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webauthn_challenges_account_id_idx')
    .on('webauthn_challenges')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // SHA-256 hex of the account id and the normalised code; the code itself is shown once and never kept.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Set when the code was used; a used code stays (until the set is regenerated) but never works again.
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('recovery_codes_pkey', ['account_id', 'code_hash'])
    .execute();
}

export const secondFactors: Migration = { version: 14, name: 'second-factors', up };
