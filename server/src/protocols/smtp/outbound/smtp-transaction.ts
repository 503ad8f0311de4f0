// The mail transactions of one session and what each recipient got from them (RFC 5321 §3.3): one transaction
// per distinct set of RFC 3461 parameters (NOTIFY and ORCPT are per recipient, nodemailer takes them per
// transaction), RSET between, and every reply turned into delivered (2xx), deferred (4xx) or bounced (5xx).
// Security: replies are untrusted and pass through parseReply (bounded, one line) before being kept.

import type { SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import type { DeliveryRequest, OutboundRecipient, RecipientDelivery } from '#domain/delivery';
import { parseReply, type SmtpReply } from './smtp-reply.ts';
import type { SmtpClientError, SmtpSession } from './smtp-session.ts';

/** The host a session talks to, as named in results: `mx1.example.org[192.0.2.7]`. */
export interface SessionPeer {
  readonly name: string;
  readonly address: string;
}

/** How a session's transactions ended for the recipients that got an answer, and whether the session broke. */
export interface TransactionReport {
  readonly results: readonly RecipientDelivery[];
  /** The connection failed before every recipient got an answer; those have no result here. */
  readonly isBroken: boolean;
  /** Why it broke, for the deferral of the others. */
  readonly breakDetail?: string;
}

/** xtext (RFC 3461 §4) as stored, back to text: nodemailer encodes NOTIFY, ORCPT and ENVID itself. */
function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function peerName(peer: SessionPeer): string {
  return peer.name === peer.address ? `[${peer.address}]` : `${peer.name}[${peer.address}]`;
}

function fromReply(
  address: string,
  reply: SmtpReply,
  peer: SessionPeer,
  command: string,
  isDsnPassedOn: boolean,
): RecipientDelivery {
  const outcome = reply.code < 400 ? 'delivered' : reply.code < 500 ? 'deferred' : 'bounced';
  const detail =
    outcome === 'delivered'
      ? `delivered to ${peerName(peer)}: ${reply.text}`
      : `host ${peerName(peer)} said: ${reply.text} (in reply to ${command})`;
  return {
    address,
    outcome,
    status: reply.status,
    detail,
    reply: reply.text,
    remoteMta: peer.name,
    isDsnPassedOn,
  };
}

/** Recipients sharing NOTIFY and ORCPT go in one transaction; usually that is all of them. */
export function transactionsOf(recipients: readonly OutboundRecipient[]): OutboundRecipient[][] {
  const groups = new Map<string, OutboundRecipient[]>();
  for (const recipient of recipients) {
    const key = JSON.stringify([recipient.notify, recipient.orcpt]);
    const group = groups.get(key) ?? [];
    group.push(recipient);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function envelopeOf(request: DeliveryRequest, recipients: readonly OutboundRecipient[]): SMTPEnvelope {
  const [first] = recipients;
  const dsn = {
    ...(request.ret !== null && { ret: request.ret }),
    ...(request.envid !== null && { envid: decodeXtext(request.envid) }),
    ...(first?.notify != null && { notify: first.notify }),
    ...(first?.orcpt != null && { orcpt: decodeXtext(first.orcpt) }),
  };
  return {
    from: request.sender,
    to: recipients.map((r) => r.address),
    size: request.content.length,
    use8BitMime: request.is8bit,
    ...(Object.keys(dsn).length > 0 && { dsn }),
  };
}

/** An error that came with a reply from the server (as opposed to a broken connection or a local refusal). */
function replyOf(error: SmtpClientError): SmtpReply | undefined {
  return typeof error.responseCode === 'number' ? parseReply(error.response) : undefined;
}

/** Run every transaction of `request` on `session`; stops at the first broken connection. */
export async function runTransactions(
  session: SmtpSession,
  request: DeliveryRequest,
  peer: SessionPeer,
): Promise<TransactionReport> {
  const content = Buffer.from(request.content.buffer, request.content.byteOffset, request.content.byteLength);
  const isDsnPassedOn = session.extensions.has('DSN');
  const results: RecipientDelivery[] = [];
  const transactions = transactionsOf(request.recipients);
  for (const [index, recipients] of transactions.entries()) {
    if (index > 0) {
      try {
        await session.reset();
      } catch (error) {
        return { results, isBroken: true, breakDetail: brokenDetail(peer, error as SmtpClientError) };
      }
    }
    try {
      const info = await session.send(envelopeOf(request, recipients), content, {
        declareSmtputf8: request.needsSmtputf8,
      });
      const accepted = parseReply(info.response) ?? { code: 250, status: '2.0.0', text: info.response };
      for (const address of info.accepted)
        results.push(fromReply(address, accepted, peer, 'end of DATA', isDsnPassedOn));
      results.push(...rejectedRecipients(info.rejectedErrors ?? [], peer, isDsnPassedOn));
    } catch (caught) {
      const error = caught as SmtpClientError;
      if (error.rejectedErrors && error.rejectedErrors.length > 0) {
        // Every recipient refused at RCPT TO: each has its own reply.
        results.push(...rejectedRecipients(error.rejectedErrors, peer, isDsnPassedOn));
        continue;
      }
      const reply = replyOf(error);
      if (reply) {
        const command =
          error.command === 'DATA' && error.code === 'EMESSAGE' ? 'end of DATA' : (error.command ?? 'DATA');
        for (const r of recipients) results.push(fromReply(r.address, reply, peer, command, isDsnPassedOn));
        // 421: the server is closing the session (RFC 5321 §3.8); nothing more goes over it.
        if (reply.code === 421)
          return { results, isBroken: true, breakDetail: `host ${peerName(peer)} closed the session` };
        continue;
      }
      if (error.code === 'EMESSAGE') {
        // Refused before sending: larger than the SIZE the server announced (RFC 1870).
        for (const r of recipients) {
          results.push({
            address: r.address,
            outcome: 'bounced',
            status: '5.3.4',
            detail: `message too big for ${peerName(peer)} (${error.message})`,
            remoteMta: peer.name,
          });
        }
        continue;
      }
      return { results, isBroken: true, breakDetail: brokenDetail(peer, error) };
    }
  }
  return { results, isBroken: false };
}

function rejectedRecipients(
  errors: readonly (Error & { recipient?: string; response?: string })[],
  peer: SessionPeer,
  isDsnPassedOn: boolean,
): RecipientDelivery[] {
  return errors.flatMap((error) => {
    const reply = parseReply(error.response);
    if (error.recipient === undefined || reply === undefined) return [];
    return [fromReply(error.recipient, reply, peer, 'RCPT TO', isDsnPassedOn)];
  });
}

export function brokenDetail(peer: SessionPeer, error: SmtpClientError): string {
  const stage = error.command && error.command !== 'CONN' ? ` while sending ${error.command}` : '';
  return `lost connection with ${peerName(peer)}${stage}: ${error.message.slice(0, 200)}`;
}
