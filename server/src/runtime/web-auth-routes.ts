// The web login endpoints on the HTTP listeners: the runtime builds them from the services and mounts them
// on the HTTP app, next to JMAP (protocols never import each other, STYLE.md §3.3).

import type { Hono } from 'hono';
import { createClientAddressResolver } from '#core/client-address';
import type { ListenAddress, SettingsValues } from '#core/config';
import type { Logger } from '#core/log';
import { createAdminOperations } from '#domain/identity';
import { CORE_SETTINGS } from '#core/settings';
import { HTTP_SETTINGS, type HttpEnv } from '#protocols/http';
import { createWebAuthApp, type ClientEndpoint, type MailClientSettings } from '#protocols/web-auth';
import type { Services } from '../main.ts';
import { LISTENER_SETTINGS } from './runtime-settings.ts';

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
    mailClients: mailClientSettings(services.config.get(LISTENER_SETTINGS), hostname),
    admin: createAdminOperations(services.database, services.identity),
  });
  app.route('/', webAuth as unknown as Hono<HttpEnv>);
}

/** The listeners a mail app uses, under the public host name, implicit TLS first (what phones prefer). */
function mailClientSettings(
  listeners: SettingsValues<typeof LISTENER_SETTINGS>,
  hostname: string,
): MailClientSettings {
  const endpoint = (address: ListenAddress | null, security: ClientEndpoint['security']): ClientEndpoint[] =>
    address === null ? [] : [{ host: hostname, port: address.port, security }];
  return {
    imap: [...endpoint(listeners.imaps, 'tls'), ...endpoint(listeners.imap, 'starttls')],
    smtp: [...endpoint(listeners.submissions, 'tls'), ...endpoint(listeners.submission, 'starttls')],
  };
}
