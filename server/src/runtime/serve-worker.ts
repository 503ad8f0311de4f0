// One cluster worker of `vercors serve`: open the services, bind the listeners this build serves, then
// answer the primary (metrics, reload, shutdown). It never forks, migrates or writes TLS files: the
// primary had that done (prepare-once.ts) before forking, so workers cannot race each other.

import { ConfigError } from '#core/errors';
import type { Config } from '#core/config';
import { createLogger, type Logger } from '#core/log';
import { createMetricsRegistry, type MetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { createHttpApp, createHttpListener, type HttpListener, registerWebAppRoute } from '#protocols/http';
import type { QueueRunner } from '#domain/delivery';
import { EXIT } from '../cli/cli-command.ts';
import type { JobScheduler } from '../jobs/index.ts';
import { openServices, startDelivery, startMaintenance, type Services } from '../main.ts';
import { configFromSnapshot, type ConfigSnapshot } from './config-snapshot.ts';
import {
  isImapListener,
  isSmtpListener,
  planListeners,
  type PlannedListener,
  type ServedListenerName,
} from './listener-plan.ts';
import { createNodeMetricsClient } from './node-metrics-client.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import {
  runtimeMessageOf,
  tag,
  type PrimaryMessage,
  type WorkerFatal,
  type WorkerMessage,
} from './runtime-message.ts';
import { PROCESS_SETTINGS } from './runtime-settings.ts';
import { SERVER_VERSION } from './server-version.ts';
import { registerStoreMetrics, registerWriteLockMetrics } from './store-metrics.ts';
import { flushLog } from './flush-log.ts';
import { createImapListenerFactory } from './imap-listeners.ts';
import { mountDav } from './dav-routes.ts';
import { mountJmap } from './jmap-routes.ts';
import { WEB_APP_FOLDER } from './web-app-folder.ts';
import { mountWebAuth } from './web-auth-routes.ts';
import { createSmtpListenerFactory } from './smtp-listeners.ts';
import {
  connectWriteOwner,
  forwardSmallWrites,
  startWriteOwner,
  type WriteOwner,
  type WriteOwnerClient,
  type WriteOwnerRole,
  writeOwnerRole,
} from './write-owner/index.ts';
import {
  createTlsContextProvider,
  MIN_TLS_VERSION,
  tlsSettingsOf,
  type TlsContextProvider,
} from './tls/index.ts';

/** After reporting a fatal problem, wait this long for the primary's shutdown before exiting anyway. */
const FATAL_EXIT_WAIT_MS = 5_000;
/** The primary answers the configuration request at once; silence this long means it is gone. */
const CONFIG_WAIT_MS = 10_000;
/**
 * The worker that runs the node's maintenance jobs and its SQLite WAL checkpoint thread. Every node has a slot 1,
 * so they run once per node, not once per worker; the primary keeps no store open. If slot 1 restarts, the jobs
 * resume with it (meanwhile the other workers checkpoint by themselves past a large WAL). On SQLite it is also
 * the write owner (decision 0013): the other workers send it their small mail writes.
 */
const MAINTENANCE_SLOT = 1;
/** Beyond the owner's own waits for the write lock, what a forwarded write may take before it fails. */
const OWNER_CALL_MARGIN_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

export async function runWorker(env: Env): Promise<void> {
  const slot = Number(env.VERCORS_WORKER_SLOT ?? '0');
  // Until the worker is built, remember a shutdown (the primary gave up on another worker) and the config.
  let isShutdownEarly = false;
  let onSnapshot: (snapshot: ConfigSnapshot) => void = () => {};
  const snapshotReceived = new Promise<ConfigSnapshot | undefined>((resolve) => {
    onSnapshot = resolve;
    setTimeout(() => resolve(undefined), CONFIG_WAIT_MS).unref();
  });
  const early = (raw: unknown) => {
    const message = runtimeMessageOf<PrimaryMessage>(raw);
    if (message?.kind === 'shutdown') isShutdownEarly = true;
    if (message?.kind === 'config') onSnapshot(message.snapshot);
  };
  process.on('message', early);
  process.send?.(tag({ kind: 'configRequest' }));
  const snapshot = await snapshotReceived;
  if (snapshot === undefined) process.exit(EXIT.unavailable);
  if (isShutdownEarly) process.exit(EXIT.ok);

  let config: Config;
  try {
    config = configFromSnapshot(env, snapshot);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await reportFatal({ reason: 'config', problems: error.problems }, EXIT.config);
    return;
  }
  const log = createLogger({
    level: config.get(CORE_SETTINGS).logLevel,
    format: config.get(CORE_SETTINGS).logFormat,
    base: { pid: process.pid, worker: slot },
  });
  process.title = `vercors worker ${slot}`;
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'worker crashed');
    void flushLog(log).finally(() => process.exit(EXIT.internal));
  });
  // A terminal hang-up or an admin's `kill -HUP <worker>` must not kill it: the primary coordinates reloads.
  process.on('SIGHUP', () => log.debug('SIGHUP ignored by a worker; send it to the primary'));

  // One WAL checkpoint thread per node, in the worker that runs the node's maintenance jobs.
  const services = await openServices(config, log, undefined, {
    walCheckpoints: slot === MAINTENANCE_SLOT ? 'thread' : 'elsewhere',
  });
  const tls = await createTlsContextProvider(tlsSettingsOf(config), log);
  const worker = createWorker({ slot, config, log, services, tls, env });
  process.off('message', early);
  await worker.start(isShutdownEarly);
}

