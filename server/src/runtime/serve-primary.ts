// The cluster primary of `vercors serve`. It has what must happen once prepared (TLS files, migrations, demo
// data) by a short-lived child, forks the workers, relays events and metrics between them, and turns signals
// into a graceful stop (SIGTERM, SIGINT) or a reload (SIGHUP). It serves no request itself, so it imports
// nothing of the store, the domain or the protocols: it lives as long as the node, and stays small.

import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Locale } from '@vercors/contract';
import { systemClock, type Clock } from '#core/clock';
import { ConfigError } from '#core/errors';
import { createLogger, type Logger } from '#core/log';
import { CORE_SETTINGS } from '#core/settings';
import { EXIT } from '../cli/cli-command.ts';
// The relay alone: the events index would also load the PostgreSQL bus and its driver.
import { attachClusterEventRelay } from '../store/events/cluster-event-relay.ts';
import { withCompileCache } from './compile-cache.ts';
import { readConfigSnapshot } from './config-snapshot.ts';
import { flushLog } from './flush-log.ts';
import { planListeners, type ListenerPlan } from './listener-plan.ts';
import { prepareInChild } from './prepare-in-child.ts';
import { createPrimaryMetrics } from './primary-metrics.ts';
import { createPrimaryReload, type ServingConfig } from './primary-reload.ts';
import type { WorkerMessage } from './runtime-message.ts';
import { PROCESS_SETTINGS } from './runtime-settings.ts';
import { describeFatal, printDemoLogins, printReady } from './serve-report.ts';
import { SERVER_VERSION } from './server-version.ts';
import { createWorkerPool } from './worker-pool.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ServeOptions {
  /** The environment of every process (it carries --data and --config as VERCORS_DATA / VERCORS_CONFIG). */
  readonly env: Env;
  /** `--workers N`; undefined: the `workers` setting; 0: one per CPU core. */
  readonly workers?: number;
  readonly locale: Locale;
  /** Human text on stdout. */
  readonly say: (text: string) => void;
  /** Human text on stderr. */
  readonly warn: (text: string) => void;
  /** `--demo`: seed the demo académie once, after migration and before the workers start. */
  readonly isDemo?: boolean;
  /** The reloads' clock (self-signed certificate renewal); the preparation child uses the system's. */
  readonly clock?: Clock;
}

/** Serve until stopped; resolves with the exit code. */
export async function runServe(options: ServeOptions): Promise<number> {
  // The configuration in service, and the file text it came from: workers are handed that, never the disk.
  const initial = readConfigSnapshot(options.env);
  if (initial.problems) throw new ConfigError(initial.problems);
  let serving: ServingConfig = initial;
  const clock = options.clock ?? systemClock;
  const log = createLogger({
    level: serving.config.get(CORE_SETTINGS).logLevel,
    format: serving.config.get(CORE_SETTINGS).logFormat,
    base: { pid: process.pid, role: 'primary' },
  });
  process.title = 'vercors primary';
  const plan = planListeners(serving.config);
  const size = workerCount(options.workers ?? serving.config.get(PROCESS_SETTINGS).workers);
  const served = plan.served.map((l) => `${l.settingKey}=${l.shown}`);
  log.info({ version: SERVER_VERSION, workers: size, listeners: served }, 'starting');
  warnAboutUnservedListeners(plan, log);
  // The processes we fork start from the compile cache, their entry file included.
  const childEnv = withCompileCache(options.env);
  // Before any worker: the certificate (workers only read it), migrations, demo data.
  const demo = await prepareInChild({
    env: childEnv,
    snapshot: serving.snapshot,
    isDemo: options.isDemo === true,
  });
  if (demo) printDemoLogins(demo, options.locale, options.say);

  // Fork the workers; route what they send.
  const relay = attachClusterEventRelay(cluster, { log });
  let isStopping = false;
  let settle: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    settle = resolve;
  });
  const onMessage = (slot: number, message: WorkerMessage) => {
    if (message.kind === 'configRequest') pool.send(slot, { kind: 'config', snapshot: serving.snapshot });
    else if (message.kind === 'metricsRequest') {
      void metrics.gatherer.gather().then(
        (page) => pool.send(slot, { kind: 'metricsPage', requestId: message.requestId, page }),
        (error: unknown) => {
          log.warn({ err: error }, 'metrics could not be gathered');
          pool.send(slot, { kind: 'metricsPage', requestId: message.requestId, page: null });
        },
      );
    } else if (message.kind === 'metricsSamples')
      metrics.gatherer.receive(slot, message.requestId, message.families);
    else if (message.kind === 'reloaded') reload.receive(slot, message);
  };
  const pool = createWorkerPool({
    size,
    env: childEnv,
    workerScript: fileURLToPath(new URL('./worker-main.ts', import.meta.url)),
    log,
    onMessage,
    onRestart: (slot) => metrics.restarted(slot),
    onFatal: (fatal) => {
      const { text, exitCode } = describeFatal(fatal, options.locale);
      options.warn(text);
      void stop(exitCode);
    },
  });
  const metrics = createPrimaryMetrics(size, pool);
  const reload = createPrimaryReload({
    env: options.env,
    log,
    clock,
    pool,
    current: () => serving,
    apply: (next) => {
      serving = next;
      log.level = next.config.get(CORE_SETTINGS).logLevel;
    },
  });

  // Stop once: workers drain within the grace period, then the relay and the log close.
  const stop = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    const graceMs = serving.config.get(PROCESS_SETTINGS).shutdownGrace * 1000;
    log.info({ graceMs }, 'stopping');
    await pool.stop(graceMs);
    await relay.close();
    metrics.stop();
    for (const [signal, handler] of handlers) process.off(signal, handler);
    log.info({ exitCode: code }, 'stopped');
    await flushLog(log);
    settle(code);
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ['SIGTERM', () => void (isStopping ? forceExit(log) : stop(EXIT.ok))],
    ['SIGINT', () => void (isStopping ? forceExit(log) : stop(EXIT.ok))],
    ['SIGHUP', () => (isStopping ? undefined : reload.request())],
  ];
  for (const [signal, handler] of handlers) process.on(signal, handler);

  if ((await pool.start()) === 'ready' && !isStopping) {
    const hostname = serving.config.get(CORE_SETTINGS).hostname;
    printReady({ plan, hostname, locale: options.locale, say: options.say });
    log.info({ workers: size }, 'serving');
  }
  return stopped;
}

function workerCount(setting: number): number {
  return setting === 0 ? availableParallelism() : setting;
}

/** One warning for every configured listener this build does not implement, so nobody waits for a port. */
function warnAboutUnservedListeners(plan: ListenerPlan, log: Logger): void {
  if (plan.notServed.length === 0) return;
  const list = plan.notServed.map((l) => `${l.settingKey} (${l.shown})`).join(', ');
  log.warn(
    { listeners: plan.notServed.map((l) => l.settingKey) },
    `not served by this build yet, so not bound: ${list}; set them empty to silence this warning`,
  );
}

/** A second SIGTERM/SIGINT while stopping: the operator does not want to wait. Workers stop on disconnect. */
function forceExit(log: Logger): void {
  log.warn('second stop signal: exiting without waiting for in-flight work');
  void flushLog(log).finally(() => process.exit(EXIT.failure));
}
