// Stage 2 of inbound delivery: the spam verdict. A pass-through until the anti-spam work (domain/spam)
// provides a classifier with this interface; the verdict already routes mail (junk vs inbox) downstream.

import type { AuthenticationVerdict } from './pipeline-authentication.ts';
import type { InboundEnvelope } from './inbound-envelope.ts';

export interface SpamVerdict {
  /** ham: inbox; spam: the recipient's Junk mailbox; unknown: no opinion (inbox). */
  readonly verdict: 'ham' | 'spam' | 'unknown';
  /** Classifier score, higher is spammier; undefined without a classifier. */
  readonly score?: number;
  /** Header fields the classifier wants recorded (X-Spam-Status…), each ending in CRLF. */
  readonly headers: string;
}

/** What the anti-spam work implements; `main.ts` injects it into the pipeline. */
export interface SpamClassifier {
  classify(input: {
    readonly envelope: InboundEnvelope;
    readonly raw: Uint8Array;
    readonly authentication: AuthenticationVerdict;
  }): Promise<SpamVerdict>;
}

/** No classifier yet: every message is "unknown" and goes to the inbox. */
export const passThroughSpamClassifier: SpamClassifier = {
  classify: () => Promise.resolve({ verdict: 'unknown', headers: '' }),
};
