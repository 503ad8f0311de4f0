// SMTP metrics in the process's registry (core/metrics.ts): connections, messages accepted and refused by
// reason, bytes received, and how long delivery took from the end of DATA to the reply.

import {
  LATENCY_BUCKETS_SECONDS,
  type Counter,
  type Gauge,
  type Histogram,
  type MetricsRegistry,
} from '#core/metrics';

export interface SmtpMetrics {
  readonly connections: Counter;
  readonly openConnections: Gauge;
  readonly refusedConnections: Counter;
  readonly messages: Counter;
  readonly bytes: Counter;
  readonly deliverySeconds: Histogram;
  readonly auth: Counter;
}

export function registerSmtpMetrics(registry: MetricsRegistry): SmtpMetrics {
  return {
    connections: registry.counter({
      name: 'vercors_smtp_connections_total',
      help: 'SMTP connections accepted, by listener.',
      labelNames: ['listener'],
    }),
    openConnections: registry.gauge({
      name: 'vercors_smtp_connections_open',
      help: 'SMTP connections open now, by listener.',
      labelNames: ['listener'],
    }),
    refusedConnections: registry.counter({
      name: 'vercors_smtp_connections_refused_total',
      help: 'SMTP connections refused before the session, by listener and reason.',
      labelNames: ['listener', 'reason'],
    }),
    messages: registry.counter({
      name: 'vercors_smtp_messages_total',
      help: 'Messages after DATA, by listener, outcome (accepted, deferred, refused) and reason.',
      labelNames: ['listener', 'outcome', 'reason'],
    }),
    bytes: registry.counter({
      name: 'vercors_smtp_received_bytes_total',
      help: 'Message bytes received after DATA, by listener.',
      labelNames: ['listener'],
    }),
    deliverySeconds: registry.histogram({
      name: 'vercors_smtp_delivery_seconds',
      help: 'Time from the end of DATA to the reply (authentication, filtering, durable store), by listener.',
      labelNames: ['listener'],
      buckets: LATENCY_BUCKETS_SECONDS,
    }),
    auth: registry.counter({
      name: 'vercors_smtp_auth_total',
      help: 'SMTP AUTH attempts, by result (success, failure, locked, error).',
      labelNames: ['result'],
    }),
  };
}
