// The IPC messages between the cluster primary and its workers, tagged `vercors: 'runtime'` so they never
// mix with the store's change-event relay (tagged 'change') on the same channel.

import type { MetricFamily } from '#core/metrics';
import type { ConfigSnapshot } from './config-snapshot.ts';

export const RUNTIME_MESSAGE_TAG = 'runtime';

/** Why a worker gave up for good: restarting it would fail the same way. */
export type WorkerFatal =
  | {
      readonly reason: 'listen';
      readonly settingKey: string;
      readonly address: string;
      readonly code: string;
    }
  | { readonly reason: 'config'; readonly problems: readonly string[] };

/** Worker → primary. */
export type WorkerMessage =
  | { readonly kind: 'configRequest' }
  | { readonly kind: 'ready'; readonly listeners: readonly { name: string; address: string }[] }
  | { readonly kind: 'fatal'; readonly fatal: WorkerFatal }
  | { readonly kind: 'metricsRequest'; readonly requestId: number }
  | {
      readonly kind: 'metricsSamples';
      readonly requestId: number;
      readonly families: readonly MetricFamily[];
    }
  | { readonly kind: 'reloaded'; readonly isApplied: boolean; readonly problems: readonly string[] };

/** Primary → worker. */
export type PrimaryMessage =
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'config'; readonly snapshot: ConfigSnapshot }
  | { readonly kind: 'reload'; readonly snapshot: ConfigSnapshot }
  | { readonly kind: 'metricsCollect'; readonly requestId: number }
  | { readonly kind: 'metricsPage'; readonly requestId: number; readonly page: string | null };

export type Tagged<M> = M & { readonly vercors: typeof RUNTIME_MESSAGE_TAG };

export function tag<M extends WorkerMessage | PrimaryMessage>(message: M): Tagged<M> {
  return { vercors: RUNTIME_MESSAGE_TAG, ...message };
}

/** The runtime message carried by an IPC message, or undefined for someone else's. */
export function runtimeMessageOf<M extends WorkerMessage | PrimaryMessage>(message: unknown): M | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const candidate = message as { vercors?: unknown; kind?: unknown };
  return candidate.vercors === RUNTIME_MESSAGE_TAG && typeof candidate.kind === 'string'
    ? (message as M)
    : undefined;
}
