// SIGHUP in the primary: read the configuration file, check it and the certificate it names, and only then
// swap it in and hand it to every worker. A refusal logs every problem and changes nothing anywhere.

import type { Clock } from '#core/clock';
import type { Config } from '#core/config';
import { ConfigError } from '#core/errors';
import type { Logger } from '#core/log';
import { changedSettings, settingsNeedingRestart } from './config-reload.ts';
import { readConfigSnapshot, type ConfigSnapshot } from './config-snapshot.ts';
import { createReloadRound, type ReloadRound } from './reload-round.ts';
import type { WorkerMessage } from './runtime-message.ts';
import type { WorkerPool } from './worker-pool.ts';

/** The configuration in service and the file text it was built from. */
export interface ServingConfig {
  readonly config: Config;
  readonly snapshot: ConfigSnapshot;
}

export interface PrimaryReloadOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly clock: Clock;
  readonly pool: Pick<WorkerPool, 'readySlots' | 'send'>;
  readonly current: () => ServingConfig;
  /** Make `next` the configuration in service (the primary's own use of it: log level, grace). */
  readonly apply: (next: ServingConfig) => void;
}

export interface PrimaryReload {
  /** Start a reload; one at a time, and SIGHUPs arriving meanwhile collapse into one more. */
  request(): void;
  /** A worker's answer. */
  receive(slot: number, message: Extract<WorkerMessage, { kind: 'reloaded' }>): void;
}

export function createPrimaryReload(options: PrimaryReloadOptions): PrimaryReload {
  const { log, clock, pool } = options;
  let round: ReloadRound | undefined;

  const refuse = (problems: readonly string[], what: string) => {
    for (const problem of problems) log.error({ problem }, 'configuration problem');
    log.error({ problems: problems.length }, `${what} refused; keeping the previous configuration`);
  };

  const reload = async () => {
    const attempt = readConfigSnapshot(options.env);
    if (attempt.problems) return refuse(attempt.problems, 'configuration reload');
    const next = attempt.config;
    for (const warning of next.warnings) log.warn({ warning }, 'configuration warning');
    try {
      // The primary makes or renews the self-signed pair; workers then only read it. Loaded at the first
      // reload: node:tls and the certificate code are a few megabytes a primary that never reloads can spare.
      const { loadTlsMaterial, prepareTlsFiles, tlsSettingsOf } = await import('./tls/index.ts');
      await prepareTlsFiles(tlsSettingsOf(next), { clock, log });
      await loadTlsMaterial(tlsSettingsOf(next));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return refuse(error.problems, 'TLS reload');
    }

    const changed = changedSettings(options.current().config, next);
    const needRestart = settingsNeedingRestart(changed);
    if (needRestart.length > 0)
      log.warn({ settings: needRestart }, 'these settings take effect at the next restart');
    options.apply({ config: next, snapshot: attempt.snapshot });

    const slots = pool.readySlots();
    round = createReloadRound(slots);
    for (const slot of slots) pool.send(slot, { kind: 'reload', snapshot: attempt.snapshot });
    const answers = await round.done;
    round = undefined;
    log.info({ changed, workers: answers }, 'configuration reloaded');
  };

  let running: Promise<void> | undefined;
  let isPending = false;
  const request = (): void => {
    if (running) {
      isPending = true;
      return;
    }
    running = reload()
      .catch((error: unknown) => log.error({ err: error }, 'reload failed'))
      .finally(() => {
        running = undefined;
        if (isPending) {
          isPending = false;
          request();
        }
      });
  };

  return { request, receive: (slot, message) => round?.receive(slot, message) };
}
