// JMAP on the HTTP listeners: the runtime builds the JMAP app from the services and mounts it on the HTTP app,
// and hands the listeners JMAP's WebSocket endpoint for upgrades (protocols never import each other, STYLE.md
// §3.3).

import type { Hono } from 'hono';
import { createClientAddressResolver } from '#core/client-address';
import type { Logger } from '#core/log';
import { createContactsJmapReads } from '#domain/contacts';
import { createAccountChangeFeed } from '#domain/mail';
import { SPELLING_SETTINGS } from '#domain/spelling';
import {
  corsOriginsOf,
  createJmapApp,
  createJmapAuthenticator,
  createJmapSlots,
  createJmapWebSocket,
  JMAP_SETTINGS,
} from '#protocols/jmap';
import { HTTP_SETTINGS, type HttpEnv, type UpgradeHandler } from '#protocols/http';
import type { Services } from '../main.ts';

/** Mount the JMAP routes on `app`; returns the WebSocket endpoint for the listeners' upgrades. */
export function mountJmap(app: Hono<HttpEnv>, services: Services, log: Logger): UpgradeHandler {
  const authenticator = createJmapAuthenticator({
    identity: services.identity,
    throttle: services.loginThrottle,
    clock: services.clock,
    log,
  });
  // One bus subscription per worker, fanned out to this worker's event streams.
  const changes = createAccountChangeFeed(services.events);
  const jmapServices = {
    mail: services.mail,
    changes,
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
  // The spelling dictionary loads at start when the site asks (the service logs a failure), else at the first
  // check.
  const spelling = services.config.get(SPELLING_SETTINGS);
  if (spelling.enabled && spelling.preload) void services.spelling.load().catch(() => undefined);
  // The per-account bounds are shared by the HTTP endpoints and the WebSocket of this process.
  const slots = createJmapSlots();
  const corsOrigins = corsOriginsOf(services.config.get(JMAP_SETTINGS).corsOrigins);
  const clientAddress = createClientAddressResolver(services.config.get(HTTP_SETTINGS).trustedProxies);
  const jmap = createJmapApp({
    services: jmapServices,
    authenticator,
    log,
    slots,
    corsOrigins,
    clientAddress,
  });
  app.route('/', jmap as unknown as Hono<HttpEnv>);
  return createJmapWebSocket({ services: jmapServices, authenticator, log, slots, clientAddress });
}
