// Test fixture: a node's services over the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND), built
// through main.ts as production is, with a clock tests move (starting now, so files written for real are not
// "from the future" for the blob collector), one served domain, and the maintenance jobs main.ts composes.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { maintenanceJobs, openServices, readConfig, type Services } from '../main.ts';
import { openTestDatabase } from '../test-support/test-database.ts';
import type { Job, JobReport } from './job-scheduler.ts';

export { refusedWith } from '../test-support/refused-with.ts';

export const TEST_DOMAIN = 'ac-test.fr';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface JobsFixture {
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  /** Run the job named `name` once, as the scheduler would. */
  run(name: string): Promise<JobReport>;
  /** A new account with its default mailboxes. */
  newAccount(): Promise<{ readonly id: string; readonly email: string }>;
}

export async function openJobsFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<JobsFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-jobs-'));
  const clock = fixedClock(new Date());
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mx.ac-test.fr',
    VERCORS_DELIVERY_DNS: 'offline',
    ...testDatabase.env,
    ...env,
  });
  const services = await openServices(config, silentLogger(), clock);
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain(TEST_DOMAIN);
  const jobs = new Map<string, Job>(maintenanceJobs(services, silentLogger()).map((job) => [job.name, job]));
  let accounts = 0;
  return {
    services,
    clock,
    run(name) {
      const job = jobs.get(name);
      assert.ok(job, `main.ts composes a job named ${name}`);
      return job.run();
    },
    async newAccount() {
      accounts += 1;
      const email = `user${accounts}@${TEST_DOMAIN}`;
      const account = await services.identity.createAccount({ email, displayName: `User ${accounts}` });
      return { id: account.id, email };
    },
  };
}

let messages = 0;

/** A small RFC 5322 message with CRLF line ends and a unique Message-ID and body. */
export function rawMessage(subject = 'Conseil de classe'): Uint8Array {
  messages += 1;
  const id = `${messages}.${process.pid}.${Date.now()}`;
  return new TextEncoder().encode(
    [
      'From: Marie Dupont <marie.dupont@ac-grenoble.fr>',
      `To: user@${TEST_DOMAIN}`,
      `Subject: ${subject} ${messages}`,
      `Message-ID: <m${id}@ac-grenoble.fr>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Bonjour, message ${id}.`,
      '',
    ].join('\r\n'),
  );
}
