// The IMAP side of a worker: one IMAP service over the worker's domain services, and a listener for each
// planned IMAP address (143 with STARTTLS, 993 with implicit TLS), with the TLS provider's certificate.
// The protocol never sees the store: mail, identity and the change events come from main.ts's Services.

import type { Config } from '#core/config';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { createImapService, IMAP_SETTINGS, registerImapMetrics, type ImapListener } from '#protocols/imap';
import { SMTP_SETTINGS } from '#protocols/smtp';
import type { Services } from '../main.ts';
import type { ImapListenerName, PlannedListener } from './listener-plan.ts';
import type { TlsContextProvider } from './tls/index.ts';

export interface ImapListenerFactory {
  create(planned: PlannedListener<ImapListenerName>): ImapListener;
}

export function createImapListenerFactory(parts: {
  readonly config: Config;
  readonly log: Logger;
  readonly services: Services;
  readonly tls: TlsContextProvider;
  readonly registry: MetricsRegistry;
}): ImapListenerFactory {
  const { config, services, tls } = parts;
  const service = createImapService({
    log: parts.log.child({ protocol: 'imap' }),
    clock: services.clock,
    hostname: config.get(CORE_SETTINGS).hostname,
    settings: config.get(IMAP_SETTINGS),
    mail: services.mail,
    identity: services.identity,
    throttle: services.loginThrottle,
    events: services.events,
    metrics: registerImapMetrics(parts.registry),
    // One message size for the whole system: what SMTP accepts, APPEND accepts.
    maxMessageBytes: config.get(SMTP_SETTINGS).maxMessageSize,
  });
  return {
    create(planned) {
      return service.createListener(planned.name, planned.address, {
        current: () => tls.current(),
        sniCallback: tls.sniCallback,
      });
    },
  };
}
