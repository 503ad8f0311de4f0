// Test fixture: an identity service over the real store in a temporary data folder, with a clock tests move
// and a hasher that counts its calls (still argon2id underneath). Built through main.ts, as production is.

import { createSecretBox, newSecretKey } from '#core/secret-box';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import type { DirectoryService } from '#domain/directory';
import type { Database, EventBus } from '#store';
import { openServices, readConfig } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { IdentitySettings } from './account-rows.ts';
import { createIdentityService, type IdentityService } from './identity-service.ts';
import { argon2Hasher, type PasswordHasher } from './password-hasher.ts';
import { IDENTITY_SETTINGS } from './settings.ts';

export { refusedWith } from '../../test-support/refused-with.ts';

export interface CountingHasher extends PasswordHasher {
  readonly calls: { hash: number; verify: number };
}

export interface IdentityFixture {
  readonly identity: IdentityService;
  readonly directory: DirectoryService;
  readonly database: Database;
  readonly events: EventBus;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly hasher: CountingHasher;
  readonly settings: IdentitySettings;
}

export const FIXTURE_START = new Date('2026-09-01T08:00:00Z');

export function countingHasher(inner: PasswordHasher = argon2Hasher): CountingHasher {
  const calls = { hash: 0, verify: 0 };
  return {
    calls,
    hash(password) {
      calls.hash++;
      return inner.hash(password);
    },
    verify(phc, password) {
      calls.verify++;
      return inner.verify(phc, password);
    },
    needsRehash: (phc) => inner.needsRehash(phc),
  };
}

/** A fresh store (closed and deleted when the test ends); `env` adds VERCORS_* settings. */
export async function openIdentityFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<IdentityFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-identity-'));
  const clock = fixedClock(FIXTURE_START);
  const config = readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env, ...env });
  const services = await openServices(config, silentLogger(), clock);
  t.after(async () => {
    // This fixture's own identity service audits failures after answering: written before the store closes.
    await identity.settleAudit();
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  const hasher = countingHasher();
  const settings = config.get(IDENTITY_SETTINGS);
  const identity = createIdentityService({
    secrets: createSecretBox(newSecretKey()),
    database: services.database,
    clock,
    log: silentLogger(),
    settings,
    hasher,
  });
  return {
    identity,
    directory: services.directory,
    database: services.database,
    events: services.events,
    clock,
    hasher,
    settings,
  };
}

/** A served domain and one establishment, the setting most tests start from. */
export async function withDomainAndSchool(fixture: IdentityFixture): Promise<void> {
  await fixture.identity.addDomain('ac-test.fr');
  await fixture.directory.upsertEstablishment({
    uai: '0380027Y',
    name: 'Lycée Champollion',
    type: 'lycee',
    commune: 'Grenoble',
    department: '38',
  });
}

/** The account's change-log rows, oldest first, as `modseq kind type`. */
export async function changesOf(database: Database, accountId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('change_log')
    .select(['modseq', 'kind', 'type'])
    .where('account_id', '=', accountId)
    .orderBy('modseq')
    .execute();
  return rows.map((row) => `${Number(row.modseq)} ${row.kind} ${row.type}`);
}
