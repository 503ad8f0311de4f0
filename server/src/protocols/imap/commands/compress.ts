// COMPRESS (RFC 4978). Grammar: COMPRESS SP algorithm, with DEFLATE the only algorithm.
// The tagged OK goes out uncompressed, then the session deflates both directions (deflate-layer.ts), the
// bytes the client sent after the command included. An unknown algorithm is BAD (§3); a second COMPRESS is
// NO [COMPRESSIONACTIVE], as is one over a layer that compresses already (TLS never does here).

import { bad, no, type ImapCommand } from '../command.ts';

/** Longer names are not algorithms: they are cut in the BAD text. */
const MAX_SHOWN_CHARS = 40;

export const compress: ImapCommand<string> = {
  name: 'COMPRESS',
  states: ['authenticated', 'selected'],
  parse(cursor) {
    cursor.expectSpace();
    const algorithm = cursor.expectAtom('Compression algorithm');
    cursor.expectEnd();
    return algorithm;
  },
  run(session, algorithm) {
    if (algorithm.toUpperCase() !== 'DEFLATE')
      return Promise.resolve(bad(`Unknown compression algorithm ${algorithm.slice(0, MAX_SHOWN_CHARS)}`));
    if (session.isCompressed)
      return Promise.resolve(no('Compression already active', { name: 'COMPRESSIONACTIVE' }));
    return Promise.resolve({ status: 'OK', text: 'DEFLATE active', then: 'compress' });
  },
};
