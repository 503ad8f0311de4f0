// The IMAP protocol as the runtime sees it: given the domain services and settings, make the listeners of one
// worker. The login throttle, the change feed and the per-account session counts are shared by the worker's
// listeners, so 143 and 993 count the same failures and the same sessions.

import type { Clock } from '#core/clock';
import type { ListenAddress } from '#core/config';
import type { Logger } from '#core/log';
import type { LoginThrottle } from '#domain/identity';
import { createAccountChangeFeed, type ChangeSource } from '#domain/mail';
import type { ImapContext, ImapIdentity, ImapMail, ImapSettings } from './imap-context.ts';
import {
  createImapListener,
  type ImapListener,
  type ImapListenerKind,
  type ImapTls,
} from './imap-listener.ts';
import type { ImapMetrics } from './imap-metrics.ts';
import { MailboxViews } from './mailbox-views.ts';

export interface ImapServiceOptions {
  readonly log: Logger;
  readonly clock: Clock;
  readonly hostname: string;
  readonly settings: ImapSettings;
  readonly mail: ImapMail;
  readonly identity: ImapIdentity;
  readonly throttle: LoginThrottle;
  readonly events: ChangeSource;
  readonly metrics: ImapMetrics;
  readonly maxMessageBytes: number;
}

export interface ImapService {
  createListener(kind: ImapListenerKind, address: ListenAddress, tls: ImapTls | undefined): ImapListener;
  close(): void;
}

export function createImapService(options: ImapServiceOptions): ImapService {
  const changes = createAccountChangeFeed(options.events);
  const sessionsPerAccount = new Map<string, number>();
  let isDraining = false;
  const context: ImapContext = {
    ...options,
    changes,
    views: new MailboxViews(options.mail),
    isDraining: () => isDraining,
    acquireUserSlot(accountId) {
      const open = sessionsPerAccount.get(accountId) ?? 0;
      if (open >= options.settings.maxConnectionsPerUser) return undefined;
      sessionsPerAccount.set(accountId, open + 1);
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        const left = (sessionsPerAccount.get(accountId) ?? 1) - 1;
        if (left <= 0) sessionsPerAccount.delete(accountId);
        else sessionsPerAccount.set(accountId, left);
      };
    },
  };
  return {
    createListener(kind, address, tls) {
      const listener = createImapListener({ kind, address, context, tls });
      return {
        ...listener,
        close(graceMs) {
          isDraining = true;
          return listener.close(graceMs);
        },
      };
    },
    close: () => changes.close(),
  };
}
