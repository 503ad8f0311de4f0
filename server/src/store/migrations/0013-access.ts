// Migration 13: access — the audit log, app passwords and web sessions (identity issue).
// - audit_events: append-only security events. No foreign keys: an event outlives the accounts it names, so it
//   keeps their ids and addresses as they were. `seq` orders events written in the same millisecond.
// - app_passwords: per-device secrets for IMAP, SMTP, JMAP and DAV clients. Only a SHA-256 of the secret is
//   kept: it is 100 random bits, so a fast hash is enough (argon2 would cost every phone reconnection).
// - trusted_networks: address ranges of the académie's establishments, from which the web login may skip the
//   second factor (per the role's policy).
// - web_sessions: the web app's cookie sessions. The cookie carries a random token; only its SHA-256 is kept,
//   so a copy of the database cannot be replayed as a cookie.

import type { Kysely } from 'kysely';
import type { DialectInfo } from '../store.ts';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>, dialect: DialectInfo['name']): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    // login.succeeded, appPassword.created… (domain/audit/audit-event.ts lists them).
    .addColumn('type', 'text', (c) => c.notNull())
    // Who did it (null: the system, or an unknown caller) and whom it concerns, as they were then.
    .addColumn('actor_account_id', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('subject_account_id', 'text')
    .addColumn('subject_email', 'text')
    .addColumn('remote_address', 'text')
    // A small JSON object of the event's own facts (never a secret).
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();
  await db.schema
    .createIndex('audit_events_subject_idx')
    .on('audit_events')
    .columns(['subject_account_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_actor_idx')
    .on('audit_events')
    .columns(['actor_account_id', 'seq'])
    .execute();

  await db.schema
    .createTable('app_passwords')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The device it was made for ("iPhone de Claire").
    .addColumn('name', 'text', (c) => c.notNull())
    // mail | dav | all.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_address', 'text')
    .addColumn('last_used_protocol', 'text')
    .execute();
  await db.schema
    .createIndex('app_passwords_account_id_idx')
    .on('app_passwords')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('trusted_networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Canonical CIDR (`192.0.2.0/24`, `2001:db8::/48`); unique.
    .addColumn('cidr', 'text', (c) => c.notNull().unique())
    // The establishment whose network it is (its administrators manage it); null for the académie's own.
    .addColumn('establishment_uai', 'text', (c) => c.references('establishments.uai').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('web_sessions')
    // The public id, shown in the list of sessions and used to end one; not a credential.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // pending: the password was right, a second factor is still owed; active: signed in.
    .addColumn('state', 'text', (c) => c.notNull())
    // How the second factor was satisfied: totp, passkey, recoveryCode, trustedNetwork, notRequired.
    .addColumn('second_factor', 'text')
    // 0/1: "shared computer" chosen at login (short idle timeout, cookie gone with the browser).
    .addColumn('is_shared_computer', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Last request seen (written at most once a minute); the idle timeout counts from it.
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('idle_timeout_ms', 'bigint', (c) => c.notNull())
    // Absolute end, whatever the activity.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Wrong second factors typed in this pending session: past a few, it ends (the password is asked again).
    .addColumn('second_factor_failures', 'integer', (c) => c.notNull().defaultTo(0))
    // Last time the user typed their password in this session: sensitive changes need a recent one.
    .addColumn('authenticated_at', 'bigint', (c) => c.notNull())
    .addColumn('remote_address', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('web_sessions_account_id_idx')
    .on('web_sessions')
    .column('account_id')
    .execute();
}

export const access: Migration = { version: 13, name: 'access', up };
