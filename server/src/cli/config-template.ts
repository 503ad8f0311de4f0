// The configuration file as `vercors init` writes it and `vercors config --defaults` prints it: every
// setting of every module, commented out at its default, under its one-line reason and environment name.
// Uncommenting a line keeps it valid, so the output doubles as a starting config file (postconf -d).

import type { Locale } from '@vercors/contract';
import { envNameOf, quoteConfigValue, type Localized, type ModuleSettings, type Setting } from '#core/config';
import { defineMessages } from '#core/i18n';

const MESSAGES = defineMessages({
  fr: {
    title: 'Configuration de Vercors.',
    howTo:
      'Chaque réglage figure en commentaire avec sa valeur par défaut : retirez le « # » pour le changer.',
    envWins: 'Les variables d’environnement (nom indiqué sous chaque réglage) l’emportent sur ce fichier.',
    reference: 'Liste complète et à jour : vercors config --defaults ; valeurs en vigueur : vercors config.',
  },
  en: {
    title: 'Vercors configuration.',
    howTo: 'Every setting is shown commented out at its default: remove the "#" to change it.',
    envWins: 'Environment variables (named under each setting) override this file.',
    reference: 'Full, current list: vercors config --defaults; values in force: vercors config.',
  },
});

/** Comment lines wrap here so the file reads well in an 80-column terminal editor too. */
const COMMENT_WIDTH = 100;

export interface SettingDescription {
  readonly module: string;
  readonly key: string;
  readonly env: string;
  /** As it would be written in the file. */
  readonly default: string;
  readonly why: Localized;
  readonly isSecret: boolean;
}

export function describeSettings(modules: readonly ModuleSettings[]): SettingDescription[] {
  return modules.flatMap(({ module, settings }) =>
    Object.values(settings).map((setting: Setting<unknown>) => ({
      module,
      key: setting.key,
      env: envNameOf(setting.key),
      default: setting.show(setting.default),
      why: setting.why,
      isSecret: setting.isSecret === true,
    })),
  );
}

export function renderConfigTemplate(modules: readonly ModuleSettings[], locale: Locale): string {
  const lines = [
    `# ${MESSAGES.t(locale, 'title')}`,
    `# ${MESSAGES.t(locale, 'howTo')}`,
    `# ${MESSAGES.t(locale, 'envWins')}`,
    `# ${MESSAGES.t(locale, 'reference')}`,
  ];
  let module: string | undefined;
  for (const setting of describeSettings(modules)) {
    if (setting.module !== module) {
      module = setting.module;
      lines.push('', `# ── ${module} ${'─'.repeat(Math.max(3, 60 - module.length))}`);
    }
    lines.push(
      '',
      ...wrapComment(setting.why[locale]),
      `# ${setting.env}`,
      `#${setting.key} = ${quoteConfigValue(setting.default)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > COMMENT_WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}
