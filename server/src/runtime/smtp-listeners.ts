// The SMTP side of a worker: one SMTP service over the worker's domain services, and a listener for each
// planned SMTP address (MX, 465, 587), with the TLS provider's certificate. The protocol never sees the store:
// the pipeline and the queue come from main.ts's Services.

import type { Config } from '#core/config';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { loadMailauth } from '#domain/delivery';
import { createSmtpService, registerSmtpMetrics, SMTP_SETTINGS, type SmtpListener } from '#protocols/smtp';
import type { Services } from '../main.ts';
import type { PlannedListener, SmtpListenerName } from './listener-plan.ts';
import type { TlsContextProvider } from './tls/index.ts';

export interface SmtpListenerFactory {
  create(planned: PlannedListener<SmtpListenerName>): SmtpListener;
}

export function createSmtpListenerFactory(parts: {
  readonly config: Config;
  readonly log: Logger;
  readonly services: Services;
  readonly tls: TlsContextProvider;
  readonly registry: MetricsRegistry;
}): SmtpListenerFactory {
  const { config, services, tls } = parts;
  const service = createSmtpService({
    log: parts.log.child({ protocol: 'smtp' }),
    clock: services.clock,
    hostname: config.get(CORE_SETTINGS).hostname,
    settings: config.get(SMTP_SETTINGS),
    pipeline: services.inbound,
    queue: services.outbound,
    identity: services.identity,
    metrics: registerSmtpMetrics(parts.registry),
    throttle: services.loginThrottle,
  });
  return {
    create(planned) {
      // The MX checks every message with mailauth, loaded on first use (mailauth-library.ts): a worker that
      // serves the MX loads it now, in the background, so the first message does not wait the half second.
      if (planned.name === 'smtp') {
        loadMailauth().catch((error: unknown) => parts.log.error({ err: error }, 'loading mailauth failed'));
      }
      const material = tls.material();
      return service.createListener(planned.name, planned.address, {
        certificate: material.certificate,
        privateKey: material.privateKey,
        current: () => tls.current(),
        sniCallback: tls.sniCallback,
      });
    },
  };
}