/** What the worker needs of any listener it binds: HTTP(S) and SMTP alike. */
type ServedListener = Pick<HttpListener, 'isUp' | 'listen' | 'setCertificate' | 'close'>;

interface WorkerParts {
  readonly slot: number;
  readonly config: Config;
  readonly log: Logger;
  readonly services: Services;
  readonly tls: TlsContextProvider;
  readonly env: Env;
}

function createWorker(parts: WorkerParts) {
  const { slot, log, tls, env } = parts;
  let config = parts.config;
  let isStopping = false;
  const plan = planListeners(config).served;
  const listeners = new Map<ServedListenerName, ServedListener>();
  /** This worker's outbound queue runner, started once the listeners are up. */
  let delivery: QueueRunner | undefined;
  /** The node's maintenance jobs, in the MAINTENANCE_SLOT worker only. */
  let maintenance: JobScheduler | undefined;

  const registry = createMetricsRegistry();
  const processMetrics = registerProcessMetrics(registry);
  const { services, role, ownerClient } = withWriteOwner(parts, registry);
  /** Slot 1's socket for the other workers' small mail writes, once listening. */
  let writeOwner: WriteOwner | undefined;
  const storage = { dialect: services.database.dialect.name, ping: () => services.database.ping() };
  registerStoreMetrics(registry, storage);
  registerWriteLockMetrics(registry, services.database);
  const nodeMetrics = createNodeMetricsClient(process);

  const app = createHttpApp({
    log,
    metrics: registry,
    health: {
      version: SERVER_VERSION,
      worker: { slot, pid: process.pid },
      listeners: () =>
        plan.map((planned) => ({
          name: planned.name,
          address: planned.shown,
          isUp: listeners.get(planned.name)?.isUp() ?? false,
        })),
      storage,
    },
    scrapeMetrics: () => nodeMetrics.scrape(),
  });
  const upgrade = mountJmap(app, services, log);
  mountWebAuth(app, services, log);
  mountDav(app, services, log);
  registerWebAppRoute(app, WEB_APP_FOLDER);

  const smtpListeners = createSmtpListenerFactory({ config, log, services, tls, registry });
  const imapListeners = createImapListenerFactory({ config, log, services, tls, registry });

  const send = (message: WorkerMessage) =>
    new Promise<void>((resolve) => {
      if (!process.connected || process.send === undefined) return resolve();
      process.send(tag(message), undefined, undefined, () => resolve());
    });

  const create = (planned: PlannedListener<ServedListenerName>): ServedListener => {
    const name = planned.name;
    if (isSmtpListener(name)) return smtpListeners.create({ ...planned, name });
    if (isImapListener(name)) return imapListeners.create({ ...planned, name });
    const material = tls.material();
    return createHttpListener({
      name: planned.name,
      address: planned.address,
      fetch: app.fetch as never,
      tls:
        planned.name === 'https'
          ? {
              certificate: material.certificate,
              privateKey: material.privateKey,
              minVersion: MIN_TLS_VERSION,
            }
          : undefined,
      log,
      upgrade,
    });
  };

  const bind = async (planned: PlannedListener<ServedListenerName>) => {
    const listener = create(planned);
    try {
      await listener.listen();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      log.error({ setting: planned.settingKey, address: planned.shown, code }, 'cannot listen');
      return {
        reason: 'listen',
        settingKey: planned.settingKey,
        address: planned.shown,
        code,
      } satisfies WorkerFatal;
    }
    listeners.set(planned.name, listener);
    return undefined;
  };

  const stop = async (exitCode: number) => {
    if (isStopping) return;
    isStopping = true;
    const graceMs = config.get(PROCESS_SETTINGS).shutdownGrace * 1000;
    log.info({ graceMs }, 'worker stopping');
    // Deliveries in flight get the same grace period as connections, then give back their leases.
    const deliveryStopped = delivery?.stop(graceMs);
    // A job in progress finishes (each is short transactions, bounded); the store closes after it.
    const maintenanceStopped = maintenance?.stop();
    const closed = await Promise.all([...listeners.values()].map((listener) => listener.close(graceMs)));
    const cut = closed.reduce((sum, { cut }) => sum + cut, 0);
    if (cut > 0)
      log.warn({ connections: cut }, 'connections still open at the end of the grace period were closed');
    await deliveryStopped;
    await maintenanceStopped;
    // This worker's sessions are gone: the owner answers the calls it has, and later ones run in their worker.
    await writeOwner?.close();
    ownerClient?.close();
    processMetrics.stop();
    try {
      await services.close();
    } catch (error) {
      log.error({ err: error }, 'the store did not close cleanly');
    }
    log.info('worker stopped');
    await flushLog(log);
    process.exit(exitCode);
  };

  const reload = async (snapshot: ConfigSnapshot) => {
    let next: Config;
    try {
      next = configFromSnapshot(env, snapshot);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [String(error)];
      log.error({ problems }, 'configuration reload refused; keeping the previous one');
      return send({ kind: 'reloaded', isApplied: false, problems });
    }
    try {
      await tls.reload(tlsSettingsOf(next));
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [String(error)];
      log.error({ problems }, 'TLS reload refused; keeping the previous certificate');
      return send({ kind: 'reloaded', isApplied: false, problems });
    }
    config = next;
    log.level = next.get(CORE_SETTINGS).logLevel;
    log.info({ certificate: tls.material().info.fingerprint256 }, 'configuration reloaded');
    return send({ kind: 'reloaded', isApplied: true, problems: [] });
  };

  const onMessage = (raw: unknown) => {
    const message = runtimeMessageOf<PrimaryMessage>(raw);
    if (!message) return;
    switch (message.kind) {
      case 'shutdown':
        void stop(EXIT.ok);
        break;
      case 'reload':
        void reload(message.snapshot);
        break;
      case 'metricsCollect':
        void registry
          .collect()
          .then((families) => send({ kind: 'metricsSamples', requestId: message.requestId, families }));
        break;
      case 'metricsPage':
        nodeMetrics.receive(message);
        break;
    }
  };

  return {
    async start(isShutdownRequested: boolean) {
      if (isShutdownRequested) return stop(EXIT.ok);
      process.on('message', onMessage);
      // Without its primary a worker can neither be restarted nor reached for shutdown: stop.
      process.on('disconnect', () => void stop(EXIT.ok));
      process.on('SIGTERM', () => void stop(EXIT.ok));
      process.on('SIGINT', () => void stop(EXIT.ok));
      tls.onChange((material) => {
        const pair = { certificate: material.certificate, privateKey: material.privateKey };
        for (const name of ['https', 'smtp', 'submissions', 'submission'] as const) {
          listeners.get(name)?.setCertificate(pair);
        }
      });

      if (role.kind === 'owner')
        writeOwner = await startWriteOwner({ path: role.path, mail: services.mail, log }).catch(
          (error: unknown) => {
            log.error(
              { err: error, path: role.path },
              'the write owner cannot listen; each worker writes its own',
            );
            return undefined;
          },
        );
      for (const planned of plan) {
        const fatal = await bind(planned);
        if (fatal) {
          await send({ kind: 'fatal', fatal });
          // The primary answers with a shutdown; exit anyway if it does not.
          setTimeout(() => void stop(EXIT.unavailable), FATAL_EXIT_WAIT_MS).unref();
          return;
        }
      }
      if (!isStopping) delivery = startDelivery(services, log);
      if (!isStopping && slot === MAINTENANCE_SLOT) maintenance = startMaintenance(services, log, registry);
      await send({
        kind: 'ready',
        listeners: plan.map((planned) => ({ name: planned.name, address: planned.shown })),
      });
      // The directory's autocomplete (JMAP, CardDAV) answers from a snapshot built on a thread: built now, the
      // first keystroke after a start finds it ready.
      if (!isStopping && plan.some((planned) => planned.name === 'http' || planned.name === 'https'))
        void services.directory
          .warmUp()
          .catch((error: unknown) => log.error({ err: error }, 'directory index not built at start'));
    },
  };
}

