// vercors config: the values in force and where each comes from (default, file, environment), secrets
// hidden; with --defaults, every setting with its default and reason, as a config file to start from.

import { envNameOf, quoteConfigValue, type Setting } from '#core/config';
import { defineMessages } from '#core/i18n';
import { SETTINGS_MODULES } from '../../read-config.ts';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { describeSettings, renderConfigTemplate } from '../config-template.ts';

const MESSAGES = defineMessages({
  fr: {
    file: '# Fichier de configuration : {path}',
    noFile: '# Aucun fichier de configuration : valeurs par défaut et environnement',
    default: 'défaut',
    fromFile: 'fichier',
    environment: 'environnement {env}',
    hidden: '(masqué)',
  },
  en: {
    file: '# Configuration file: {path}',
    noFile: '# No configuration file: defaults and environment',
    default: 'default',
    fromFile: 'file',
    environment: 'environment {env}',
    hidden: '(hidden)',
  },
});

export const configCommand: CliCommand = {
  name: 'config',
  summary: {
    fr: 'Afficher la configuration en vigueur (--defaults : chaque réglage, sa valeur par défaut et sa raison)',
    en: 'Show the configuration in force (--defaults: every setting, its default and why)',
  },
  usage: '[--defaults]',
  options: { defaults: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  // Nothing to wait for: the configuration is read synchronously and nothing touches the store.
  run(context) {
    if (context.options.defaults === true) {
      // Defaults need no configuration at all: this works even when the current one is broken.
      context.say(renderConfigTemplate(SETTINGS_MODULES, context.locale).trimEnd());
      context.result(describeSettings(SETTINGS_MODULES));
      return Promise.resolve(EXIT.ok);
    }

    const config = context.config();
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string>) =>
      MESSAGES.t(context.locale, key, params);
    const rows = SETTINGS_MODULES.flatMap(({ module, settings }) => {
      const values = config.get(settings) as Readonly<Record<string, unknown>>;
      return Object.entries(settings).map(([name, setting]: [string, Setting<unknown>]) => {
        const shown = setting.show(values[name]);
        const isHidden = setting.isSecret === true && shown !== '';
        return {
          module,
          key: setting.key,
          env: envNameOf(setting.key),
          value: isHidden ? null : shown,
          isHidden,
          origin: config.origin(setting.key),
        };
      });
    });

    const lines = [config.filePath ? t('file', { path: config.filePath }) : t('noFile')];
    const width = Math.max(...rows.map((row) => row.key.length));
    let module: string | undefined;
    for (const row of rows) {
      if (row.module !== module) {
        module = row.module;
        lines.push('', `# ── ${module}`);
      }
      const value = row.isHidden ? t('hidden') : quoteConfigValue(row.value ?? '');
      const origin =
        row.origin === 'environment'
          ? t('environment', { env: row.env })
          : row.origin === 'file'
            ? t('fromFile')
            : t('default');
      lines.push(`${row.key.padEnd(width)} = ${value}  # ${origin}`);
    }
    context.say(lines.join('\n'));
    context.result({ file: config.filePath ?? null, settings: rows });
    return Promise.resolve(EXIT.ok);
  },
};
