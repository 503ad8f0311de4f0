// What every SMTP handler is given: the domain services (through #domain), the settings, the throttles and
// the per-session states. Built once per listener by smtp-listener.ts; handlers hold no other state.

import type { SettingsValues } from '#core/config';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { WindowCounter } from '#core/window-counter';
import type { InboundPipeline, OutboundQueue } from '#domain/delivery';
import type { LoginThrottle, ProtocolLoginRequest, ProtocolLoginResult } from '#domain/identity';
import type { SMTP_SETTINGS } from '../settings.ts';
import type { SmtpMetrics } from '../smtp-metrics.ts';
import type { ListenerKind, SessionState } from './session-state.ts';

export type SmtpSettings = SettingsValues<typeof SMTP_SETTINGS>;

/** The identity calls SMTP makes (AUTH, and the aliases a sender may use). */
export interface SmtpIdentity {
  verifyProtocolLogin(
    username: string,
    secret: string,
    request: ProtocolLoginRequest,
  ): Promise<ProtocolLoginResult>;
  findAccount(
    address: string,
  ): Promise<
    { readonly id: string; readonly email: string; readonly aliases: readonly string[] } | undefined
  >;
}

export interface SmtpContext {
  readonly listener: ListenerKind;
  readonly log: Logger;
  readonly clock: Clock;
  readonly hostname: string;
  readonly settings: SmtpSettings;
  readonly pipeline: InboundPipeline;
  /** The outbound queue; undefined while it does not exist, and remote recipients are then refused (451). */
  readonly queue: OutboundQueue | undefined;
  readonly identity: SmtpIdentity;
  readonly metrics: SmtpMetrics;
  readonly throttle: LoginThrottle;
  /** Per-account submission rates over one hour. */
  readonly sentMessages: WindowCounter;
  readonly sentRecipients: WindowCounter;
  readonly sessions: Map<string, SessionState>;
  isDraining(): boolean;
}

/** smtp-server's callback style. */
export type Done = (error?: Error | null) => void;
