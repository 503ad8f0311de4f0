// The web app manifest (https://www.w3.org/TR/appmanifest/), written by pwa-build-plugin.ts into the build
// as /mail/manifest.webmanifest: what a browser needs to install the webmail as an app. One file cannot
// change language with the person, so it speaks the product's default, French; the app itself then follows
// the account's language.

import { ACCENT, PAPER } from './app-icon.ts';

export interface ManifestIcon {
  readonly src: string;
  readonly sizes: string;
  readonly type: string;
  readonly purpose: 'any' | 'maskable';
}

export interface WebAppManifest {
  readonly id: string;
  readonly name: string;
  readonly short_name: string;
  readonly description: string;
  readonly lang: string;
  readonly dir: 'ltr';
  readonly start_url: string;
  readonly scope: string;
  readonly display: 'standalone';
  readonly theme_color: string;
  readonly background_color: string;
  readonly icons: readonly ManifestIcon[];
}

export function webAppManifest(base: string, icons: readonly ManifestIcon[]): WebAppManifest {
  return {
    id: base,
    name: 'Vercors — Messagerie',
    short_name: 'Vercors',
    description: 'La messagerie, les contacts et l’annuaire de l’académie.',
    lang: 'fr',
    dir: 'ltr',
    start_url: base,
    scope: base,
    display: 'standalone',
    theme_color: ACCENT,
    background_color: PAPER,
    icons,
  };
}
