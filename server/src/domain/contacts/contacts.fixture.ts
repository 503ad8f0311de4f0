// Test fixture: the contacts service over the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND),
// built through main.ts as production is, with a clock tests move and a vCard maker.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import type { AccountDetails } from '#domain/identity';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { ContactsService } from './contacts-service.ts';

export { refusedWith } from '../../test-support/refused-with.ts';

export const TEST_DOMAIN = 'ac-test.fr';

export interface ContactsFixture {
  readonly contacts: ContactsService;
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  newAccount(options?: { locale?: string; aliases?: string[] }): Promise<AccountDetails>;
}

let accountNumber = 0;

export async function openContactsFixture(t: TestContext): Promise<ContactsFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-contacts-'));
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const config = readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env });
  const services = await openServices(config, silentLogger(), clock);
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain(TEST_DOMAIN);
  return {
    contacts: services.contacts,
    services,
    clock,
    async newAccount(options = {}) {
      accountNumber += 1;
      return await services.identity.createAccount({
        email: `contact${accountNumber}@${TEST_DOMAIN}`,
        displayName: `Contact ${accountNumber}`,
        ...(options.locale !== undefined && { locale: options.locale }),
        ...(options.aliases !== undefined && { aliases: options.aliases }),
      });
    },
  };
}

/** A vCard 3.0 text. */
export function vcard(fields: {
  uid?: string;
  fn: string;
  email?: string;
  extra?: readonly string[];
}): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    ...(fields.uid === undefined ? [] : [`UID:${fields.uid}`]),
    `FN:${fields.fn}`,
    'N:;;;;',
    ...(fields.email === undefined ? [] : [`EMAIL:${fields.email}`]),
    ...(fields.extra ?? []),
    'END:VCARD',
    '',
  ].join('\r\n');
}
