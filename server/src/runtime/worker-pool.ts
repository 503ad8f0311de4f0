// The primary's workers: one per slot (1…N), forked with node:cluster so they share the listening
// sockets. A crashed worker is forked again after a growing, capped delay; a worker that reports a fatal
// problem (its address is taken, the configuration is bad) is not, since it would fail the same way.

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '#core/log';
import { MAX_STARTUP_FAILURES, nextFailureCount, restartDelayMs } from './restart-backoff.ts';
import {
  runtimeMessageOf,
  tag,
  type PrimaryMessage,
  type WorkerFatal,
  type WorkerMessage,
} from './runtime-message.ts';

/** Opening the store and binding takes about a second; a worker silent this long is stuck and is killed. */
export const WORKER_START_TIMEOUT_MS = 60_000;
/** After the grace period, workers get this much more to close the store and flush their log. */
export const STOP_MARGIN_MS = 5_000;
/** After SIGKILL, the exit is reported within milliseconds; this bounds the wait if it is not. */
const KILL_WAIT_MS = 2_000;

export interface WorkerPoolOptions {
  readonly size: number;
  /** The workers' environment (the configuration's variables, --data and --config included). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file each worker runs. */
  readonly workerScript: string;
  readonly log: Logger;
  /** Runtime messages other than `ready` and `fatal` (metrics, reload answers). */
  readonly onMessage: (slot: number, message: WorkerMessage) => void;
  /** The node cannot serve: a worker gave up for good, or could not start at all. */
  readonly onFatal: (fatal: PoolFatal) => void;
  readonly onRestart?: (slot: number) => void;
  /** STOP_MARGIN_MS unless a test needs it shorter. */
  readonly stopMarginMs?: number;
}

export type PoolFatal =
  | { readonly kind: 'worker'; readonly slot: number; readonly fatal: WorkerFatal }
  | { readonly kind: 'startup'; readonly slot: number; readonly failures: number };

export interface SlotStatus {
  readonly slot: number;
  readonly pid: number | undefined;
  readonly isReady: boolean;
  readonly restarts: number;
}

export interface WorkerPool {
  /** Fork every slot; resolves `ready` once each has reported ready, or `failed` after a fatal problem. */
  start(): Promise<'ready' | 'failed'>;
  /** Send to one slot's worker; false when it is not connected. */
  send(slot: number, message: PrimaryMessage): boolean;
  /** The slots whose worker is connected and ready. */
  readySlots(): number[];
  status(): SlotStatus[];
  /** Ask every worker to stop; SIGKILL what is left after `graceMs` + STOP_MARGIN_MS. Never restarts again. */
  stop(graceMs: number): Promise<void>;
}

interface SlotState {
  readonly slot: number;
  worker: Worker | undefined;
  startedAt: number;
  isReady: boolean;
  failures: number;
  restarts: number;
  fatal: WorkerFatal | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { log } = options;
  const slots = new Map<number, SlotState>();
  const slotOfWorker = new Map<number, number>();
  let isStopping = false;
  let hasStarted = false;
  let settleStart: ((outcome: 'ready' | 'failed') => void) | undefined;
  let onAllExited: (() => void) | undefined;

  const liveWorkers = () =>
    [...slots.values()].flatMap((state) => (state.worker && !state.worker.isDead() ? [state.worker] : []));

  const fail = (fatal: PoolFatal) => {
    settleStart?.('failed');
    settleStart = undefined;
    options.onFatal(fatal);
  };

  const fork = (state: SlotState) => {
    state.timer = undefined;
    if (isStopping) return;
    const env = Object.fromEntries(
      Object.entries({ ...options.env, VERCORS_WORKER_SLOT: String(state.slot) }).filter(
        ([, value]) => value !== undefined,
      ),
    );
    const worker = cluster.fork(env);
    state.worker = worker;
    state.startedAt = Date.now();
    state.isReady = false;
    slotOfWorker.set(worker.id, state.slot);
    state.timer = setTimeout(() => {
      if (state.worker !== worker || state.isReady) return;
      log.error(
        { worker: state.slot, workerPid: worker.process.pid },
        `worker did not become ready within ${WORKER_START_TIMEOUT_MS} ms; killing it`,
      );
      worker.process.kill('SIGKILL');
    }, WORKER_START_TIMEOUT_MS);
  };

  const onMessage = (worker: Worker, raw: unknown) => {
    const message = runtimeMessageOf<WorkerMessage>(raw);
    const slot = slotOfWorker.get(worker.id);
    if (message === undefined || slot === undefined) return;
    const state = slots.get(slot);
    if (!state || state.worker !== worker) return;
    if (message.kind === 'ready') {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.isReady = true;
      log.info({ worker: slot, workerPid: worker.process.pid, listeners: message.listeners }, 'worker ready');
      if (!hasStarted && [...slots.values()].every((s) => s.isReady)) {
        hasStarted = true;
        settleStart?.('ready');
        settleStart = undefined;
      }
    } else if (message.kind === 'fatal') {
      state.fatal = message.fatal;
      if (!isStopping) fail({ kind: 'worker', slot, fatal: message.fatal });
    } else {
      options.onMessage(slot, message);
    }
  };

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    const slot = slotOfWorker.get(worker.id);
    slotOfWorker.delete(worker.id);
    const state = slot === undefined ? undefined : slots.get(slot);
    if (!state || state.worker !== worker) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.worker = undefined;
    state.isReady = false;
    if (isStopping) {
      if (liveWorkers().length === 0) onAllExited?.();
      return;
    }
    if (state.fatal) return;

