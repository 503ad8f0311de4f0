// The outbound SMTP delivery agent (Postfix's smtp(8)): implements the queue's DeliveryAgent. Finds the route
// (MX hosts, or the relay host), tries hosts and addresses in order until one session gets answers, and turns
// every reply into a per-recipient outcome. Connection failures and greeting refusals move on to the next host;
// once a server has answered for a recipient, that answer stands for this attempt (RFC 5321 §5.1).
// Security: talks to untrusted servers; every wait has a timeout, every list from DNS a bound.

import type { DeliveryAgent, DeliveryRequest, RecipientDelivery } from '#domain/delivery';
import type { Logger } from '#core/log';
import { systemMailDns, type MailDns } from './mail-dns.ts';
import { resolveMailRoute, resolveRelayRoute, type MailRoute } from './mail-route.ts';
import type { OutboundSettings } from './outbound-settings.ts';
import { parseReply } from './smtp-reply.ts';
import { openSession, type SmtpClientError, type SmtpSession } from './smtp-session.ts';
import { brokenDetail, runTransactions, type SessionPeer } from './smtp-transaction.ts';

/** Connections tried per attempt across every host (Postfix's smtp_mx_address_limit); then wait for a retry. */
export const MAX_CONNECTIONS_PER_ATTEMPT = 5;
/** The port mail exchangers listen on (RFC 5321 §4.5.4.2 calls it the SMTP port). */
export const SMTP_PORT = 25;
/** Port where a relay expects implicit TLS (RFC 8314). */
const IMPLICIT_TLS_PORT = 465;

export interface SmtpAgentOptions {
  readonly settings: OutboundSettings;
  /** Our host name, for EHLO. */
  readonly hostname: string;
  readonly log: Logger;
  /** Default: the system's resolvers. */
  readonly dns?: MailDns;
  /** The port of remote MX hosts: 25, except in tests. */
  readonly port?: number;
}

interface Relay {
  readonly host: string;
  readonly port: number;
}

export function parseRelay(value: string): Relay | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;
  return { host: (match[1] ?? match[2] ?? '').toLowerCase(), port: Number(match[3] ?? SMTP_PORT) };
}

function allRecipients(
  request: DeliveryRequest,
  outcome: RecipientDelivery['outcome'],
  status: string,
  detail: string,
): RecipientDelivery[] {
  return request.recipients.map((r) => ({ address: r.address, outcome, status, detail }));
}

/** Connection errors whose cause is the TLS handshake: worth one more try in clear text (as Postfix does). */
function isTlsFailure(error: SmtpClientError): boolean {
  return error.code === 'ETLS' || /\b(TLS|SSL)\b/i.test(error.message);
}

