// Delivery status notifications as RFC 3464 multipart/report messages (RFC 6522): a bilingual explanation,
// the machine-readable message/delivery-status part, then the original message or its header (RET, RFC 3461
// §4.3). Sent with the null reverse-path by the caller, so a DSN can never cause another one.

import { randomBytes } from 'node:crypto';
import type { Locale } from '@vercors/contract';
import { newId } from '#core/ids';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import { encodeWords } from 'nodemailer/lib/mime-funcs';
import { asciiLine, decodeXtext, foldedField, rfc5322Date } from './dsn-fields.ts';
import { DSN_MESSAGES } from './dsn-messages.ts';
import { headerLength } from './queue-message-content.ts';

export type DsnKind = 'failure' | 'delay' | 'success';
/** RFC 3464 §2.3.3. */
export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed';

/**
 * A returned original larger than this is cut to its header: the sender has the message, and a bounce must
 * get through mailboxes and relays that refuse large mail (Postfix's bounce_size_limit is the same).
 */
export const DSN_MAX_RETURNED_BYTES = 50_000;

export interface DsnRecipient {
  /** The address we tried (Final-Recipient). */
  readonly address: string;
  /** ORCPT as received (`rfc822;…`, xtext), when the sender gave one (Original-Recipient). */
  readonly orcpt: string | null;
  readonly action: DsnAction;
  /** RFC 3463 status, e.g. 5.1.1. */
  readonly status: string;
  /** Our own words; the Diagnostic-Code when the remote server gave no reply. */
  readonly detail: string;
  /** The remote server's reply (Diagnostic-Code: smtp; …). */
  readonly reply?: string;
  readonly remoteMta?: string;
  readonly lastAttemptAt?: Date;
  /** Delay notices: when we give up (Will-Retry-Until). */
  readonly willRetryUntil?: Date;
}

export interface DsnReport {
  readonly kind: DsnKind;
  /** Our host name (Reporting-MTA, the From address's domain, the Message-ID's right side). */
  readonly reportingMta: string;
  readonly queueId: string;
  /** The original envelope sender: the DSN goes to this address. */
  readonly to: string;
  readonly envid: string | null;
  readonly arrivalDate: Date;
  readonly recipients: readonly DsnRecipient[];
  /** The original message, CRLF line ends. */
  readonly original: Uint8Array;
  /** `full` returns the whole original (when it is small enough), `headers` only its header. */
  readonly returnContent: 'full' | 'headers';
  readonly now: Date;
}

const SUBJECTS = { failure: 'subjectFailure', delay: 'subjectDelay', success: 'subjectSuccess' } as const;
const INTROS = { failure: 'introFailure', delay: 'introDelay', success: 'introSuccess' } as const;
const LOCALES: readonly Locale[] = ['fr', 'en'];

function humanText(report: DsnReport, isFull: boolean): string {
  const until = report.recipients.find((r) => r.willRetryUntil)?.willRetryUntil;
  const blocks = LOCALES.map((locale) => {
    const t = DSN_MESSAGES.t.bind(DSN_MESSAGES, locale);
    const lines = report.recipients.map((r) =>
      t('recipientLine', { address: r.address, detail: r.reply ? asciiLine(r.reply) : r.detail }),
    );
    return [
      t(INTROS[report.kind], { host: report.reportingMta, until: until ? rfc5322Date(until) : '' }),
      '',
      ...lines,
      '',
      t(isFull ? 'originalAttached' : 'headersAttached'),
    ].join('\n');
  });
  return `${blocks.join('\n\n----------------------------------------\n\n')}\n`;
}

function deliveryStatus(report: DsnReport): string {
  const fields = [
    `Reporting-MTA: dns; ${report.reportingMta}`,
    `X-Vercors-Queue-ID: ${report.queueId}`,
    ...(report.envid ? [foldedField('Original-Envelope-Id', asciiLine(decodeXtext(report.envid)))] : []),
    `Arrival-Date: ${rfc5322Date(report.arrivalDate)}`,
  ];
  const perRecipient = report.recipients.map((r) => {
    const lines = [`Final-Recipient: rfc822; ${asciiLine(r.address)}`];
    if (r.orcpt) lines.push(foldedField('Original-Recipient', asciiLine(decodeXtext(r.orcpt))));
    lines.push(`Action: ${r.action}`, `Status: ${r.status}`);
    if (r.remoteMta) lines.push(`Remote-MTA: dns; ${asciiLine(r.remoteMta)}`);
    lines.push(
      foldedField(
        'Diagnostic-Code',
        r.reply ? `smtp; ${asciiLine(r.reply)}` : `X-Vercors; ${asciiLine(r.detail)}`,
      ),
    );
    if (r.lastAttemptAt) lines.push(`Last-Attempt-Date: ${rfc5322Date(r.lastAttemptAt)}`);
    if (r.willRetryUntil) lines.push(`Will-Retry-Until: ${rfc5322Date(r.willRetryUntil)}`);
    return lines.join('\r\n');
  });
  return [fields.join('\r\n'), ...perRecipient].join('\r\n\r\n');
}

function has8bit(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

/** The complete notification, CRLF line ends, ready to queue with the null sender. */
export function buildDsn(report: DsnReport): Buffer {
  const boundary = `=_vercors_${randomBytes(12).toString('hex')}`;
  const original = Buffer.from(
    report.original.buffer,
    report.original.byteOffset,
    report.original.byteLength,
  );
  const isFull = report.returnContent === 'full' && original.length <= DSN_MAX_RETURNED_BYTES;
  const returned = isFull ? original : original.subarray(0, headerLength(original));
  const subject = LOCALES.map((locale) => DSN_MESSAGES.t(locale, SUBJECTS[report.kind])).join(' / ');
  const fromName = LOCALES.map((locale) => DSN_MESSAGES.t(locale, 'fromName')).join(' / ');

  const head = [
    `From: ${encodeWords(`"${fromName}"`, 'Q', 52)} <MAILER-DAEMON@${report.reportingMta}>`,
    `To: <${report.to}>`,
    foldedField('Subject', encodeWords(subject, 'Q', 52)),
    `Date: ${rfc5322Date(report.now)}`,
    `Message-ID: <${newId('dsn')}@${report.reportingMta}>`,
    // RFC 3834: an automatic reply; vacation responders and list servers must not answer it.
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated message.',
    '',
  ];
  const text = wrapQuotedPrintable(encodeQuotedPrintable(Buffer.from(humanText(report, isFull), 'utf8')), 76);
  const notification = [
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    text.replace(/\r?\n/g, '\r\n'),
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    deliveryStatus(report),
    '',
    `--${boundary}`,
    `Content-Description: ${isFull ? 'Undelivered message' : 'Message headers'}`,
    `Content-Type: ${isFull ? 'message/rfc822' : 'text/rfc822-headers'}`,
    // message/rfc822 allows only 7bit, 8bit or binary (RFC 2046 §5.2.1): an 8-bit original is said so.
    ...(has8bit(returned) ? ['Content-Transfer-Encoding: 8bit'] : []),
    '',
    '',
  ];
  // The CRLF before the closing delimiter belongs to the delimiter (RFC 2046 §5.1.1), not to the original.
  return Buffer.concat([
    Buffer.from(`${head.join('\r\n')}\r\n${notification.join('\r\n')}`, 'utf8'),
    returned,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  ]);
}
