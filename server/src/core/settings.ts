// Settings every part of the server reads: where data lives and who the server is.

import { choiceSetting, stringSetting } from './config/index.ts';

export const CORE_SETTINGS = {
  data: stringSetting({
    key: 'data',
    default: './data',
    why: 'Data folder: the SQLite database, blobs, certificates; back it up as a whole.',
  }),
  hostname: stringSetting({
    key: 'hostname',
    default: 'localhost',
    why: 'Public host name: in TLS certificates, SMTP greetings, autoconfig and links sent to users.',
    pattern:
      /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    patternHint: 'a DNS host name such as mail.ac-grenoble.fr',
  }),
  logLevel: choiceSetting({
    key: 'log.level',
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const,
    why: 'Log verbosity; info records every connection and admin action without message content.',
  }),
  logFormat: choiceSetting({
    key: 'log.format',
    default: 'auto',
    choices: ['auto', 'json', 'text'] as const,
    why: 'json for log collectors, text for a person; auto: text when standard output is a terminal.',
  }),
} as const;
