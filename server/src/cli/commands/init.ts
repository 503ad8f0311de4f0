// vercors init: prepare a real deployment — the data folder, its migrated database and a commented
// vercors.conf — without demo data. Safe to run again: an existing config file is never touched.

import { mkdir, open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { defineMessages } from '#core/i18n';
import { CORE_SETTINGS } from '#core/settings';
import { CONFIG_FILE_NAME, SETTINGS_MODULES } from '../../read-config.ts';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { renderConfigTemplate } from '../config-template.ts';
import { schemaVersion } from '../schema-version.ts';

const MESSAGES = defineMessages({
  fr: {
    dataDir: 'Dossier de données : {path}',
    configCreated: 'Fichier de configuration : {path} (créé, tous les réglages en commentaire)',
    configKept: 'Fichier de configuration : {path} (déjà présent, laissé tel quel)',
    database: 'Base de données : {dialect}, schéma version {version}',
    nextSteps: 'Étapes suivantes :',
    step1: '  1. Relisez {path} et réglez au moins hostname, les écoutes (listen.*) et TLS (tls.*).',
    step2: '  2. vercors domain add ac-votre-academie.fr',
    step3: '  3. vercors user add prenom.nom@ac-votre-academie.fr --name "Prénom Nom" --password-stdin',
    step4: '  4. vercors doctor   (vérifie tout et liste les enregistrements DNS à publier)',
    step5: '  5. vercors serve',
  },
  en: {
    dataDir: 'Data folder: {path}',
    configCreated: 'Configuration file: {path} (created, every setting commented out)',
    configKept: 'Configuration file: {path} (already there, left as is)',
    database: 'Database: {dialect}, schema version {version}',
    nextSteps: 'Next steps:',
    step1: '  1. Review {path}; set at least hostname, the listeners (listen.*) and TLS (tls.*).',
    step2: '  2. vercors domain add ac-your-academie.fr',
    step3: '  3. vercors user add first.last@ac-your-academie.fr --name "First Last" --password-stdin',
    step4: '  4. vercors doctor   (checks everything and lists the DNS records to publish)',
    step5: '  5. vercors serve',
  },
});

/** Readable by the service's group (backup tools), not by everyone: it may come to hold database.url. */
const CONFIG_FILE_MODE = 0o640;

export const initCommand: CliCommand = {
  name: 'init',
  summary: {
    fr: 'Préparer un déploiement : dossier de données, base migrée, vercors.conf commenté',
    en: 'Prepare a deployment: data folder, migrated database, commented vercors.conf',
  },
  usage: '',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);

    // Write the config file first, so the configuration read next is the one init leaves behind.
    const configPath = resolve(
      context.env.VERCORS_CONFIG ??
        join(context.env.VERCORS_DATA ?? CORE_SETTINGS.data.default, CONFIG_FILE_NAME),
    );
    const isCreated = await createFileOnce(
      configPath,
      renderConfigTemplate(SETTINGS_MODULES, context.locale),
    );

    const services = await context.services();
    await services.database.ping();
    const version = await schemaVersion(services.database);
    const dialect = services.database.dialect.name;

    context.say(t('dataDir', { path: services.dataDir }));
    context.say(t(isCreated ? 'configCreated' : 'configKept', { path: configPath }));
    context.say(t('database', { dialect, version }));
    context.say(
      [
        '',
        t('nextSteps'),
        t('step1', { path: configPath }),
        t('step2'),
        t('step3'),
        t('step4'),
        t('step5'),
      ].join('\n'),
    );
    context.result({
      dataDir: services.dataDir,
      configFile: configPath,
      isConfigCreated: isCreated,
      database: { dialect, schemaVersion: version },
    });
    return EXIT.ok;
  },
};

/**
 * Create `path` with `content` unless it exists. 'wx' makes creation exclusive, so a file written meanwhile by
 * someone else is never clobbered; every line is a comment, so even a torn write leaves a valid file.
 */
async function createFileOnce(path: string, content: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', CONFIG_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}
