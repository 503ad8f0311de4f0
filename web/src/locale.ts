// The web app's language: the user's saved choice, else the browser's preferences, else French.

import { DEFAULT_LOCALE, LOCALES, type Locale } from '@vercors/contract';

/** Pick the first supported language from a preference list such as navigator.languages. */
export function pickLocale(saved: string | undefined, preferences: readonly string[]): Locale {
  for (const candidate of [saved, ...preferences]) {
    const primary = candidate?.toLowerCase().split(/[-_]/)[0];
    const match = LOCALES.find((locale) => locale === primary);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
