// DATA (RFC 5321 §4.1.1.4): read the message, hand it to delivery, answer once for all recipients — 250 only
// after every copy is durable (docs/decisions/0006-inbound-delivery-replies.md). Security: the message is
// untrusted and bounded by SIZE (smtp-server flags an oversized stream; we keep nothing of it and it answers
// 552 5.3.4); a client that leaves mid-message leaves nothing stored; unexpected failures are 451 + incident.

import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { performance } from 'node:perf_hooks';
import { newIncidentId } from '#core/ids';
import { parseMessage } from '#formats/mime';
import {
  deliverSubmission,
  type EnvelopeRecipient,
  type InboundEnvelope,
  type RecipientDsn,
  type RecipientResult,
} from '#domain/delivery';
import { dataReply, FAILURE_REPLIES, incidentReply, POLICY_REPLIES } from '../error-replies.ts';
import { replyError, replyText, type SmtpReply } from '../smtp-reply.ts';
import { isSubmission, type SessionState } from './session-state.ts';
import type { SmtpContext } from './smtp-context.ts';

type DataDone = (error?: Error | null, message?: string) => void;

export function onData(
  context: SmtpContext,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  done: DataDone,
): void {
  const state = context.sessions.get(session.id);
  if (state === undefined) {
    stream.resume();
    done(replyError(POLICY_REPLIES.shuttingDown));
    return;
  }
  state.isInData = true;
  readMessage(stream, context.settings.maxMessageSize).then(
    (raw) => {
      if (raw === undefined) {
        // Oversized: nothing was kept (smtp-server may answer 552 itself; this is the same reply).
        state.isInData = false;
        context.metrics.messages.inc({ listener: context.listener, outcome: 'refused', reason: 'tooBig' });
        done(replyError(FAILURE_REPLIES.tooBig));
        return;
      }
      deliver(context, state, session, raw).then(
        (reply) => {
          state.isInData = false;
          if (reply.code === 250) done(null, replyText(reply));
          else done(replyError(reply));
        },
        (error: unknown) => {
          state.isInData = false;
          const incident = newIncidentId();
          context.log.error({ err: error, incident, session: session.id }, 'smtp delivery failed');
          context.metrics.messages.inc({
            listener: context.listener,
            outcome: 'deferred',
            reason: 'internal',
          });
          done(replyError(incidentReply(incident)));
        },
      );
    },
    () => {
      // The client went away mid-message: nothing to store, nobody to answer.
      state.isInData = false;
    },
  );
}

/** The whole message, or undefined when it went over `maxBytes` (the rest is drained, not kept). */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isOversized = false;
    stream.on('data', (chunk: Buffer) => {
      if (isOversized) return;
      size += chunk.length;
      if (size > maxBytes || stream.sizeExceeded) {
        isOversized = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () =>
      resolve(isOversized || stream.sizeExceeded ? undefined : Buffer.concat(chunks, size)),
    );
    stream.once('error', reject);
  });
}

async function deliver(
  context: SmtpContext,
  state: SessionState,
  session: SMTPServerSession,
  raw: Buffer,
): Promise<SmtpReply> {
  const { metrics, listener } = context;
  const started = performance.now();
  metrics.bytes.inc({ listener }, raw.byteLength);
  const envelope = envelopeOf(session, state);

  let results: readonly RecipientResult[];
  let queueId: string;
  if (isSubmission(state)) {
    const account = state.account;
    if (account === undefined) return POLICY_REPLIES.senderNotOwned;
    // The From: header must name the user too, not only MAIL FROM (what the reader sees is the header).
    if (!(await isFromOwned(raw, account.ownAddresses))) {
      metrics.messages.inc({ listener, outcome: 'refused', reason: 'fromNotOwned' });
      return POLICY_REPLIES.fromNotOwned;
    }
    const result = await deliverSubmission(
      { pipeline: context.pipeline, queue: context.queue, log: context.log },
      { envelope, raw, senderAccountId: account.id, receivedAt: context.clock.now() },
    );
    results = [...result.recipients, result.sent];
    queueId = result.queueId;
  } else {
    const result = await context.pipeline.deliverInbound({ envelope, raw });
    results = result.recipients;
    queueId = result.queueId;
  }

  const reply = dataReply(results, queueId);
  metrics.deliverySeconds.observe({ listener }, (performance.now() - started) / 1000);
  const failed = results.find((result) => result.status === 'temporary' || result.status === 'permanent');
  if (reply.code === 250) {
    state.messages++;
    if (state.account) {
      context.sentMessages.add(state.account.id);
      context.sentRecipients.add(state.account.id, envelope.rcptTo.length);
    }
    metrics.messages.inc({ listener, outcome: 'accepted', reason: 'ok' });
  } else {
    const reason = failed && 'reason' in failed ? failed.reason : 'internal';
    metrics.messages.inc({ listener, outcome: reply.code >= 500 ? 'refused' : 'deferred', reason });
  }
  context.log.info(
    { session: session.id, queue: queueId, listener, code: reply.code, size: raw.byteLength },
    'smtp message',
  );
  return reply;
}

/** The pipeline's envelope from smtp-server's session (parameters already validated there). */
function envelopeOf(session: SMTPServerSession, state: SessionState): InboundEnvelope {
  const envelope = session.envelope as SMTPServerSession['envelope'] & {
    readonly smtpUtf8?: boolean;
    readonly dsn?: { readonly ret?: string | null; readonly envid?: string | null };
  };
  const mailFrom = envelope.mailFrom === false ? '' : envelope.mailFrom.address;
  const rcptTo: EnvelopeRecipient[] = envelope.rcptTo.map((rcpt) => {
    const dsn = (rcpt as typeof rcpt & { dsn?: { notify?: string[]; orcpt?: string } }).dsn;
    const kind = state.recipients.get(rcpt.address.toLowerCase());
    return { address: rcpt.address, ...(dsn && { dsn: recipientDsn(dsn) }), ...(kind && { kind }) };
  });
  const ret = envelope.dsn?.ret;
  const envid = envelope.dsn?.envid ?? undefined;
  const hostname = session.clientHostname;
  return {
    mailFrom,
    rcptTo,
    remoteAddress: session.remoteAddress,
    // smtp-server puts `[ip]` here when there is no valid reverse name.
    remoteHostname: hostname && !hostname.startsWith('[') ? hostname : undefined,
    helo: session.hostNameAppearsAs,
    isExtended: session.openingCommand !== 'HELO',
    isTls: session.secure,
    isAuthenticated: state.account !== undefined,
    authenticatedAccountId: state.account?.id,
    authenticatedAs: state.account?.email,
    isSmtpUtf8: envelope.smtpUtf8 === true,
    dsn:
      ret || envid
        ? { ret: ret === 'HDRS' ? 'HDRS' : ret === 'FULL' ? 'FULL' : undefined, envid }
        : undefined,
    sessionId: session.id,
  };
}

function recipientDsn(dsn: { notify?: string[]; orcpt?: string }): RecipientDsn {
  const notify = dsn.notify?.filter(
    (value): value is 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY' =>
      value === 'NEVER' || value === 'SUCCESS' || value === 'FAILURE' || value === 'DELAY',
  );
  return { notify, orcpt: dsn.orcpt };
}

/** Every From: address is one of the account's; a message without From: is let through (MUAs add it). */
async function isFromOwned(raw: Buffer, own: ReadonlySet<string>): Promise<boolean> {
  const parsed = await parseMessage(raw, { maxParts: 1, maxBodyText: 0 });
  return parsed.from.every((address) => own.has(address.address.toLowerCase()));
}
