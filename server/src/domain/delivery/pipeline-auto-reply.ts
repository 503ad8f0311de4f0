// Stage 6 of inbound delivery, once the store (stage 5) committed: automatic replies (the vacation response, RFC 3834).
// The pipeline hands over the copies it filed in an inbox just now; the responder decides whether to answer
// and queues the answer itself. Best effort: the sender already has its 250, and a reply is never worth a retry.

import type { InboundEnvelope } from './inbound-envelope.ts';

/** A copy delivered to a local account's inbox: who may answer it automatically. */
export interface AutoReplyDelivery {
  readonly accountId: string;
  /** The address the mail reached (primary or alias), as the envelope gave it. */
  readonly address: string;
}

/** The message as the pipeline checked it: envelope, and the bytes received (without our trace fields). */
export interface AutoReplyMessage {
  readonly envelope: InboundEnvelope;
  readonly raw: Uint8Array;
}

/** What the vacation work implements; `main.ts` injects it into the pipeline. */
export interface AutoResponder {
  /** After the store committed; best effort (a failure is logged, never fails delivery). */
  respond(message: AutoReplyMessage, delivered: readonly AutoReplyDelivery[]): Promise<void>;
}

/** No responder: nobody is ever answered automatically. */
export const noAutoResponder: AutoResponder = {
  respond: () => Promise.resolve(),
};
