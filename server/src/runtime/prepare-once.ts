// What `vercors serve` does once per start, before any worker: the TLS files (workers only read them), the
// migrations (opening the store runs them) and the demo seeding. It runs in a short-lived child of the primary
// (prepare-main.ts, forked by prepare-in-child.ts) so that the store, the domain and the protocols, which it
// needs, never enter the heap of the primary, which lives as long as the node and needs none of them.

import { systemClock, type Clock } from '#core/clock';
import type { Config } from '#core/config';
import { createLogger, type Logger } from '#core/log';
import { CORE_SETTINGS } from '#core/settings';
import { openServices } from '../main.ts';
import { configFromSnapshot } from './config-snapshot.ts';
import { flushLog } from './flush-log.ts';
import { failureOf, isPrepareRequest, type PrepareReply, type PrepareRequest } from './prepare-message.ts';
import type { DemoLogins } from './serve-report.ts';
import { loadTlsMaterial, prepareTlsFiles, tlsSettingsOf } from './tls/index.ts';

/**
 * The child's life: one request, one reply, then exit, even if a handle the services opened would keep the
 * event loop alive; the primary forks its workers only once this process has exited.
 */
export async function runPrepareChild(): Promise<void> {
  const request = await new Promise<PrepareRequest>((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isPrepareRequest(message)) return;
      process.off('message', onMessage);
      resolve(message);
    };
    process.on('message', onMessage);
  });
  let log: Logger | undefined;
  let reply: PrepareReply;
  try {
    const config = configFromSnapshot(process.env, request.snapshot);
    const core = config.get(CORE_SETTINGS);
    log = createLogger({
      level: core.logLevel,
      format: core.logFormat,
      base: { pid: request.primaryPid, role: 'primary' },
    });
    const demo = await prepareOnce(config, { isDemo: request.isDemo, log, clock: systemClock });
    reply = { kind: 'prepared', demo: demo ?? null };
  } catch (error) {
    reply = { kind: 'failed', failure: failureOf(error) };
  }
  await new Promise<void>((resolve) => process.send?.(reply, undefined, undefined, () => resolve()));
  if (log) await flushLog(log);
  process.exit(0);
}

/** Before any worker: the certificate, migrations, demo data (only the first time, with `--demo`). */
export async function prepareOnce(
  config: Config,
  options: { readonly isDemo: boolean; readonly log: Logger; readonly clock: Clock },
): Promise<DemoLogins | undefined> {
  const { log, clock } = options;
  const tlsSettings = tlsSettingsOf(config);
  await prepareTlsFiles(tlsSettings, { clock, log });
  await loadTlsMaterial(tlsSettings);
  const services = await openServices(config, log, clock);
  try {
    // Loaded only with --demo: its name lists and generators have no business in a production server.
    const demo = options.isDemo ? await (await import('../demo/index.ts')).seedDemoOnce(services) : undefined;
    if (demo?.mail?.error) log.warn({ reason: demo.mail.error }, 'demo mail could not be stored');
    else if (demo?.mail) log.info({ stored: demo.mail.stored }, 'demo mail stored');
    return demo;
  } finally {
    await services.close();
  }
}
