// The SMTP protocol as the runtime sees it: given the domain services and settings, make the listeners of
// one worker. The AUTH throttle and the per-account sending rates are shared by the worker's listeners, so
// 465 and 587 count the same failures and the same messages.

import type { Clock } from '#core/clock';
import { createWindowCounter } from '#core/window-counter';
import type { ListenAddress } from '#core/config';
import type { Logger } from '#core/log';
import type { InboundPipeline, OutboundQueue } from '#domain/delivery';
import { createLoginThrottle, type LoginThrottle } from '#domain/identity';
import type { SmtpIdentity, SmtpSettings } from './inbound/smtp-context.ts';
import type { ListenerKind, SessionState } from './inbound/session-state.ts';
import { MAX_TRACKED_ADDRESSES } from './limits.ts';
import { createSmtpListener, type SmtpListener, type SmtpTls } from './smtp-listener.ts';
import type { SmtpMetrics } from './smtp-metrics.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface SmtpServiceOptions {
  readonly log: Logger;
  readonly clock: Clock;
  readonly hostname: string;
  readonly settings: SmtpSettings;
  readonly pipeline: InboundPipeline;
  readonly queue: OutboundQueue | undefined;
  readonly identity: SmtpIdentity;
  readonly metrics: SmtpMetrics;
  /** The process's login throttle, shared with IMAP; a private one when not given. */
  readonly throttle?: LoginThrottle;
}

export interface SmtpService {
  createListener(kind: ListenerKind, address: ListenAddress, tls: SmtpTls): SmtpListener;
}

export function createSmtpService(options: SmtpServiceOptions): SmtpService {
  const throttle = options.throttle ?? createLoginThrottle(options.clock);
  const rate = { windowMs: HOUR_MS, maxKeys: MAX_TRACKED_ADDRESSES, clock: options.clock };
  const sentMessages = createWindowCounter(rate);
  const sentRecipients = createWindowCounter(rate);
  return {
    createListener(kind, address, tls) {
      const sessions = new Map<string, SessionState>();
      const context = {
        ...options,
        listener: kind,
        throttle,
        sentMessages,
        sentRecipients,
        sessions,
        isDraining: () => false,
      };
      return createSmtpListener({ address, context, tls });
    },
  };
}
