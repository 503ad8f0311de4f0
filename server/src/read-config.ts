// Reading the configuration: every module's settings, the config file, then the environment. Kept apart from
// main.ts so that a process needing only the configuration (the serve primary, `vercors config`) does not
// load the store, the domain and the protocols: each import below is a settings file with no dependencies.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config, type ConfigSources, type ModuleSettings } from '#core/config';
import { CORE_SETTINGS } from '#core/settings';
import { IDENTITY_SETTINGS } from './domain/identity/settings.ts';
import { DIRECTORY_SETTINGS } from './domain/directory/settings.ts';
import { DELIVERY_SETTINGS } from './domain/delivery/inbound-settings.ts';
import { QUEUE_SETTINGS } from './domain/delivery/queue-settings.ts';
import { SPELLING_SETTINGS } from './domain/spelling/settings.ts';
import { JOB_SETTINGS } from './jobs/settings.ts';
import { HTTP_SETTINGS } from './protocols/http/http-settings.ts';
import { IMAP_SETTINGS } from './protocols/imap/settings.ts';
import { JMAP_SETTINGS } from './protocols/jmap/settings.ts';
import { OUTBOUND_SETTINGS } from './protocols/smtp/outbound/outbound-settings.ts';
import { SMTP_SETTINGS } from './protocols/smtp/settings.ts';
import { LISTENER_SETTINGS, PROCESS_SETTINGS, TLS_SETTINGS } from './runtime/runtime-settings.ts';
import { STORE_SETTINGS } from './store/settings.ts';

/** Every module's settings, in the order `vercors config --defaults` prints them. */
export const SETTINGS_MODULES: readonly ModuleSettings[] = [
  { module: 'core', settings: CORE_SETTINGS },
  { module: 'store', settings: STORE_SETTINGS },
  { module: 'runtime/listeners', settings: LISTENER_SETTINGS },
  { module: 'runtime/tls', settings: TLS_SETTINGS },
  { module: 'runtime/processes', settings: PROCESS_SETTINGS },
  { module: 'domain/identity', settings: IDENTITY_SETTINGS },
  { module: 'domain/directory', settings: DIRECTORY_SETTINGS },
  { module: 'domain/delivery', settings: DELIVERY_SETTINGS },
  { module: 'domain/delivery/queue', settings: QUEUE_SETTINGS },
  { module: 'domain/spelling', settings: SPELLING_SETTINGS },
  { module: 'protocols/http', settings: HTTP_SETTINGS },
  { module: 'protocols/smtp', settings: SMTP_SETTINGS },
  { module: 'protocols/imap', settings: IMAP_SETTINGS },
  { module: 'protocols/jmap', settings: JMAP_SETTINGS },
  { module: 'protocols/smtp/outbound', settings: OUTBOUND_SETTINGS },
  { module: 'jobs', settings: JOB_SETTINGS },
];

export const CONFIG_FILE_NAME = 'vercors.conf';

/** The config file: VERCORS_CONFIG, or vercors.conf in the data folder when it exists; undefined when none. */
export function readConfigFile(env: Readonly<Record<string, string | undefined>>): ConfigSources['file'] {
  const explicitPath = env.VERCORS_CONFIG;
  const path = explicitPath ?? join(env.VERCORS_DATA ?? CORE_SETTINGS.data.default, CONFIG_FILE_NAME);
  if (explicitPath === undefined && !existsSync(path)) return undefined;
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { path, unreadable: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/**
 * Read the configuration: defaults, then the config file, then the environment.
 * Throws ConfigError listing every problem.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  return loadConfig(SETTINGS_MODULES, { env, file: readConfigFile(env) });
}
