// The configuration the primary accepted, as data it can hand to its workers: the config file's text (the
// environment is the same in every process). Workers build their configuration from it, never from the
// disk, so a worker forked after a refused reload gets the configuration in service, not the broken file.

import { loadConfig, type Config } from '#core/config';
import { ConfigError } from '#core/errors';
import { readConfigFile, SETTINGS_MODULES } from '../read-config.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigSnapshot {
  /** The config file as read, or null when there is none (defaults and environment only). */
  readonly file: { readonly path: string; readonly text: string } | null;
}

export type SnapshotAttempt =
  | { readonly config: Config; readonly snapshot: ConfigSnapshot; readonly problems?: undefined }
  | { readonly config?: undefined; readonly snapshot?: undefined; readonly problems: readonly string[] };

/** Read the file where readConfig (read-config.ts) reads it, and build the configuration from that text. */
export function readConfigSnapshot(env: Env): SnapshotAttempt {
  const file = readConfigFile(env);
  try {
    const config = loadConfig(SETTINGS_MODULES, { env, file });
    return { config, snapshot: { file: file && 'text' in file ? file : null } };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

/** The configuration a snapshot stands for. Throws ConfigError (only if the environment differs). */
export function configFromSnapshot(env: Env, snapshot: ConfigSnapshot): Config {
  return loadConfig(SETTINGS_MODULES, { env, file: snapshot.file ?? undefined });
}
