// GET /health: is this worker able to serve? Each listener it runs and the storage, with the storage's
// round-trip time. 200 only when everything is up, so a load balancer takes a degraded worker out.

import type { Hono } from 'hono';
import { performance } from 'node:perf_hooks';
import type { HttpEnv } from './http-env.ts';
import { HEALTH_STORAGE_TIMEOUT_MS } from './http-limits.ts';

export interface ListenerStatus {
  /** `http`, `https`, later `imap`… */
  readonly name: string;
  /** `host:port` as configured. */
  readonly address: string;
  readonly isUp: boolean;
}

/** What /health asks; the runtime provides it, so this protocol never imports the store. */
export interface HealthProbe {
  readonly version: string;
  /** The cluster worker's number (1…N) and process id. */
  readonly worker: { readonly slot: number; readonly pid: number };
  listeners(): readonly ListenerStatus[];
  readonly storage: {
    readonly dialect: string;
    /** Resolves when the storage answered a trivial query. */
    ping(): Promise<void>;
  };
}

export interface StorageHealth {
  readonly dialect: string;
  readonly isUp: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly version: string;
  readonly pid: number;
  readonly worker: number;
  readonly listeners: readonly ListenerStatus[];
  readonly storage: StorageHealth;
}

export function registerHealthRoute(app: Hono<HttpEnv>, probe: HealthProbe): void {
  app.get('/health', async (c) => {
    const report = await healthReport(probe);
    c.header('Cache-Control', 'no-store');
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
}

export async function healthReport(
  probe: HealthProbe,
  timeoutMs = HEALTH_STORAGE_TIMEOUT_MS,
): Promise<HealthReport> {
  const storage = await pingStorage(probe.storage, timeoutMs);
  const listeners = probe.listeners();
  const isUp = storage.isUp && listeners.every((listener) => listener.isUp);
  return {
    status: isUp ? 'ok' : 'degraded',
    version: probe.version,
    pid: probe.worker.pid,
    worker: probe.worker.slot,
    listeners,
    storage,
  };
}

async function pingStorage(storage: HealthProbe['storage'], timeoutMs: number): Promise<StorageHealth> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([storage.ping().then(() => 'up' as const), timeout]);
    if (outcome === 'timeout') {
      return {
        dialect: storage.dialect,
        isUp: false,
        latencyMs: elapsed(),
        error: `no answer within ${timeoutMs} ms`,
      };
    }
    return { dialect: storage.dialect, isUp: true, latencyMs: elapsed() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { dialect: storage.dialect, isUp: false, latencyMs: elapsed(), error: message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
