// Stage 4 of inbound delivery: the recipient's Sieve script decides where the copy goes. A pass-through
// until the Sieve work: the spam verdict alone picks Junk or the inbox (RFC 5228 §2.10.2 implicit keep).

import type { SpamVerdict } from './pipeline-spam.ts';

/** Where one recipient's copy is filed. */
export interface FilingDecision {
  /** The mailbox role to file into; the Sieve work will add mailbox ids for fileinto. */
  readonly mailboxRole: 'inbox' | 'junk';
  /** Keywords set on arrival (imap4flags); none by default. */
  readonly keywords: readonly string[];
}

/** What the Sieve work implements; `main.ts` injects it into the pipeline. */
export interface SieveFilter {
  decide(input: {
    readonly accountId: string;
    readonly raw: Uint8Array;
    readonly spam: SpamVerdict;
  }): Promise<FilingDecision>;
}

/** No scripts yet: implicit keep, in Junk when the classifier said spam. */
export const passThroughSieveFilter: SieveFilter = {
  decide: ({ spam }) =>
    Promise.resolve({ mailboxRole: spam.verdict === 'spam' ? 'junk' : 'inbox', keywords: [] }),
};
