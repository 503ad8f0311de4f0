// CardDAV on the HTTP listeners: the runtime builds the DAV app from the services and mounts it on the HTTP
// app, beside JMAP and the web login (protocols never import each other, STYLE.md §3.3), with the académie
// directory's read-only address book beside the personal ones.

import type { Hono } from 'hono';
import { createClientAddressResolver } from '#core/client-address';
import type { Logger } from '#core/log';
import { createDavApp, createDavAuthenticator, directoryBook } from '#protocols/dav';
import { HTTP_SETTINGS, type HttpEnv } from '#protocols/http';
import type { Services } from '../main.ts';

export function mountDav(app: Hono<HttpEnv>, services: Services, log: Logger): void {
  const dav = createDavApp({
    contacts: services.contacts,
    extraProviders: [directoryBook(services.directory)],
    authenticator: createDavAuthenticator({
      identity: services.identity,
      throttle: services.loginThrottle,
      clock: services.clock,
      log,
    }),
    clientAddress: createClientAddressResolver(services.config.get(HTTP_SETTINGS).trustedProxies),
    log,
  });
  app.route('/', dav as unknown as Hono<HttpEnv>);
}
