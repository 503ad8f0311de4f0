// The HTTP stack as the runtime serves it (security headers, body limit, observer) with the routes a test
// mounts, over real services on the backend under test, listening on 127.0.0.1: closed and removed when the
// test ends.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { createMetricsRegistry } from '#core/metrics';
import type { Logger } from '#core/log';
import { silentLogger } from '#core/log';
import { createHttpApp, type HttpEnv } from '#protocols/http';
import type { Services } from '../main.ts';
import { openTestServices } from '../test-support/test-services.ts';

export type Mount = (app: Hono<HttpEnv>, services: Services, log: Logger) => void;

export async function openHttpStack(
  t: TestContext,
  mounts: readonly Mount[],
): Promise<{ services: Services; base: string }> {
  const services = await openTestServices(t);
  const log = silentLogger();
  const app = createHttpApp({
    log,
    metrics: createMetricsRegistry(),
    health: {
      version: 'test',
      worker: { slot: 0, pid: process.pid },
      listeners: () => [],
      storage: { dialect: 'sqlite', ping: async () => {} },
    },
    scrapeMetrics: () => Promise.resolve(''),
  });
  for (const mount of mounts) mount(app, services, log);
  const listener = getRequestListener(app.fetch as Parameters<typeof getRequestListener>[0]);
  const server = createServer((request, response) => void listener(request, response));
  // No request is in flight when a test ends: the server and the services may close in either order.
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { services, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
