// The language of a DAV answer's words. Once the request is authenticated: the account's language, the one the
// person chose in the webmail and the one their books are named in (a phone's Accept-Language is its system
// default, often absent). Before: the first of fr/en in Accept-Language, French by default.

import { DEFAULT_LOCALE, type Locale } from '@vercors/contract';
import type { DavPrincipal } from './collection-provider.ts';

/** Characters of Accept-Language read: a real header is a few dozen; a hostile one is not scanned whole. */
const MAX_ACCEPT_LANGUAGE = 256;

export function davLocale(acceptLanguage: string | undefined, principal?: DavPrincipal): Locale {
  if (principal !== undefined) return principal.locale;
  for (const part of (acceptLanguage ?? '').slice(0, MAX_ACCEPT_LANGUAGE).split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return DEFAULT_LOCALE;
}
