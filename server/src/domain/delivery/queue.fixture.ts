// Test fixture for the outbound queue: real services (SQLite or PostgreSQL, per VERCORS_TEST_BACKEND) in a
// temporary data folder, a clock tests move, a scripted delivery agent that counts what it was asked, and a
// local delivery that records what it stored. Built through main.ts, as production is.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type {
  DeliveryAgent,
  DeliveryRequest,
  LocalDelivery,
  LocalDeliveryResult,
  RecipientDelivery,
} from './queue-delivery-agent.ts';
import { createQueueRunner, type QueueRunner, type QueueRunnerDependencies } from './queue-runner.ts';
import { QUEUE_SETTINGS, type QueueSettings } from './queue-settings.ts';

export const FIXTURE_START = new Date('2026-11-02T08:00:00Z');
export const LOCAL_DOMAIN = 'ac-test.fr';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** What the scripted agent answers for one address: an outcome, or a function of the attempt number. */
export type Script = (
  address: string,
  attempt: number,
  request: DeliveryRequest,
) => RecipientDelivery | Promise<RecipientDelivery>;

export const answers = {
  delivered: (address: string): RecipientDelivery => ({
    address,
    outcome: 'delivered',
    status: '2.0.0',
    detail: 'delivered to mx.example.org[192.0.2.1]: 250 2.0.0 Ok',
    reply: '250 2.0.0 Ok: queued',
    remoteMta: 'mx.example.org',
  }),
  deferred: (address: string): RecipientDelivery => ({
    address,
    outcome: 'deferred',
    status: '4.2.0',
    detail: 'host mx.example.org[192.0.2.1] said: 451 4.2.0 try later (in reply to RCPT TO)',
    reply: '451 4.2.0 try later',
    remoteMta: 'mx.example.org',
  }),
  bounced: (address: string): RecipientDelivery => ({
    address,
    outcome: 'bounced',
    status: '5.1.1',
    detail: 'host mx.example.org[192.0.2.1] said: 550 5.1.1 no such user (in reply to RCPT TO)',
    reply: '550 5.1.1 <nobody@example.org>: no such user',
    remoteMta: 'mx.example.org',
  }),
} as const;

export interface ScriptedAgent extends DeliveryAgent {
  /** Every request, in order. */
  readonly requests: DeliveryRequest[];
  /** How many times each address was reported delivered. */
  readonly delivered: Map<string, number>;
  /** Attempts per address. */
  readonly attempts: Map<string, number>;
  script: Script;
}

export function scriptedAgent(script: Script = (address) => answers.delivered(address)): ScriptedAgent {
  const agent: ScriptedAgent = {
    requests: [],
    delivered: new Map(),
    attempts: new Map(),
    script,
    async deliver(request) {
      agent.requests.push(request);
      return await Promise.all(
        request.recipients.map(async ({ address }) => {
          const attempt = (agent.attempts.get(address) ?? 0) + 1;
          agent.attempts.set(address, attempt);
          const result = await agent.script(address, attempt, request);
          if (result.outcome === 'delivered')
            agent.delivered.set(address, (agent.delivered.get(address) ?? 0) + 1);
          return result;
        }),
      );
    },
  };
  return agent;
}

export interface RecordingLocalDelivery {
  readonly deliver: LocalDelivery;
  readonly stored: { address: string; raw: Uint8Array; sender: string }[];
  answer: (address: string) => LocalDeliveryResult;
}

export function recordingLocalDelivery(): RecordingLocalDelivery {
  const recording: RecordingLocalDelivery = {
    stored: [],
    answer: () => 'delivered',
    deliver: (address, raw, context) => {
      const result = recording.answer(address);
      if (result === 'delivered') recording.stored.push({ address, raw, sender: context.sender });
      return Promise.resolve(result);
    },
  };
  return recording;
}

export interface QueueFixture {
  /** The VERCORS_* settings the services were built from (for a child process on the same store). */
  readonly env: Readonly<Record<string, string>>;
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly settings: QueueSettings;
  readonly agent: ScriptedAgent;
  readonly local: RecordingLocalDelivery;
  /** A runner on this fixture's store, agent and local delivery; `overrides` change its dependencies. */
  runner(overrides?: Partial<QueueRunnerDependencies>): QueueRunner;
  /** The raw row values of one recipient. */
  recipientRow(address: string): Promise<Record<string, unknown>>;
}

/** A fresh store with the served domain ac-test.fr (closed and deleted when the test ends). */
export async function openQueueFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<QueueFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-queue-'));
  const clock = fixedClock(FIXTURE_START);
  const settingsEnv = {
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mail.ac-test.fr',
    ...testDatabase.env,
    ...env,
  };
  const config = readConfig(settingsEnv);
  const services = await openServices(config, silentLogger(), clock);
  const runners: QueueRunner[] = [];
  t.after(async () => {
    for (const runner of runners) await runner.stop(0);
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain(LOCAL_DOMAIN);
  const settings = config.get(QUEUE_SETTINGS);
  const agent = scriptedAgent();
  const local = recordingLocalDelivery();
  return {
    env: settingsEnv,
    services,
    clock,
    settings,
    agent,
    local,
    runner(overrides = {}) {
      const runner = createQueueRunner({
        database: services.database,
        blobs: services.blobs,
        clock,
        log: silentLogger(),
        settings,
        hostname: 'mail.ac-test.fr',
        agent,
        localDelivery: local.deliver,
        isLocalDomain: async (domain) => (await services.identity.getDomain(domain)) !== undefined,
        ...overrides,
      });
      runners.push(runner);
      return runner;
    },
    async recipientRow(address) {
      return await services.database.db
        .selectFrom('queue_recipients')
        .selectAll()
        .where('recipient', '=', address)
        .executeTakeFirstOrThrow();
    },
  };
}

/** A small message from a local author. */
export function sampleMessage(
  options: { from?: string; to?: string; subject?: string; body?: string } = {},
): Buffer {
  return Buffer.from(
    [
      `From: Marie Dupont <${options.from ?? `marie.dupont@${LOCAL_DOMAIN}`}>`,
      `To: <${options.to ?? 'jean@example.org'}>`,
      `Subject: ${options.subject ?? 'Conseil de classe'}`,
      'Date: Mon, 2 Nov 2026 08:00:00 +0000',
      `Message-ID: <${Math.random().toString(36).slice(2)}@${LOCAL_DOMAIN}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body ?? 'Bonjour,\r\nLe conseil de classe aura lieu jeudi.\r\n',
    ].join('\r\n'),
  );
}
