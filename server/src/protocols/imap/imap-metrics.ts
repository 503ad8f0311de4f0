// IMAP's metrics: connections, commands by name and outcome, and logins. Registered once per worker.

import type { Counter, Gauge, MetricsRegistry } from '#core/metrics';

export interface ImapMetrics {
  readonly connections: Gauge;
  readonly commands: Counter;
  readonly logins: Counter;
}

export function registerImapMetrics(registry: MetricsRegistry): ImapMetrics {
  return {
    connections: registry.gauge({
      name: 'vercors_imap_connections',
      help: 'IMAP connections open, by listener.',
      labelNames: ['listener'],
    }),
    commands: registry.counter({
      name: 'vercors_imap_commands_total',
      help: 'IMAP commands completed, by command and tagged status.',
      labelNames: ['command', 'status'],
    }),
    logins: registry.counter({
      name: 'vercors_imap_logins_total',
      help: 'IMAP login attempts, by result (success, failure, locked, error).',
      labelNames: ['result'],
    }),
  };
}
