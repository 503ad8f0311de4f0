// Test fixture: the mail service over the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND), built
// through main.ts as production is, with accounts created by identity (so the default-mailbox hook runs), a
// clock tests move, raw messages to import, and helpers to read the change log and assert refusals.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { IDENTITY_SETTINGS, type AccountDetails, type IdentityService } from '#domain/identity';
import type { BlobStore, Database } from '#store';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { Mailbox, MailboxRole } from './mailbox.ts';
import type { MailDependencies } from './mail-context.ts';
import { createMailService, type MailService } from './mail-service.ts';

export { refusedWith } from '../../test-support/refused-with.ts';

export const FIXTURE_START = new Date('2026-09-01T08:00:00Z');
export const TEST_DOMAIN = 'ac-test.fr';

export interface MailFixture {
  readonly mail: MailService;
  readonly identity: IdentityService;
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly services: Services;
  /** What the mail service was built from, for building its parts alone. */
  readonly dependencies: MailDependencies;
  /** A second mail service over the same store, built from changed dependencies (counting, failing). */
  mailWith(changes: Partial<MailDependencies>): MailService;
}

/** A fresh store with one served domain (closed and deleted when the test ends). */
export async function openMailFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<MailFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-mail-'));
  const clock = fixedClock(FIXTURE_START);
  const config = readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env, ...env });
  const services = await openServices(config, silentLogger(), clock);
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain(TEST_DOMAIN);
  const dependencies: MailDependencies = {
    database: services.database,
    blobs: services.blobs,
    clock,
    log: silentLogger(),
    identitySettings: config.get(IDENTITY_SETTINGS),
  };
  return {
    mail: services.mail,
    identity: services.identity,
    database: services.database,
    blobs: services.blobs,
    clock,
    services,
    dependencies,
    mailWith: (changes) => createMailService({ ...dependencies, ...changes }),
  };
}

let accountNumber = 0;

/** A new account (with its default mailboxes, through identity's hook). */
export async function newAccount(
  fixture: MailFixture,
  options: { locale?: string; quotaBytes?: number; quotaMessages?: number; email?: string } = {},
): Promise<AccountDetails> {
  accountNumber += 1;
  return await fixture.identity.createAccount({
    email: options.email ?? `user${accountNumber}@${TEST_DOMAIN}`,
    displayName: `User ${accountNumber}`,
    ...(options.locale !== undefined && { locale: options.locale }),
    ...(options.quotaBytes !== undefined && { quotaBytes: options.quotaBytes }),
    ...(options.quotaMessages !== undefined && { quotaMessages: options.quotaMessages }),
  });
}

export async function mailboxByRole(
  fixture: MailFixture,
  accountId: string,
  role: MailboxRole,
): Promise<Mailbox> {
  const mailbox = (await fixture.mail.listMailboxes(accountId)).find((m) => m.role === role);
  assert.ok(mailbox, `account ${accountId} has a ${role} mailbox`);
  return mailbox;
}

export interface MessageFields {
  readonly subject?: string;
  readonly from?: string;
  readonly to?: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly date?: string;
  readonly body?: string;
}

let messageNumber = 0;

/** A small RFC 5322 message with CRLF line ends; every field has a plausible default. */
export function rawMessage(fields: MessageFields = {}): Uint8Array {
  messageNumber += 1;
  const lines = [
    `From: ${fields.from ?? 'Marie Dupont <marie.dupont@ac-grenoble.fr>'}`,
    `To: ${fields.to ?? `user@${TEST_DOMAIN}`}`,
    `Subject: ${fields.subject ?? `Message ${messageNumber}`}`,
    `Date: ${fields.date ?? 'Tue, 01 Sep 2026 10:00:00 +0200'}`,
    `Message-ID: <${fields.messageId ?? `m${messageNumber}.${Date.now()}@ac-grenoble.fr`}>`,
    ...(fields.inReplyTo === undefined ? [] : [`In-Reply-To: <${fields.inReplyTo}>`]),
    ...(fields.references === undefined
      ? []
      : [`References: ${fields.references.map((id) => `<${id}>`).join(' ')}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    fields.body ?? `Bonjour,\r\nceci est le message numéro ${messageNumber}.\r\n`,
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** The account's change-log rows of mail types, oldest first, as `modseq kind type`. */
export async function mailChangesOf(database: Database, accountId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('change_log')
    .select(['modseq', 'kind', 'type', 'object_id'])
    .where('account_id', '=', accountId)
    .where('type', 'in', ['Mailbox', 'Email', 'Thread'])
    .orderBy('modseq')
    .orderBy('type')
    .orderBy('object_id')
    .execute();
  return rows.map((row) => `${Number(row.modseq)} ${row.kind} ${row.type}`);
}

/** Counts the statements run through a Kysely instance. */
export function countingPlugin(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
      plugin.count += 1;
      return args.node;
    },
    transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
      return Promise.resolve(args.result);
    },
  };
  return plugin;
}

/** The same database, with `plugin` on its reads and, when asked, on every write transaction too. */
export function databaseWithPlugin(database: Database, plugin: KyselyPlugin, onWrites = false): Database {
  return {
    dialect: database.dialect,
    db: database.db.withPlugin(plugin),
    search: database.search,
    readerLocation: database.readerLocation,
    write: (work, options) =>
      database.write((tx) => work(onWrites ? { ...tx, db: tx.db.withPlugin(plugin) } : tx), options),
    ping: () => database.ping(),
    close: () => database.close(),
  };
}

/** Reads every byte of a stream. */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The same database with a search index that keeps nothing: for tests that seed thousands of emails to measure
 * something else, where indexing each one would dominate the run time.
 */
export function databaseWithoutSearch(database: Database): Database {
  return {
    dialect: database.dialect,
    db: database.db,
    search: {
      index: () => Promise.resolve(),
      remove: () => Promise.resolve(),
      search: () => Promise.resolve([]),
      match: () => Promise.resolve({ count: 0, among: () => Promise.resolve([]) }),
    },
    readerLocation: database.readerLocation,
    write: (work, options) => database.write(work, options),
    ping: () => database.ping(),
    close: () => database.close(),
  };
}
