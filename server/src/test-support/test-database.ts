// Which store the domain, demo and CLI tests run on. Unset: SQLite in each fixture's temporary data folder.
// VERCORS_TEST_BACKEND=postgres (npm test sets it for a second pass): a scratch PostgreSQL database per fixture,
// made through VERCORS_TEST_POSTGRES_URL and dropped when the test ends — the same tests, the other backend.

import { createScratchDatabase } from '../store/postgres/scratch-database.ts';

export type TestBackend = 'sqlite' | 'postgres';

export function testBackend(): TestBackend {
  return process.env.VERCORS_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  /** Settings that point a fixture's configuration at the backend under test. */
  readonly env: Readonly<Record<string, string>>;
  /** Drop what was made for the test; call it after the services on it are closed. */
  release(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  if (testBackend() === 'sqlite') return { env: {}, release: async () => {} };
  const adminUrl = process.env.VERCORS_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('VERCORS_TEST_BACKEND=postgres needs VERCORS_TEST_POSTGRES_URL');
  const scratch = await createScratchDatabase(adminUrl);
  return { env: { VERCORS_DATABASE_URL: scratch.url }, release: () => scratch.drop() };
}
