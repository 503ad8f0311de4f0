// A throwaway PostgreSQL database for tests and benchmarks: created under a random name through an admin URL,
// holding one schema per test (cheap to create, isolates tests), dropped with everything in it at the end.

import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface ScratchDatabase {
  /** URL of the scratch database itself (its public schema). */
  readonly url: string;
  /** A new empty schema; the returned URL makes it the connection's search_path. */
  createSchema(): Promise<string>;
  /** Drop the database, disconnecting whoever is still in it. */
  drop(): Promise<void>;
}

/** `adminUrl` names a database the caller may run CREATE DATABASE from (e.g. postgres://postgres@host/postgres). */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `vercors_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const scratch = postgres(url.href, { max: 1, onnotice: () => undefined });
  let schemas = 0;
  return {
    url: url.href,
    async createSchema() {
      schemas += 1;
      const schema = `test_${schemas}`;
      await scratch.unsafe(`CREATE SCHEMA ${schema}`);
      const schemaUrl = new URL(url);
      schemaUrl.searchParams.set('search_path', schema);
      return schemaUrl.href;
    },
    async drop() {
      await scratch.end();
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
