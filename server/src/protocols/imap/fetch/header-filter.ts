// BODY[HEADER.FIELDS (…)] and BODY[HEADER.FIELDS.NOT (…)] (RFC 9051 §6.4.5) as a chunk transform over a
// header block: the filtering itself is the MIME codec's HeaderFieldFilter.

import { HeaderFieldFilter } from '#formats/mime';
import type { ChunkTransform } from './section-body.ts';

/** The filter as a chunk transform over a header block. */
export function headerFieldFilter(names: readonly string[], isExclusion: boolean): ChunkTransform {
  return async function* (input) {
    const filter = new HeaderFieldFilter(names, isExclusion);
    for await (const chunk of input) yield* filter.push(chunk);
  };
}