    // Crashed: fork it again, sooner after a long healthy run, later in a crash loop.
    state.failures = nextFailureCount(state.failures, Date.now() - state.startedAt);
    if (!hasStarted && state.failures >= MAX_STARTUP_FAILURES) {
      log.error({ worker: state.slot, failures: state.failures }, 'worker cannot start; giving up');
      fail({ kind: 'startup', slot: state.slot, failures: state.failures });
      return;
    }
    const delay = restartDelayMs(state.failures);
    state.restarts++;
    options.onRestart?.(state.slot);
    // Exit code 0 is a worker stopped by a signal of its own (an admin's kill, or a group signal also on its way here).
    log[code === 0 ? 'warn' : 'error'](
      { worker: state.slot, workerPid: worker.process.pid, code, signal, restartInMs: delay },
      'worker exited; restarting it',
    );
    state.timer = setTimeout(() => fork(state), delay);
  };

  return {
    start() {
      cluster.setupPrimary({
        exec: options.workerScript,
        args: [],
        execArgv: [...process.execArgv, ...workerHeapFlags(options.env)],
      });
      cluster.on('message', onMessage);
      cluster.on('exit', onExit);
      const started = new Promise<'ready' | 'failed'>((resolve) => {
        settleStart = resolve;
      });
      for (let slot = 1; slot <= options.size; slot++) {
        const state: SlotState = {
          slot,
          worker: undefined,
          startedAt: 0,
          isReady: false,
          failures: 0,
          restarts: 0,
          fatal: undefined,
          timer: undefined,
        };
        slots.set(slot, state);
        fork(state);
      }
      return started;
    },

    send(slot, message) {
      const worker = slots.get(slot)?.worker;
      if (!worker?.isConnected()) return false;
      worker.send(tag(message), undefined, (error: Error | null) => {
        if (error) log.debug({ err: error, worker: slot }, 'message to a worker not delivered');
      });
      return true;
    },

    readySlots: () =>
      [...slots.values()].filter((s) => s.isReady && s.worker?.isConnected()).map((s) => s.slot),

    status: () =>
      [...slots.values()].map((s) => ({
        slot: s.slot,
        pid: s.worker?.process.pid,
        isReady: s.isReady,
        restarts: s.restarts,
      })),

    async stop(graceMs) {
      isStopping = true;
      settleStart?.('failed');
      settleStart = undefined;
      for (const state of slots.values()) {
        clearTimeout(state.timer);
        state.timer = undefined;
      }
      const allExited = new Promise<void>((resolve) => {
        onAllExited = resolve;
      });
      for (const worker of liveWorkers()) {
        if (worker.isConnected()) worker.send(tag({ kind: 'shutdown' }), undefined, () => {});
        else worker.process.kill('SIGTERM');
      }
      if (liveWorkers().length > 0) {
        const outcome = await raceTimeout(allExited, graceMs + (options.stopMarginMs ?? STOP_MARGIN_MS));
        if (outcome === 'timeout') {
          const stragglers = liveWorkers();
          log.error(
            { workers: stragglers.map((w) => w.process.pid) },
            'workers did not stop in time; killing them',
          );
          for (const worker of stragglers) worker.process.kill('SIGKILL');
          if (liveWorkers().length > 0) await raceTimeout(allExited, KILL_WAIT_MS);
        }
      }
      cluster.off('message', onMessage);
      cluster.off('exit', onExit);
    },
  };
}

async function raceTimeout(promise: Promise<void>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * V8's young generation (two semi-spaces) stays committed once grown, in every worker, idle or not; but a
 * small one collects often, and a FETCH of 1,000 headers or a run of STOREs allocates megabytes that die
 * young. Garbage collection's share of a worker serving header FETCHes (CPU profiles, bench/README.md):
 * 17 % with 2 MiB semi-spaces, 10 % with 4, 7 % with 6 or 8. 4 MiB takes most of that for little memory:
 * with mailauth and @simplewebauthn loaded on first use, 5,000 IDLE connections measured 459–466 MB (8 MiB:
 * 468–501, too close to the 500 MB target). An operator's own setting in NODE_OPTIONS wins.
 */
function workerHeapFlags(env: Readonly<Record<string, string | undefined>>): string[] {
  const operatorOptions = env.NODE_OPTIONS ?? '';
  return operatorOptions.includes('semi-space') ? [] : ['--max-semi-space-size=4'];
}
