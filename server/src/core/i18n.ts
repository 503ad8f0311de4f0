// Message catalogues: French first, English second. Each module owns its catalogue;
// English must carry exactly the French keys (checked by tsc through `defineMessages`).

import { DEFAULT_LOCALE, type Locale } from '@vercors/contract';

export type Catalogue = Record<string, string>;

export interface Messages<K extends string> {
  /** Format message `key` in `locale`, replacing `{name}` with `params.name`. */
  t(locale: Locale, key: K, params?: Readonly<Record<string, string | number>>): string;
  readonly keys: readonly K[];
}

export function defineMessages<F extends Catalogue>(catalogues: {
  fr: F;
  en: { [K in keyof F]: string };
}): Messages<Extract<keyof F, string>> {
  const keys = Object.keys(catalogues.fr) as Extract<keyof F, string>[];
  return {
    keys,
    t(locale, key, params = {}) {
      const template =
        (locale === 'en' ? catalogues.en[key] : catalogues.fr[key]) ?? catalogues.fr[key] ?? key;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : whole,
      );
    },
  };
}

/** The locale of a command-line session: VERCORS_LOCALE, then LC_ALL/LC_MESSAGES/LANG; French by default. */
export function localeFromEnvironment(env: NodeJS.ProcessEnv): Locale {
  const explicit = env.VERCORS_LOCALE ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  if (/^en([_.-]|$)/i.test(explicit)) return 'en';
  if (/^fr([_.-]|$)/i.test(explicit)) return 'fr';
  return DEFAULT_LOCALE;
}
