// The trace fields of RFC 5321 §4.4: the Received header we prepend to every message we accept (protocol
// names from RFC 3848 and RFC 6531 §4.3), and the Return-Path of a final delivery. Security: every value comes
// from the client; anything that could break the header (control characters, parentheses that would close the
// comment) is replaced before use, and Return-Path fields a sender wrote are removed, as Postfix does: a
// reader or a JMAP client that shows the last one would otherwise show the sender's.

import { headerFieldRemover } from './header-field-removal.ts';
import type { InboundEnvelope } from './inbound-envelope.ts';

export interface ReceivedFields {
  readonly envelope: InboundEnvelope;
  /** Our host name (`by` clause). */
  readonly hostname: string;
  readonly queueId: string;
  /** Recipients are named (`for <rcpt>`) only when there is exactly one: a list would disclose Bcc. */
  readonly recipient?: string;
  readonly date: Date;
}

/** The longest HELO name we copy into the header; the rest is cut (smtp-server already caps it at 300). */
const MAX_HELO_IN_HEADER = 255;

/** `Received: from … by … with … id …; date` with CRLF line ends, folded, ending in CRLF. */
export function receivedHeader(fields: ReceivedFields): string {
  const { envelope } = fields;
  const helo = headerSafe(envelope.helo, MAX_HELO_IN_HEADER) || 'unknown';
  // An IPv6 literal is tagged (RFC 5321 §4.1.3); smtp-server already maps IPv4-in-IPv6 back to IPv4.
  const address = envelope.remoteAddress.includes(':')
    ? `IPv6:${envelope.remoteAddress}`
    : headerSafe(envelope.remoteAddress, 64);
  const tcpInfo = envelope.remoteHostname
    ? `${headerSafe(envelope.remoteHostname, 253)} [${address}]`
    : `[${address}]`;
  const lines = [
    `Received: from ${helo} (${tcpInfo})`,
    `\tby ${fields.hostname} (Vercors) with ${protocolName(envelope)} id ${fields.queueId}`,
  ];
  if (fields.recipient !== undefined) lines.push(`\tfor <${headerSafe(fields.recipient, 320)}>`);
  const last = lines.length - 1;
  lines[last] = `${lines[last]}; ${rfc5322Date(fields.date)}`;
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * `Return-Path: <reverse-path>` (`<>` for a bounce) with its CRLF: what final delivery puts first in the message
 * (RFC 5321 §4.4), so a reader knows where a bounce would go. The reverse path may be UTF-8 (SMTPUTF8).
 */
export function returnPathHeader(mailFrom: string): string {
  return `Return-Path: <${mailFrom.replace(/[\u0000-\u001f\u007f<>]/g, '?').slice(0, 320)}>\r\n`;
}

const removeReturnPath = headerFieldRemover('Return-Path');

/** `raw` without the Return-Path fields of its header section (RFC 5321 §4.4 lets final delivery remove them). */
export function stripReturnPath(raw: Uint8Array): Uint8Array {
  return removeReturnPath(raw);
}

/** RFC 3848 / RFC 6531 `with` keyword: (UTF8)SMTP, ESMTP plus S for TLS and A for AUTH. */
export function protocolName(envelope: InboundEnvelope): string {
  const suffix = `${envelope.isTls ? 'S' : ''}${envelope.isAuthenticated ? 'A' : ''}`;
  if (envelope.isSmtpUtf8) return `UTF8SMTP${suffix}`;
  if (!envelope.isExtended && suffix === '') return 'SMTP';
  return `ESMTP${suffix}`;
}

/** RFC 5322 §3.3 date-time in UTC, e.g. `Sat, 28 Nov 2026 23:45:00 +0000`. */
export function rfc5322Date(date: Date): string {
  // toUTCString gives `Sat, 28 Nov 2026 23:45:00 GMT`; RFC 5322 prefers the numeric zone.
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Printable ASCII and UTF-8 text only, without the characters that end a comment or a header. */
function headerSafe(value: string, maxLength: number): string {
  return value.replace(/[\u0000-\u001f\u007f()\\]/g, '?').slice(0, maxLength);
}
