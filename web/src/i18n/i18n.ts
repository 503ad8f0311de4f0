// i18next for the web app: French first, English second (web/src/locale.ts picks one), catalogues in code so
// they are bundled and typed. Strings never hold markup; React escapes what they interpolate.

import i18next, { type i18n } from 'i18next';
import type { Locale } from '@vercors/contract';
import { en } from './en.ts';
import { fr } from './fr.ts';

export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: 'fr',
    resources: { fr: { translation: fr }, en: { translation: en } },
    // React escapes on render; escaping here too would show &amp; in the page.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
