// Test fixture: the DAV app over a real HTTP socket on loopback, on the real services in a temporary data
// folder and the backend under test, with two accounts (password logins) and a raw request helper.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { createClientAddressResolver } from '#core/client-address';
import { silentLogger } from '#core/log';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { AddressBookProvider } from './collection-provider.ts';
import { createDavAuthenticator } from './dav-auth.ts';
import { createDavApp } from './dav-service.ts';

export const DOMAIN = 'ac-test.fr';
export const PAUL = { email: 'paul@ac-test.fr', password: 'Cheval-Batterie-Agrafe-42' };
export const MARIE = { email: 'marie@ac-test.fr', password: 'Lampe-Horizon-Cerise-77' };
export type Who = 'paul' | 'marie';

export interface DavAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface DavFixture {
  readonly services: Services;
  /** http://127.0.0.1:port */
  readonly base: string;
  readonly accounts: Readonly<Record<Who, string>>;
  authorization(who: Who): string;
  /** A request as `who` (default paul; null: no credentials). */
  request(
    method: string,
    path: string,
    options?: { who?: Who | null; body?: string; headers?: Record<string, string> },
  ): Promise<DavAnswer>;
}

export async function openDavFixture(
  t: TestContext,
  options: { extraProviders?: readonly AddressBookProvider[] } = {},
): Promise<DavFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-dav-'));
  const config = readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env });
  const log = silentLogger();
  const services = await openServices(config, log);
  const app = createDavApp({
    contacts: services.contacts,
    ...(options.extraProviders && { extraProviders: options.extraProviders }),
    authenticator: createDavAuthenticator({
      identity: services.identity,
      throttle: services.loginThrottle,
      clock: services.clock,
      log,
    }),
    clientAddress: createClientAddressResolver([]),
    log,
  });
  const listener = getRequestListener(app.fetch as Parameters<typeof getRequestListener>[0]);
  const server: Server = createServer((request, response) => {
    void listener(request, response);
  });
  t.after(async () => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credentials = { paul: PAUL, marie: MARIE };
  const authorization = (who: Who) =>
    `Basic ${Buffer.from(`${credentials[who].email}:${credentials[who].password}`).toString('base64')}`;
  return {
    services,
    base,
    accounts: { paul: paul.id, marie: marie.id },
    authorization,
    async request(method, path, options = {}) {
      const who = options.who === undefined ? 'paul' : options.who;
      const response = await fetch(`${base}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          ...(who !== null && { Authorization: authorization(who) }),
          ...options.headers,
        },
        ...(options.body !== undefined && { body: options.body }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

export function card(uid: string, fn: string, extra: readonly string[] = []): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:${fn}`, 'N:;;;;', ...extra, 'END:VCARD', ''].join(
    '\r\n',
  );
}

export const PROPFIND_XML = { 'Content-Type': 'application/xml; charset=utf-8' };