export function createSmtpDeliveryAgent(options: SmtpAgentOptions): DeliveryAgent {
  const { settings, log } = options;
  const dns = options.dns ?? systemMailDns();
  const port = options.port ?? SMTP_PORT;
  const relay = settings.relayHost === '' ? undefined : parseRelay(settings.relayHost);
  const auth =
    relay && settings.relayUser !== ''
      ? { user: settings.relayUser, pass: settings.relayPassword }
      : undefined;

  const open = async (
    request: DeliveryRequest,
    peer: SessionPeer,
    routePort: number,
    isTlsAvoided: boolean,
  ) => {
    const isImplicitTls = relay !== undefined && routePort === IMPLICIT_TLS_PORT;
    return await openSession({
      address: peer.address,
      port: routePort,
      serverName: peer.name,
      heloName: options.hostname,
      isImplicitTls,
      // Credentials never cross the network in clear text.
      isTlsRequired: auth !== undefined && !isImplicitTls,
      isTlsVerified: relay !== undefined && settings.relayVerifyTls,
      isTlsAvoided,
      ...(auth && { auth }),
      timeouts: {
        connect: settings.connectTimeout,
        greeting: settings.greetingTimeout,
        idle: settings.idleTimeout,
      },
      signal: request.signal,
    });
  };

  /** A session with `peer`; with an MX, retried once without STARTTLS when the handshake itself failed. */
  const connect = async (
    request: DeliveryRequest,
    peer: SessionPeer,
    routePort: number,
  ): Promise<SmtpSession> => {
    try {
      return await open(request, peer, routePort, false);
    } catch (error) {
      const clientError = error as SmtpClientError;
      // Only for an MX, where TLS is opportunistic; a relay's TLS is its configuration, never skipped.
      if (!isTlsFailure(clientError) || relay !== undefined || request.signal.aborted) throw error;
      log.warn(
        { queueId: request.queueId, host: peer.name, address: peer.address, reason: clientError.message },
        'TLS handshake failed; trying again without TLS',
      );
      return await open(request, peer, routePort, true);
    }
  };

  const deliverOn = async (
    request: DeliveryRequest,
    route: Extract<MailRoute, { kind: 'hosts' }>,
  ): Promise<{ results: RecipientDelivery[] } | { lastFailure: { status: string; detail: string } }> => {
    let lastFailure = { status: '4.4.1', detail: `no mail host of ${request.domain} answered` };
    let tried = 0;
    for (const host of route.hosts) {
      for (const address of host.addresses) {
        if (tried >= MAX_CONNECTIONS_PER_ATTEMPT || request.signal.aborted) return { lastFailure };
        tried++;
        const peer = { name: host.name, address };
        let session: SmtpSession;
        try {
          session = await connect(request, peer, host.port);
        } catch (error) {
          const clientError = error as SmtpClientError;
          const reply = parseReply(clientError.response);
          lastFailure = reply
            ? {
                status: reply.status.replace(/^5/, '4'),
                detail: `host ${host.name}[${address}] refused to talk to us: ${reply.text}`,
              }
            : { status: '4.4.1', detail: brokenDetail(peer, clientError) };
          log.info(
            { queueId: request.queueId, host: host.name, address, reason: lastFailure.detail },
            'no session',
          );
          continue;
        }
        try {
          const sessionLog = { queueId: request.queueId, host: host.name, address, tls: session.tls };
          if (session.tls.isSecure && !session.tls.isVerified) {
            log.info(sessionLog, 'TLS certificate not verified; delivering encrypted anyway');
          } else log.debug(sessionLog, 'session open');
          if (request.needsSmtputf8 && !session.extensions.has('SMTPUTF8')) {
            // RFC 6531 §3.4: no downgrade exists for UTF-8 addresses or headers; the message cannot go there.
            const detail = `host ${host.name}[${address}] does not support SMTPUTF8, which this message needs`;
            return { results: allRecipients(request, 'bounced', '5.6.7', detail) };
          }
          if (request.is8bit && !session.extensions.has('8BITMIME')) {
            log.warn(sessionLog, '8-bit message sent to a server that does not announce 8BITMIME');
          }
          const report = await runTransactions(session, request, peer);
          const answered = new Set(report.results.map((r) => r.address));
          const unanswered = request.recipients.filter((r) => !answered.has(r.address));
          if (!report.isBroken || report.results.length > 0) {
            const rest = unanswered.map((r) => ({
              address: r.address,
              outcome: 'deferred' as const,
              status: '4.4.2',
              detail: report.breakDetail ?? 'no answer for this recipient',
              remoteMta: host.name,
            }));
            return { results: [...report.results, ...rest] };
          }
          // Nothing answered before the connection broke: another host may do better.
          lastFailure = { status: '4.4.2', detail: report.breakDetail ?? 'connection lost' };
        } finally {
          session.end();
        }
      }
    }
    return { lastFailure };
  };

  return {
    async deliver(request) {
      const route = relay
        ? await resolveRelayRoute(relay, dns)
        : await resolveMailRoute(request.domain, dns, port, settings.allowPrivateMx);
      if (route.kind === 'failed') {
        const fields = { queueId: request.queueId, domain: request.domain, detail: route.detail };
        // A warning: the domain's DNS points into internal networks, by mistake or as an attack (SSRF).
        if (route.refused)
          log.warn({ ...fields, refused: route.refused }, 'MX addresses refused as non-public');
        else log.info(fields, 'no route');
        return allRecipients(request, route.outcome, route.status, route.detail);
      }
      const outcome = await deliverOn(request, route);
      if ('results' in outcome) return outcome.results;
      const failure = outcome.lastFailure;
      const detail = request.signal.aborted ? `delivery interrupted (${failure.detail})` : failure.detail;
      return allRecipients(request, 'deferred', failure.status, detail);
    },
  };
}
