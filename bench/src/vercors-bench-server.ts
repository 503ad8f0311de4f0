// The Vercors the side-by-side benches measure: a fresh data folder with the bench's domain and users (quotas
// far above any load), then a real `vercors serve` with plain IMAP (and, for bench/jmap, HTTP) on loopback
// ports and the per-IP, per-user and pacing limits raised so the bench is measured, not throttled. Stopped by
// the pid of the process started here.

import { vercorsCli } from '@vercors/e2e/src/smtp-server-setup.ts';
import {
  startVercors,
  ALL_LISTENERS_OFF,
  within,
  type VercorsProcess,
} from '@vercors/e2e/src/vercors-server.ts';
import { forwardedSettings } from './forwarded-settings.ts';

/** The password of every bench account, on every server. */
export const BENCH_PASSWORD = 'Granit-Lavande-Bobine-58';

/** `domain` and one account per address, all with BENCH_PASSWORD; before `vercors serve` starts. */
export async function prepareBenchData(
  dataDir: string,
  domain: string,
  emails: readonly string[],
): Promise<void> {
  await vercorsCli(dataDir, ['domain', 'add', domain]);
  for (const email of emails) {
    await vercorsCli(
      dataDir,
      [
        'user',
        'add',
        email,
        '--name',
        'Bench',
        '--quota',
        '100G',
        '--quota-messages',
        '100000000',
        '--password-stdin',
      ],
      `${BENCH_PASSWORD}\n${BENCH_PASSWORD}\n`,
    );
  }
}

export interface BenchServerOptions {
  readonly dataDir: string;
  readonly imapPort: number;
  /** JMAP and the rest of HTTP on this loopback port; no HTTP listener without it. */
  readonly httpPort?: number;
  /** BENCH_WORKERS: the number of workers, else the server's default (one per core). */
  readonly workers?: string;
  /** BENCH_NODE_OPTIONS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server under load. */
  readonly nodeOptions?: string;
}

/**
 * `vercors serve` on `dataDir`, just spawned: the caller keeps it at once (to stop it whatever happens next),
 * then waits for `whenReady`.
 */
export function launchBenchVercors(options: BenchServerOptions): VercorsProcess {
  return startVercors(['serve', ...(options.workers ? ['--workers', options.workers] : [])], {
    env: {
      ...forwardedSettings(),
      ...ALL_LISTENERS_OFF,
      NODE_OPTIONS: options.nodeOptions ?? '',
      VERCORS_DATA: options.dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_LOG_LEVEL: 'warn',
      VERCORS_HOSTNAME: 'imap.bench.test',
      // Plain IMAP: loopback counts as secure, so LOGIN is allowed without TLS (the peers: no TLS either).
      VERCORS_LISTEN_IMAP: `127.0.0.1:${options.imapPort}`,
      ...(options.httpPort === undefined ? {} : { VERCORS_LISTEN_HTTP: `127.0.0.1:${options.httpPort}` }),
      // Every bench connection comes from 127.0.0.1, hundreds for one account, thousands of commands a minute.
      VERCORS_IMAP_MAX_CONNECTIONS_PER_IP: '10000',
      VERCORS_IMAP_MAX_CONNECTIONS_PER_USER: '1000',
      VERCORS_IMAP_MAX_CONNECTIONS: '20000',
      VERCORS_IMAP_MAX_COMMANDS_PER_MINUTE: '1000000',
    },
  });
}

/** Resolves once `server` says it is ready; rejects after 90 s or if it exits first. */
export async function whenReady(server: VercorsProcess): Promise<void> {
  await server.waitForOutput(/Vercors is ready/, 90_000);
}

/** SIGTERM (a graceful stop), SIGKILL after 30 s; by the pid of the process started here. */
export async function stopVercors(server: VercorsProcess | undefined): Promise<void> {
  if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const stopped = await within(server.exited, 30_000, 'vercors exit').then(
    () => true,
    () => false,
  );
  if (stopped) return;
  server.kill();
  await within(server.exited, 5_000, 'vercors exit after SIGKILL').catch(() => undefined);
}
