// The configuration the primary accepted, as data it can hand to its workers: the config file's text (the
// environment is the same in every process). Workers build their configuration from it, never from the
// disk, so a worker forked after a refused reload gets the configuration in service, not the broken file.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '#core/config';
import { ConfigError } from '#core/errors';
import { CORE_SETTINGS } from '#core/settings';
import { CONFIG_FILE_NAME, SETTINGS_MODULES } from '../main.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigSnapshot {
  /** The config file as read, or null when there is none (defaults and environment only). */
  readonly file: { readonly path: string; readonly text: string } | null;
}

export type SnapshotAttempt =
  | { readonly config: Config; readonly snapshot: ConfigSnapshot; readonly problems?: undefined }
  | { readonly config?: undefined; readonly snapshot?: undefined; readonly problems: readonly string[] };

/** Read the file where readConfig (main.ts) reads it, and build the configuration from that text. */
export function readConfigSnapshot(env: Env): SnapshotAttempt {
  const explicitPath = env.VERCORS_CONFIG;
  const path = explicitPath ?? join(env.VERCORS_DATA ?? CORE_SETTINGS.data.default, CONFIG_FILE_NAME);
  let snapshot: ConfigSnapshot = { file: null };
  if (explicitPath !== undefined || existsSync(path)) {
    try {
      snapshot = { file: { path, text: readFileSync(path, 'utf8') } };
    } catch (error) {
      return { problems: [`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
    }
  }
  try {
    return { config: configFromSnapshot(env, snapshot), snapshot };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

/** The configuration a snapshot stands for. Throws ConfigError (only if the environment differs). */
export function configFromSnapshot(env: Env, snapshot: ConfigSnapshot): Config {
  return loadConfig(SETTINGS_MODULES, { env, file: snapshot.file ?? undefined });
}
