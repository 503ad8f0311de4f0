// doctor: the data folder — usable by this process, closed to other users, with room to grow — and the
// files in it that deserve care (a config file holding secrets, leftover demo logins).

import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale } from '@vercors/contract';
import { defineMessages } from '#core/i18n';
import { formatBytes } from '../display-format.ts';
import { DEMO_LOGINS_FILE } from '../../demo/demo-logins-file.ts';
import type { CheckResult } from './doctor-check.ts';

const MESSAGES = defineMessages({
  fr: {
    usable: '{path} : lecture et écriture possibles',
    unusable: '{path} : inaccessible ({code})',
    unusableFix: 'donnez le dossier au compte qui lance vercors : chown -R <compte> {path}',
    open: '{path} est ouvert aux autres utilisateurs (droits {mode})',
    openFix: 'chmod 750 {path} (le courrier de toute l’académie y est)',
    closed: '{path} est fermé aux autres utilisateurs (droits {mode})',
    space: 'espace libre : {free} ({percent} %)',
    lowSpace: 'espace libre faible : {free} ({percent} %)',
    lowSpaceFix:
      'agrandissez le volume ou déplacez le dossier de données (VERCORS_DATA) avant qu’il ne se remplisse',
    configReadable: '{path} contient un secret (database.url) et est lisible par tous',
    configReadableFix: 'chmod 640 {path}',
    demoLogins: '{path} existe : des identifiants de démonstration en clair',
    demoLoginsFix: 'supprimez-le une fois les identifiants notés ; une démo ne doit pas servir en production',
  },
  en: {
    usable: '{path}: readable and writable',
    unusable: '{path}: not accessible ({code})',
    unusableFix: 'give the folder to the account that runs vercors: chown -R <account> {path}',
    open: '{path} is open to other users (mode {mode})',
    openFix: 'chmod 750 {path} (the whole académie’s mail is in it)',
    closed: '{path} is closed to other users (mode {mode})',
    space: 'free space: {free} ({percent} %)',
    lowSpace: 'low free space: {free} ({percent} %)',
    lowSpaceFix: 'grow the volume or move the data folder (VERCORS_DATA) before it fills up',
    configReadable: '{path} holds a secret (database.url) and is readable by everyone',
    configReadableFix: 'chmod 640 {path}',
    demoLogins: '{path} exists: demo logins in clear text',
    demoLoginsFix: 'delete it once the logins are noted; a demo must not go to production',
  },
});

/** Below either, mail starts being deferred soon: warn while there is time to act. */
const MIN_FREE_BYTES = 2 * 1024 ** 3;
const MIN_FREE_PERCENT = 5;

export interface DataFolderInput {
  readonly locale: Locale;
  readonly dataDir: string;
  /** The config file in use, if any, and whether it (rather than the environment) sets a secret. */
  readonly configPath: string | undefined;
  readonly isSecretInFile: boolean;
}

export async function checkDataFolder(input: DataFolderInput): Promise<CheckResult[]> {
  const { locale, dataDir } = input;
  const t = (key: (typeof MESSAGES.keys)[number], params: Record<string, string | number>) =>
    MESSAGES.t(locale, key, params);
  const results: CheckResult[] = [];
  const add = (status: CheckResult['status'], message: string, fix?: string) =>
    results.push({ area: 'dataFolder', status, message, ...(fix !== undefined && { fix }) });

  try {
    await access(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
    add('ok', t('usable', { path: dataDir }));
  } catch (error) {
    add(
      'fail',
      t('unusable', { path: dataDir, code: (error as NodeJS.ErrnoException).code ?? 'error' }),
      t('unusableFix', { path: dataDir }),
    );
    return results;
  }

  const mode = (await stat(dataDir)).mode & 0o777;
  const modeText = mode.toString(8).padStart(3, '0');
  if ((mode & 0o007) !== 0)
    add('warn', t('open', { path: dataDir, mode: modeText }), t('openFix', { path: dataDir }));
  else add('ok', t('closed', { path: dataDir, mode: modeText }));

  const space = await statfs(dataDir);
  const free = space.bavail * space.bsize;
  const percent = space.blocks > 0 ? Math.round((space.bavail / space.blocks) * 100) : 100;
  const freeText = formatBytes(locale, free);
  if (free < MIN_FREE_BYTES || percent < MIN_FREE_PERCENT) {
    add('warn', t('lowSpace', { free: freeText, percent }), t('lowSpaceFix', {}));
  } else {
    add('ok', t('space', { free: freeText, percent }));
  }

  if (input.configPath !== undefined && input.isSecretInFile) {
    const configMode = (await stat(input.configPath)).mode;
    if ((configMode & 0o004) !== 0) {
      add(
        'warn',
        t('configReadable', { path: input.configPath }),
        t('configReadableFix', { path: input.configPath }),
      );
    }
  }

  const demoLogins = join(dataDir, DEMO_LOGINS_FILE);
  if (await exists(demoLogins)) add('warn', t('demoLogins', { path: demoLogins }), t('demoLoginsFix', {}));
  return results;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
