// The web login endpoints on the HTTP listeners: the runtime builds them from the services and mounts them
// on the HTTP app, next to JMAP (protocols never import each other, STYLE.md §3.3).

import type { Hono } from 'hono';
import { createClientAddressResolver } from '#core/client-address';
import type { Logger } from '#core/log';
import { CORE_SETTINGS } from '#core/settings';
import { HTTP_SETTINGS, type HttpEnv } from '#protocols/http';
import { createWebAuthApp } from '#protocols/web-auth';
import type { Services } from '../main.ts';

export function mountWebAuth(app: Hono<HttpEnv>, services: Services, log: Logger): void {
  const hostname = services.config.get(CORE_SETTINGS).hostname;
  const webAuth = createWebAuthApp({
    identity: services.identity,
    throttle: services.loginThrottle,
    clock: services.clock,
    log,
    clientAddress: createClientAddressResolver(services.config.get(HTTP_SETTINGS).trustedProxies),
    hostname,
    issuer: hostname,
  });
  app.route('/', webAuth as unknown as Hono<HttpEnv>);
}
