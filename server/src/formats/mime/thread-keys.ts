// The keys a store needs to thread a message (RFC 5256 §2.2 REFERENCES ideas, JMAP-style thread ids): its own
// Message-ID, the ids it answers (most recent first) and its base subject for the subject fallback.

import type { ParsedMessage } from './parsed-message.ts';

export interface ThreadKeys {
  readonly messageId: string | undefined;
  /** In-Reply-To, then References from the newest back to the thread root; each id once. */
  readonly parents: string[];
  /** Base subject, case-folded so "RE: Réunion" and "Re: réunion" thread together. */
  readonly normalizedSubject: string;
}

/** Thread keys of a parsed message. */
export function threadKeys(parsed: ParsedMessage): ThreadKeys {
  const parents: string[] = [];
  const seen = new Set<string>(parsed.messageId === undefined ? [] : [parsed.messageId]);
  // In-Reply-To is the direct parent; References are listed oldest first (RFC 5322 §3.6.4), so walk them backwards.
  for (const id of [...parsed.inReplyTo, ...[...parsed.references].reverse()]) {
    if (seen.has(id)) continue;
    seen.add(id);
    parents.push(id);
  }
  return {
    messageId: parsed.messageId,
    parents,
    normalizedSubject: parsed.normalizedSubject.toLocaleLowerCase('fr'),
  };
}
