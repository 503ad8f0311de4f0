// SIGHUP: what a new configuration changes. A reload applies some settings at once; the others only take
// effect when a listener or a service is built again, and are named so the operator knows a restart is due.
// (Reading the file, and refusing a bad one, is config-snapshot.ts.)

import type { Config } from '#core/config';
import { CORE_SETTINGS } from '#core/settings';
import { PROCESS_SETTINGS, TLS_SETTINGS } from './runtime-settings.ts';

/** What a reload applies at once: the TLS pair, what the certificate names, log verbosity, shutdown grace. */
export const LIVE_SETTINGS: ReadonlySet<string> = new Set([
  TLS_SETTINGS.certificate.key,
  TLS_SETTINGS.privateKey.key,
  CORE_SETTINGS.hostname.key,
  CORE_SETTINGS.logLevel.key,
  PROCESS_SETTINGS.shutdownGrace.key,
]);

/** Keys whose value differs between the two configurations, in declaration order. */
export function changedSettings(before: Config, after: Config): string[] {
  const changed: string[] = [];
  for (const { settings } of after.modules) {
    const old = before.get(settings);
    const next = after.get(settings);
    for (const [name, setting] of Object.entries(settings)) {
      if (setting.show(old[name]) !== setting.show(next[name])) changed.push(setting.key);
    }
  }
  return changed;
}

/** The changed keys a reload cannot apply (listeners, workers, database, domain settings…). */
export function settingsNeedingRestart(changed: readonly string[]): string[] {
  return changed.filter((key) => !LIVE_SETTINGS.has(key));
}
