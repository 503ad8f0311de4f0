// The real services (main.ts) for a test, on a temporary data folder and the backend under test (SQLite, or
// PostgreSQL with VERCORS_TEST_BACKEND): closed, released and removed when the test ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Clock } from '#core/clock';
import { silentLogger } from '#core/log';
import { openServices, readConfig, type Services } from '../main.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestServicesOptions {
  readonly clock?: Clock;
  readonly hostname?: string;
  /** More settings, as VERCORS_* variables. */
  readonly env?: Readonly<Record<string, string>>;
}

export async function openTestServices(t: TestContext, options: TestServicesOptions = {}): Promise<Services> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-services-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: options.hostname ?? 'mail.ac-test.fr',
    ...testDatabase.env,
    ...options.env,
  });
  const services = await openServices(config, silentLogger(), options.clock);
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  return services;
}
