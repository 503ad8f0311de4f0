// Test fixture: the JMAP app over a real HTTP socket on loopback, on the real services in a temporary data
// folder and the backend under test. Two accounts with passwords and their default mailboxes; `api` posts a
// request as one of them and returns the status and parsed body.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { JMAP_CAPABILITIES, type Invocation } from '@vercors/contract';
import { createClientAddressResolver } from '#core/client-address';
import type { Clock } from '#core/clock';
import { silentLogger } from '#core/log';
import { createContactsJmapReads } from '#domain/contacts';
import { createAccountChangeFeed } from '#domain/mail';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import { createJmapAuthenticator } from './jmap-auth.ts';
import { createJmapApp, createJmapSlots } from './jmap-service.ts';
import { corsOriginsOf, JMAP_SETTINGS } from './settings.ts';
import { createJmapWebSocket } from './websocket/websocket-upgrade.ts';

export const DOMAIN = 'ac-test.fr';
export const PAUL = { email: 'paul@ac-test.fr', password: 'Cheval-Batterie-Agrafe-42' };
export const MARIE = { email: 'marie@ac-test.fr', password: 'Lampe-Horizon-Cerise-77' };
export const MAIL_USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail];

export type Who = 'paul' | 'marie';

export interface JmapFixture {
  readonly services: Services;
  /** http://127.0.0.1:port */
  readonly base: string;
  readonly accounts: Readonly<Record<Who, string>>;
  /** A Basic Authorization header for `who`. */
  authorization(who: Who): string;
  /** POST /jmap/api as `who` (default paul); `using` defaults to core + mail. */
  api(
    methodCalls: readonly Invocation[],
    options?: { who?: Who; using?: readonly string[]; createdIds?: Record<string, string> },
  ): Promise<ApiResult>;
  /** Store a message for `who` in the mailbox of `role`, as delivery does. */
  deliver(
    who: Who,
    raw: string,
    role?: 'inbox' | 'junk' | 'sent',
  ): Promise<{ emailId: string; threadId: string }>;
}

/**
 * Whatever the server answered, for assertions that read into it freely; a wrong guess fails the assertion.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads JSON of any shape
export type Answer = any;

export interface ApiResult {
  readonly status: number;
  readonly body: Answer;
  /** The body's methodResponses: [name, arguments, call id] each. */
  readonly responses: readonly [string, Answer, string][];
}

/** A response body as JSON, typed loosely for assertions. */
export async function readJson(response: Response): Promise<Answer> {
  return await response.json();
}

export interface JmapFixtureOptions {
  /** The services' clock (default the system's): tests of expiry move it. */
  readonly clock?: Clock;
  /** More settings, as VERCORS_* variables. */
  readonly env?: Readonly<Record<string, string>>;
}

export async function openJmapFixture(
  t: TestContext,
  options: JmapFixtureOptions = {},
): Promise<JmapFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-jmap-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mail.ac-test.fr',
    ...testDatabase.env,
    ...options.env,
  });
  const log = silentLogger();
  const services = await openServices(config, log, options.clock);
  const jmapServices = {
    mail: services.mail,
    changes: createAccountChangeFeed(services.events),
    submission: services.submission,
    vacation: services.vacation,
    preferences: services.preferences,
    mdn: services.mdn,
    directory: services.directory,
    domains: services.identity,
    contacts: services.contacts,
    contactsJmap: createContactsJmapReads({ database: services.database, clock: services.clock, log }),
    spelling: services.spelling,
  };
  const authenticator = createJmapAuthenticator({
    identity: services.identity,
    throttle: services.loginThrottle,
    clock: services.clock,
    log,
  });
  const slots = createJmapSlots();
  const corsOrigins = corsOriginsOf(config.get(JMAP_SETTINGS).corsOrigins);
  // No reverse proxy in front of the tests: the socket's peer is the client.
  const clientAddress = createClientAddressResolver([]);
  const app = createJmapApp({
    services: jmapServices,
    authenticator,
    log,
    slots,
    corsOrigins,
    clientAddress,
  });
  const webSocket = createJmapWebSocket({ services: jmapServices, authenticator, log, slots, clientAddress });
  const server: Server = createServer((request, response) => {
    void listener(request, response);
  });
  server.on('upgrade', (request, socket, head) => webSocket.handle(request, socket, head));
  const listener = getRequestListener(app.fetch as Parameters<typeof getRequestListener>[0]);
  t.after(async () => {
    webSocket.closeAll();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain(DOMAIN);
  const paul = await services.identity.createAccount({ ...PAUL, displayName: 'Paul Durand' });
  const marie = await services.identity.createAccount({ ...MARIE, displayName: 'Marie Curie' });
  for (const account of [paul, marie]) await services.mail.ensureDefaultMailboxes(account.id);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const credentials = { paul: PAUL, marie: MARIE };
  const authorization = (who: Who) =>
    `Basic ${Buffer.from(`${credentials[who].email}:${credentials[who].password}`).toString('base64')}`;
  const accounts = { paul: paul.id, marie: marie.id };
  return {
    services,
    base,
    accounts,
    authorization,
    async api(methodCalls, options = {}) {
      const response = await fetch(`${base}/jmap/api`, {
        method: 'POST',
        headers: { authorization: authorization(options.who ?? 'paul'), 'content-type': 'application/json' },
        body: JSON.stringify({
          using: options.using ?? MAIL_USING,
          methodCalls,
          ...(options.createdIds === undefined ? {} : { createdIds: options.createdIds }),
        }),
      });
      const body = await readJson(response);
      return { status: response.status, body, responses: body.methodResponses ?? [] };
    },
    async deliver(who, raw, role = 'inbox') {
      const email = await services.mail.importMessage(
        accounts[who],
        Buffer.from(raw.replace(/\r?\n/g, '\r\n')),
        {
          mailboxRole: role,
        },
      );
      return { emailId: email.emailId, threadId: email.threadId };
    },
  };
}
