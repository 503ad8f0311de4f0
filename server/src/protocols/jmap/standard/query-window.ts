// The window of a /query over an ordered list of ids (RFC 8620 §5.5): a position (negative counts from the end)
// or an anchor with an offset, and a limit.

import { MethodError } from '../method-error.ts';

export interface QueryWindow {
  readonly position?: number | null | undefined;
  readonly anchor?: string | null | undefined;
  readonly anchorOffset?: number | null | undefined;
  readonly limit?: number | null | undefined;
}

export function windowOf(
  ids: readonly string[],
  window: QueryWindow,
  maxLimit: number,
): { position: number; ids: string[]; limit?: number } {
  const total = ids.length;
  let start: number;
  if (window.anchor !== null && window.anchor !== undefined) {
    const index = ids.indexOf(window.anchor);
    if (index < 0) throw new MethodError('anchorNotFound', `${window.anchor} is not in the results`);
    start = Math.max(0, index + (window.anchorOffset ?? 0));
  } else {
    const position = window.position ?? 0;
    start = position < 0 ? Math.max(0, total + position) : position;
  }
  const asked = window.limit ?? maxLimit;
  // A limit above the server's is lowered, and the response says so (RFC 8620 §5.5 `limit`).
  const limit = Math.min(asked, maxLimit);
  const slice = ids.slice(start, start + limit);
  return asked > maxLimit
    ? { position: Math.min(start, total), ids: slice, limit }
    : { position: Math.min(start, total), ids: slice };
}
