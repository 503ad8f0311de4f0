// Test fixture: the /auth endpoints on a real loopback HTTP server over the real services, a clock tests move,
// every log line kept (to prove no secret is written), and a client that can connect from 127.0.0.1 or
// 127.0.0.2 — the untrusted and the trusted network of the tests — keeping the session cookie it is given.

import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { createClientAddressResolver } from '#core/client-address';
import { fixedClock } from '#core/clock';
import { createLogger } from '#core/log';
import { createAdminOperations, WEB_SESSION_COOKIE } from '#domain/identity';
import type { Services } from '../../main.ts';
import { openTestServices } from '../../test-support/test-services.ts';
import { createWebAuthApp } from './web-auth-app.ts';

export const PAUL = { email: 'paul@ac-test.fr', password: 'Cheval-Batterie-Agrafe-42' };
export const TRUSTED = '127.0.0.2';
export const UNTRUSTED = '127.0.0.1';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON answers field by field
  readonly body: any;
  /** The body as text (HTML pages). */
  readonly text: string;
  /** The session token the answer set, if it set one (empty when it cleared the cookie). */
  readonly setToken: string | undefined;
}

export interface CallOptions {
  readonly method?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is (a form), with the content type given in `headers`. */
  readonly raw?: string;
  readonly from?: string;
  readonly token?: string;
  readonly csrf?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface WebAuthFixture {
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly paulId: string;
  readonly logLines: string[];
  call(path: string, options?: CallOptions): Promise<Reply>;
}

export async function openWebAuthFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<WebAuthFixture> {
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const services = await openTestServices(t, { clock, env });
  await services.identity.addDomain('ac-test.fr');
  const paul = await services.identity.createAccount({ email: PAUL.email, displayName: 'Paul Durand' });
  await services.identity.setPassword(PAUL.email, PAUL.password);
  await services.identity.addTrustedNetwork({ cidr: `${TRUSTED}/32`, label: 'Lycée de test' }, {});
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const app = createWebAuthApp({
    identity: services.identity,
    throttle: services.loginThrottle,
    clock,
    log,
    clientAddress: createClientAddressResolver([]),
    hostname: 'mail.ac-test.fr',
    issuer: 'Académie de Test',
    admin: createAdminOperations(services.database, services.identity),
    mailClients: {
      imap: [{ host: 'mail.ac-test.fr', port: 993, security: 'tls' }],
      smtp: [
        { host: 'mail.ac-test.fr', port: 465, security: 'tls' },
        { host: 'mail.ac-test.fr', port: 587, security: 'starttls' },
      ],
    },
  });
  const listener = getRequestListener(app.fetch as Parameters<typeof getRequestListener>[0]);
  const server = createServer((request, response) => {
    void listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, UNTRUSTED, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;

  const call = (path: string, options: CallOptions = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const headers: Record<string, string> = { ...options.headers };
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      if (options.token !== undefined) headers.cookie = `${WEB_SESSION_COOKIE}=${options.token}`;
      if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
      const outgoing = httpRequest(
        {
          host: UNTRUSTED,
          port,
          path,
          method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
          localAddress: options.from ?? UNTRUSTED,
          headers,
          timeout: 10_000,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const cookie = [incoming.headers['set-cookie'] ?? []].flat()[0];
            const match =
              cookie === undefined ? undefined : new RegExp(`^${WEB_SESSION_COOKIE}=([^;]*)`).exec(cookie);
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: /json/.test(String(incoming.headers['content-type'])) ? JSON.parse(text) : undefined,
              text,
              setToken: match?.[1],
            });
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${path} timed out`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });

  return { services, clock, paulId: paul.id, logLines, call };
}
