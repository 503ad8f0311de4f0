// Settings every part of the server reads: where data lives and who the server is.

import { choiceSetting, stringSetting } from './config/index.ts';

export const CORE_SETTINGS = {
  data: stringSetting({
    key: 'data',
    default: './data',
    why: {
      fr: 'Dossier de données : base SQLite, contenus des messages, certificats ; sauvegardez-le en entier.',
      en: 'Data folder: the SQLite database, blobs, certificates; back it up as a whole.',
    },
  }),
  hostname: stringSetting({
    key: 'hostname',
    default: 'localhost',
    why: {
      fr: 'Nom d’hôte public : dans les certificats TLS, l’accueil SMTP, l’autoconfiguration et les liens envoyés aux utilisateurs.',
      en: 'Public host name: in TLS certificates, SMTP greetings, autoconfig and links sent to users.',
    },
    pattern:
      /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    patternHint: {
      fr: 'un nom d’hôte DNS comme mail.ac-grenoble.fr',
      en: 'a DNS host name such as mail.ac-grenoble.fr',
    },
  }),
  logLevel: choiceSetting({
    key: 'log.level',
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const,
    why: {
      fr: 'Niveau de détail des journaux ; info consigne chaque connexion et action d’administration, sans le contenu des messages.',
      en: 'Log verbosity; info records every connection and admin action without message content.',
    },
  }),
  logFormat: choiceSetting({
    key: 'log.format',
    default: 'auto',
    choices: ['auto', 'json', 'text'] as const,
    why: {
      fr: 'json pour les collecteurs de journaux, text pour une personne ; auto : text quand la sortie standard est un terminal.',
      en: 'json for log collectors, text for a person; auto: text when standard output is a terminal.',
    },
  }),
} as const;
