// JMAP on the HTTP listeners: the runtime builds the JMAP app from the services and mounts it on the HTTP app
// (protocols never import each other, STYLE.md §3.3).

import type { Hono } from 'hono';
import type { Logger } from '#core/log';
import { createAccountChangeFeed } from '#domain/mail';
import { createJmapApp, createJmapAuthenticator } from '#protocols/jmap';
import type { HttpEnv } from '#protocols/http';
import type { Services } from '../main.ts';

export function mountJmap(app: Hono<HttpEnv>, services: Services, log: Logger): void {
  const authenticator = createJmapAuthenticator({
    identity: services.identity,
    throttle: services.loginThrottle,
    clock: services.clock,
    log,
  });
  // One bus subscription per worker, fanned out to this worker's event streams.
  const changes = createAccountChangeFeed(services.events);
  const jmap = createJmapApp({
    services: { mail: services.mail, changes, submission: services.submission },
    authenticator,
    log,
  });
  app.route('/', jmap as unknown as Hono<HttpEnv>);
}