/** The worker's role towards the write owner, and outside slot 1 the services whose small mail writes go to it. */
function withWriteOwner(
  parts: WorkerParts,
  registry: MetricsRegistry,
): { services: Services; role: WriteOwnerRole; ownerClient?: WriteOwnerClient } {
  const { slot, log, services } = parts;
  const role = writeOwnerRole({
    dialect: services.database.dialect.name,
    dataDir: services.dataDir,
    slot,
    ownerSlot: MAINTENANCE_SLOT,
  });
  if (role.kind === 'none' && role.reason === 'pathTooLong' && slot === MAINTENANCE_SLOT)
    log.warn(
      { data: services.dataDir },
      'the data folder’s path is too long for a socket address: each worker writes its own',
    );
  if (role.kind !== 'client') return { services, role };
  const location = services.database.readerLocation;
  const busyTimeoutMs = location.dialect === 'sqlite' ? location.busyTimeoutMs : 0;
  // The owner's write may wait for the lock twice (behind the batch before it, then its own), never longer.
  const callTimeoutMs = 2 * busyTimeoutMs + OWNER_CALL_MARGIN_MS;
  const ownerClient = connectWriteOwner({ path: role.path, log, registry, callTimeoutMs });
  return {
    services: { ...services, mail: forwardSmallWrites(services.mail, ownerClient) },
    role,
    ownerClient,
  };
}

/** Before a logger exists: tell the primary why, then exit with `code`. */
async function reportFatal(fatal: WorkerFatal, code: number): Promise<void> {
  await new Promise<void>((resolve) => {
    if (!process.connected || process.send === undefined) return resolve();
    process.send(tag({ kind: 'fatal', fatal }), undefined, undefined, () => resolve());
  });
  process.exit(code);
}
