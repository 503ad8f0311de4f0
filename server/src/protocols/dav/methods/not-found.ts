// The one 404 answer, the same for what does not exist and what belongs to someone else (STYLE.md §3.6).

import type { Locale } from '@vercors/contract';
import { textReply, type DavReply } from '../dav-context.ts';

export function notFoundReply(locale: Locale): DavReply {
  return textReply(404, locale, 'notFound');
}
