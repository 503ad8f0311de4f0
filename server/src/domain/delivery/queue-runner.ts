// The queue runner of one process (Postfix's qmgr): it keeps a bounded active window of leased recipients in
// flight, claims more as attempts finish, when mail is queued in this process, or at each poll, renews its
// leases during long attempts, purges finished messages now and then, and on stop lets attempts finish for a
// grace period, then aborts them and gives back the leases it still holds. Several runners (workers, nodes)
// share one queue safely: a recipient is only ever delivered by the runner holding its lease.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { attemptGroup, type AttemptDependencies } from './queue-attempt.ts';
import { claimDue, type ClaimedGroup } from './queue-claim.ts';
import { purgeCompleted } from './queue-completion.ts';
import { releaseLeases, renewLeases } from './queue-lease.ts';
import { onQueued } from './queue-wake.ts';

/** An attempt running longer than this is aborted and its recipients deferred; SMTP's own timeouts come first. */
export const MAX_ATTEMPT_MS = 30 * 60_000;
/** After an abort, how long attempts get to record what they managed before their leases are given back. */
const ABORT_SETTLE_MS = 5_000;
/** Finished messages are purged at most this often per runner. */
const PURGE_INTERVAL_MS = 3_600_000;
/** Whether a domain is served here changes rarely; a claim asks again after this. */
const LOCAL_DOMAIN_CACHE_MS = 30_000;

export interface QueueRunnerDependencies extends AttemptDependencies {
  /** True for a domain served here: its recipients go to local delivery. */
  readonly isLocalDomain: (domain: string) => Promise<boolean>;
  /** The lease owner name; unique per runner by default (host/pid/random). */
  readonly owner?: string;
}

export interface RunReport {
  /** Recipients claimed and attempted. */
  readonly recipients: number;
  /** Delivery attempts (message × destination domain). */
  readonly groups: number;
}

export interface QueueRunner {
  readonly owner: string;
  /** Claim one window's worth of due recipients, deliver them, and resolve once every result is recorded. */
  runOnce(): Promise<RunReport>;
  /** Run until stopped: claim whenever there is room and something is due. */
  start(): void;
  /** Stop claiming; let attempts finish within `graceMs`, then abort them and give back their leases. */
  stop(graceMs: number): Promise<void>;
  /** Recipients in flight now. */
  inFlight(): number;
}

interface Running {
  readonly ids: readonly string[];
  readonly done: Promise<void>;
}

export function createQueueRunner(dependencies: QueueRunnerDependencies): QueueRunner {
  const { database, clock, log, settings } = dependencies;
  const owner = dependencies.owner ?? `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const running = new Set<Running>();
  const stopController = new AbortController();
  const localDomains = new Map<string, { isLocal: boolean; until: number }>();
  let isStopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastPurge = 0;

  const isLocalDomain = async (domain: string) => {
    const cached = localDomains.get(domain);
    if (cached && cached.until > Date.now()) return cached.isLocal;
    const isLocal = await dependencies.isLocalDomain(domain);
    localDomains.set(domain, { isLocal, until: Date.now() + LOCAL_DOMAIN_CACHE_MS });
    return isLocal;
  };

  const inFlight = () => [...running].reduce((sum, r) => sum + r.ids.length, 0);

  const launch = (group: ClaimedGroup): Running => {
    const ids = group.recipients.map((r) => r.id);
    const signal = AbortSignal.any([stopController.signal, AbortSignal.timeout(MAX_ATTEMPT_MS)]);
    // Renew well before the lease ends, so a slow but live attempt is never taken over.
    const heartbeat = setInterval(() => {
      renewLeases(database, owner, ids, clock.nowMs(), settings.lease).catch((error: unknown) =>
        log.warn({ err: error, queueId: group.message.id }, 'lease renewal failed'),
      );
    }, settings.lease / 3);
    const done = attemptGroup(dependencies, owner, group, signal)
      .catch(async (error: unknown) => {
        log.error(
          { err: error, queueId: group.message.id },
          'delivery attempt failed; its leases are given back',
        );
        await releaseLeases(database, owner, ids, clock.nowMs()).catch((releaseError: unknown) =>
          log.error({ err: releaseError }, 'leases could not be given back; they will expire'),
        );
      })
      .finally(() => {
        clearInterval(heartbeat);
        running.delete(entry);
        wake?.();
      });
    const entry: Running = { ids, done };
    running.add(entry);
    return entry;
  };

  /** Claim what fits in the window and launch it; returns what was launched. */
  const fill = async (): Promise<Running[]> => {
    const room = settings.activeWindow - inFlight();
    if (room <= 0 || isStopping) return [];
    const groups = await claimDue(database, {
      owner,
      now: clock.nowMs(),
      leaseMs: settings.lease,
      maxRecipients: room,
      domainConcurrency: settings.domainConcurrency,
      isLocalDomain,
    });
    return groups.map(launch);
  };

  const purgeNowAndThen = async () => {
    if (Date.now() - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = Date.now();
    const purged = await purgeCompleted(database, clock.nowMs() - settings.completedRetention);
    if (purged > 0) log.info({ event: 'queue.purged', messages: purged }, 'finished queue entries purged');
  };

  const run = async () => {
    const unsubscribe = onQueued(() => wake?.());
    try {
      while (!isStopping) {
        const woken = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const poll = setTimeout(() => wake?.(), settings.pollInterval);
        try {
          // Keep filling while claims bring something and there is room.
          while (!isStopping && (await fill()).length > 0);
          await purgeNowAndThen();
        } catch (error) {
          log.error({ err: error }, 'queue runner could not claim due mail; trying again at the next poll');
        }
        await woken;
        clearTimeout(poll);
      }
    } finally {
      unsubscribe();
    }
  };

  return {
    owner,
    inFlight,

    async runOnce() {
      const launched = await fill();
      await Promise.all(launched.map((r) => r.done));
      return { recipients: launched.reduce((sum, r) => sum + r.ids.length, 0), groups: launched.length };
    },

    start() {
      if (loop || isStopping) return;
      log.info({ owner, window: settings.activeWindow }, 'queue runner started');
      loop = run();
    },

    async stop(graceMs) {
      if (isStopping) return;
      isStopping = true;
      wake?.();
      // A claim under way finishes first, so everything it launched is waited for below.
      await loop;
      const settled = () => Promise.allSettled([...running].map((r) => r.done)).then(() => true);
      const timeout = new AbortController();
      const within = (ms: number) =>
        Promise.race([settled(), sleep(ms, false, { signal: timeout.signal }).catch(() => false)]);
      if (running.size > 0 && !(await within(graceMs))) {
        log.warn(
          { recipients: inFlight() },
          'deliveries still running at the end of the grace period: aborted',
        );
        stopController.abort();
        await within(ABORT_SETTLE_MS);
      }
      timeout.abort();
      const unfinished = [...running].flatMap((r) => r.ids);
      if (unfinished.length > 0) {
        const released = await releaseLeases(database, owner, unfinished, clock.nowMs());
        log.warn({ released }, 'leases of unfinished deliveries given back');
      }
      log.info({ owner }, 'queue runner stopped');
    },
  };
}

/** One pass (claim, deliver, record) with a throwaway runner: for tests and `vercors queue flush`-like use. */
export async function runQueueOnce(dependencies: QueueRunnerDependencies): Promise<RunReport> {
  return await createQueueRunner(dependencies).runOnce();
}

/** A runner already started; stop it with `stop(graceMs)`. */
export function startQueueRunner(dependencies: QueueRunnerDependencies): QueueRunner {
  const runner = createQueueRunner(dependencies);
  runner.start();
  return runner;
}
