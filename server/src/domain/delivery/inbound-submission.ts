// Submitted mail (RFC 6409): the copies for local recipients and the sender's Sent copy are stored first,
// in one durable transaction with receipts (so a retry stores nothing twice), and only then are remote
// recipients handed to the outbound queue, which has no receipts: on a retry after a failure before that
// step, nothing remote was queued yet, and after it the reply is 250.

import { newId, newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { EnvelopeDsn, EnvelopeRecipient, InboundMessage, RecipientResult } from './inbound-envelope.ts';
import type { InboundPipeline, StoreCopy } from './inbound-pipeline.ts';
import { deliveryKey } from './inbound-receipts.ts';
import { refusedRecipient } from './inbound-recipients.ts';
import { returnPathHeader, stripReturnPath } from './pipeline-received.ts';

/** One entry for the outbound queue: the message as we will send it, and its remote recipients. */
export interface OutboundSubmission {
  readonly accountId: string;
  readonly mailFrom: string;
  readonly recipients: readonly EnvelopeRecipient[];
  readonly raw: Uint8Array;
  readonly dsn?: EnvelopeDsn;
}

/** What the outbound queue work provides (`enqueue` from #domain/delivery); main.ts adapts it. */
export interface OutboundQueue {
  /** Durably queue the message for its remote recipients; resolves once committed. */
  enqueue(submission: OutboundSubmission): Promise<void>;
}

export interface SubmissionResult {
  readonly queueId: string;
  /** One per envelope recipient, in envelope order. */
  readonly recipients: readonly RecipientResult[];
  /** The sender's Sent copy. */
  readonly sent: RecipientResult;
}

export async function deliverSubmission(
  parts: {
    readonly pipeline: InboundPipeline;
    readonly queue: OutboundQueue | undefined;
    readonly log: Logger;
  },
  message: InboundMessage & { readonly senderAccountId: string; readonly receivedAt: Date },
): Promise<SubmissionResult> {
  const { pipeline, queue, log } = parts;
  const { envelope } = message;
  const queueId = newId('q');
  // A Return-Path the sender wrote is not sent on (RFC 5321 §4.4: an originating system should not).
  const raw = Buffer.concat([
    Buffer.from(pipeline.traceHeaders(message, queueId), 'utf8'),
    stripReturnPath(message.raw),
  ]);
  // A local recipient's copy is a final delivery: Return-Path first (RFC 5321 §4.4); not the Sent copy or the
  // queue's, which are not delivered yet. Made once, and only when a recipient is local.
  let delivered: Buffer | undefined;

  const kinds = await Promise.all(
    envelope.rcptTo.map(async (rcpt) => rcpt.kind ?? (await pipeline.classifyRecipient(rcpt.address))),
  );
  const copies: StoreCopy[] = [];
  const remote: EnvelopeRecipient[] = [];
  const results = new Map<string, RecipientResult>();
  kinds.forEach((kind, index) => {
    const rcpt = envelope.rcptTo[index];
    if (rcpt === undefined) return;
    if (kind.kind === 'local') {
      copies.push({
        address: rcpt.address,
        key: deliveryKey('inbox', envelope.mailFrom, kind.address, message.raw),
        request: {
          accountId: kind.account.id,
          raw: (delivered ??= Buffer.concat([Buffer.from(returnPathHeader(envelope.mailFrom), 'utf8'), raw])),
          options: { mailboxRole: 'inbox', receivedAt: message.receivedAt },
        },
      });
    } else if (kind.kind === 'remote') {
      remote.push(rcpt);
    } else {
      results.set(rcpt.address, { address: rcpt.address, status: 'permanent', ...refusedRecipient(kind) });
    }
  });
  // The Sent copy is read already: the sender wrote it.
  const sentAddress = `sent:${message.senderAccountId}`;
  copies.push({
    address: sentAddress,
    key: deliveryKey('sent', envelope.mailFrom, message.senderAccountId, message.raw),
    request: {
      accountId: message.senderAccountId,
      raw,
      options: { mailboxRole: 'sent', keywords: ['$seen'], receivedAt: message.receivedAt },
    },
  });

  const stored = await pipeline.storeCopies(copies, queueId);
  for (const outcome of stored) results.set(outcome.address, outcome);
  const sent = results.get(sentAddress) ?? stored[stored.length - 1];
  const isStored = stored.every((outcome) => outcome.status === 'delivered');

  if (remote.length > 0) {
    const queued = isStored ? await enqueueRemote(queue, log, queueId, { message, raw, remote }) : undefined;
    for (const rcpt of remote) {
      const fallback: RecipientResult = {
        address: rcpt.address,
        status: 'temporary',
        code: 'unavailable',
        reason: 'unavailable',
      };
      results.set(rcpt.address, queued ? { ...queued, address: rcpt.address } : fallback);
    }
  }
  log.info(
    {
      queue: queueId,
      session: envelope.sessionId,
      local: copies.length - 1,
      remote: remote.length,
      isStored,
    },
    'submitted message processed',
  );
  return {
    queueId,
    sent: sent ?? { address: sentAddress, status: 'temporary', code: 'temporary', reason: 'internal' },
    recipients: envelope.rcptTo.map(
      (rcpt): RecipientResult =>
        results.get(rcpt.address) ?? {
          address: rcpt.address,
          status: 'temporary',
          code: 'temporary',
          reason: 'internal',
        },
    ),
  };
}

/** Queue the remote recipients; a failure becomes a temporary result with an incident id. */
async function enqueueRemote(
  queue: OutboundQueue | undefined,
  log: Logger,
  queueId: string,
  input: {
    message: InboundMessage & { senderAccountId: string };
    raw: Uint8Array;
    remote: EnvelopeRecipient[];
  },
): Promise<RecipientResult | undefined> {
  const { message, raw, remote } = input;
  if (queue === undefined) return undefined;
  try {
    await queue.enqueue({
      accountId: message.senderAccountId,
      mailFrom: message.envelope.mailFrom,
      recipients: remote,
      raw,
      dsn: message.envelope.dsn,
    });
    return { address: '', status: 'queued' };
  } catch (error) {
    const incidentId = newIncidentId();
    log.error({ err: error, incident: incidentId, queue: queueId }, 'outbound enqueue failed');
    return { address: '', status: 'temporary', code: 'temporary', reason: 'internal', incidentId };
  }
}
