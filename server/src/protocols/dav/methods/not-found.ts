// The one 404 answer, the same for what does not exist and what belongs to someone else (STYLE.md §3.6).

import type { DavReply } from '../dav-context.ts';

export function notFoundReply(): DavReply {
  return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'not found\n' };
}
