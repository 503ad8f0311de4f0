// JMAP settings that depend on the site. The protocol's fixed limits are in jmap-limits.ts.

import { stringSetting } from '#core/config';

const ORIGIN = String.raw`https?://[a-z0-9.-]+(?::\d{1,5})?`;

export const JMAP_SETTINGS = {
  corsOrigins: stringSetting({
    key: 'jmap.cors-origins',
    default: '',
    allowEmpty: true,
    pattern: new RegExp(`^${ORIGIN}(?:\\s*,\\s*${ORIGIN})*$`, 'i'),
    patternHint: {
      fr: 'une liste d’origines séparées par des virgules, comme https://webmail.ac-exemple.fr',
      en: 'a comma-separated list of origins, such as https://webmail.ac-example.fr',
    },
    why: {
      fr: 'Sites web (origines) dont les pages peuvent appeler l’API JMAP depuis le navigateur (CORS) ; vide : seulement le webmail de ce serveur.',
      en: 'Web sites (origins) whose pages may call the JMAP API from a browser (CORS); empty: only this server’s own webmail.',
    },
  }),
} as const;

/** The origins of `jmap.cors-origins`, lower case. */
export function corsOriginsOf(value: string): readonly string[] {
  return value
    .split(',')
    .map((origin) => origin.trim().toLowerCase())
    .filter((origin) => origin !== '');
}
