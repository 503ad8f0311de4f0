// Spelling/check through the web app's JMAP client (docs/jmap.md, "Vercors additions"): what the spelling
// extension is given to reach the server, with the server's bounds from the session. A server without the
// capability's `spelling` bounds offers no spell check: the extension then stays inert.

import type { SpellingCheckResponse, VercorsCapability } from '@vercors/contract';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import type { SpellCheck } from './spelling-pass.ts';

export interface SpellingServer {
  readonly check: SpellCheck;
  /** UTF-16 code units per call (the session's bound). */
  readonly maxTextLength: number;
}

/** The server's spell check for `client`'s account, or undefined when its session offers none. */
export function jmapSpellingServer(client: JmapClient): SpellingServer | undefined {
  // Read defensively: an older or odd server's session offers no spell check rather than a broken one.
  const capability = client.session.capabilities['urn:vercors:jmap'] as
    | Partial<VercorsCapability>
    | undefined;
  const bounds = capability?.spelling as Partial<VercorsCapability['spelling']> | undefined;
  const maxTextLength = bounds?.maxTextLength;
  if (!Array.isArray(bounds?.languages) || !bounds.languages.includes('fr')) return undefined;
  if (typeof maxTextLength !== 'number' || !Number.isInteger(maxTextLength) || maxTextLength < 1)
    return undefined;
  return {
    maxTextLength,
    async check(text) {
      const results = await client.call([
        ['Spelling/check', { accountId: client.accountId, text, language: 'fr' }, 'spelling'],
      ]);
      const answer = results.get('spelling') as unknown as SpellingCheckResponse | undefined;
      return { loading: answer?.loading ?? false, misspelled: answer?.misspelled ?? [] };
    },
  };
}
