// The tables as Kysely sees them. Migrations (./migrations/) create exactly this; both dialects share it.
// Conventions: ids are text; times are integers in milliseconds since the epoch (portable, sortable);
// flags are integers 0/1 (portable across SQLite and PostgreSQL); counters and modseq are 64-bit integers
// surfaced as JavaScript numbers (safe to 2^53, far beyond any account's lifetime of changes).

import type { Generated } from 'kysely';

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface DomainsTable {
  id: string;
  /** Lower-case ASCII (A-labels for IDNs). */
  name: string;
  created_at: number;
}

export interface EstablishmentsTable {
  /** UAI code (unité administrative immatriculée): 7 digits and a check letter, e.g. 0380001A. */
  uai: string;
  name: string;
  /** ecole, college, lycee, lycee-professionnel, service-academique, cio, autre. */
  type: string;
  commune: string;
  /** Department number, e.g. 38 (Isère). */
  department: string;
  created_at: number;
  updated_at: number;
}

export interface AccountsTable {
  id: string;
  domain_id: string;
  /** Full primary address, lower case; unique across the server. */
  email: string;
  kind: string;
  display_name: string;
  given_name: string;
  family_name: string;
  status: string;
  status_reason: string | null;
  status_changed_at: number | null;
  locale: string;
  time_zone: string;
  profile_category: string;
  establishment_uai: string | null;
  /** null = the profile category's default. */
  quota_bytes: number | null;
  quota_messages: number | null;
  used_bytes: Generated<number>;
  used_messages: Generated<number>;
  /** argon2id PHC string; null = no password (cannot log in with one). */
  password_hash: string | null;
  password_changed_at: number | null;
  /** The account's modification sequence: the highest modseq in its change log. */
  modseq: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface AccountAliasesTable {
  /** Full alias address, lower case; unique across accounts and aliases. */
  email: string;
  account_id: string;
  created_at: number;
}

export interface AccountRolesTable {
  account_id: string;
  /** admin, helpdesk, security, establishmentAdmin… */
  role: string;
  /** '' for global roles; an establishment UAI for establishment-scoped ones. */
  scope: string;
}

export interface ChangeLogTable {
  account_id: string;
  modseq: number;
  /** The object type in JMAP terms: Mailbox, Email, Account, Calendar… */
  type: string;
  object_id: string;
  /** created | updated | destroyed */
  kind: string;
  created_at: number;
}

export interface BlobsTable {
  /** SHA-256 of the content, lower-case hex. */
  id: string;
  size: number;
  refcount: number;
  /** When refcount last dropped to 0 (garbage collection waits a grace period after it). */
  unreferenced_since: number | null;
  created_at: number;
}

export interface DatabaseSchema {
  schema_migrations: SchemaMigrationsTable;
  domains: DomainsTable;
  establishments: EstablishmentsTable;
  accounts: AccountsTable;
  account_aliases: AccountAliasesTable;
  account_roles: AccountRolesTable;
  change_log: ChangeLogTable;
  blobs: BlobsTable;
}
