// A read receipt as an RFC 8098 message: multipart/report (RFC 6522) with report-type disposition-notification,
// holding the human-readable text, the machine-readable message/disposition-notification part (§3.1), and the
// original message (message/rfc822) or only its header section (text/rfc822-headers). From is the reader, To
// the Disposition-Notification-To addresses (§2.1); the caller sends it with the null reverse-path (§3).
// Composed with nodemailer's MimeNode (header encoding and folding, boundaries); the report fields are ours.

import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { fieldLine } from './mdn-fields.ts';
import type { MdnDisposition } from './mdn.ts';

/** Everything one MDN message says; field values are checked (one line each) by the caller. */
export interface MdnReport {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly subject: string;
  /** The human-readable part, plain text. */
  readonly text: string;
  readonly date: Date;
  /** The MDN's own Message-ID, without angle brackets. */
  readonly messageId: string;
  /** Null: no Reporting-UA field. */
  readonly reportingUA: string | null;
  readonly originalRecipient: string | null;
  readonly finalRecipient: string;
  /** With angle brackets; null when the original had no Message-ID (then the field is left out, §3.2.5). */
  readonly originalMessageId: string | null;
  readonly disposition: MdnDisposition;
  readonly extensionFields: readonly (readonly [name: string, value: string])[];
  /** The whole original (includeOriginalMessage), or its header section. */
  readonly original: { readonly kind: 'message' | 'headers'; readonly bytes: Uint8Array };
}

/** The report-type parameter and the part types of RFC 8098 §3.1 and RFC 6533 §6 (UTF-8 fields). */
const MDN_REPORT_TYPE = 'disposition-notification';
const NOTIFICATION_TYPE = 'message/disposition-notification';
const GLOBAL_NOTIFICATION_TYPE = 'message/global-disposition-notification';

/** The message/disposition-notification fields, in RFC 8098 §3.1's order, CRLF line ends. */
function reportFields(report: MdnReport): string {
  const { disposition } = report;
  return [
    report.reportingUA === null ? '' : fieldLine('Reporting-UA', report.reportingUA),
    report.originalRecipient === null ? '' : fieldLine('Original-Recipient', report.originalRecipient),
    fieldLine('Final-Recipient', report.finalRecipient),
    report.originalMessageId === null ? '' : fieldLine('Original-Message-ID', report.originalMessageId),
    fieldLine('Disposition', `${disposition.actionMode}/${disposition.sendingMode}; ${disposition.type}`),
    ...report.extensionFields.map(([name, value]) => fieldLine(name, value)),
  ].join('');
}

/** `"Name" <address>` with the name's quotes and backslashes escaped; MimeNode encodes what is not ASCII. */
function mailbox(name: string, address: string): string {
  return name === '' ? `<${address}>` : `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

function has8bit(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

/** `Sat, 28 Nov 2026 10:04:05 +0000`: UTC, so the text never depends on the host's zone. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The complete MDN, ready for the outbound queue. */
export async function composeMdn(report: MdnReport): Promise<Uint8Array> {
  const root = new MimeNode(`multipart/report; report-type=${MDN_REPORT_TYPE}`);
  root.setHeader('From', mailbox(report.from.name, report.from.address));
  root.setHeader('To', report.to.map((address) => `<${address}>`).join(', '));
  root.setHeader('Subject', report.subject);
  root.setHeader('Date', rfc5322Date(report.date));
  root.setHeader('Message-ID', `<${report.messageId}>`);
  if (report.originalMessageId !== null) {
    // Threaded under the original, as mail clients show receipts.
    root.setHeader('In-Reply-To', report.originalMessageId);
    root.setHeader('References', report.originalMessageId);
  }
  // RFC 3834 §5: only a receipt the client sent on its own is automatic; a person's click is not.
  if (report.disposition.sendingMode === 'mdn-sent-automatically')
    root.setHeader('Auto-Submitted', 'auto-replied');

  // The human-readable part (RFC 6522 §3)
  root.createChild('text/plain; charset=utf-8').setContent(report.text.replace(/\r?\n/g, '\r\n'));

  // The report (RFC 8098 §3.1): 7bit as it MUST be, unless a field holds UTF-8 (RFC 6533's global type)
  const fields = Buffer.from(reportFields(report), 'utf8');
  const notification = root.createChild(has8bit(fields) ? GLOBAL_NOTIFICATION_TYPE : NOTIFICATION_TYPE);
  if (has8bit(fields)) notification.setHeader('Content-Transfer-Encoding', '8bit');
  notification.setContent(fields);

  // The original, or its header section (RFC 6522 §4 text/rfc822-headers)
  const original = Buffer.from(
    report.original.bytes.buffer,
    report.original.bytes.byteOffset,
    report.original.bytes.byteLength,
  );
  if (report.original.kind === 'message') {
    const part = root.createChild('message/rfc822');
    // message/rfc822 allows only 7bit, 8bit or binary (RFC 2046 §5.2.1): an 8-bit original is said so.
    if (has8bit(original)) part.setHeader('Content-Transfer-Encoding', '8bit');
    part.setContent(original);
  } else {
    root.createChild('text/rfc822-headers').setContent(original);
  }
  return await root.build();
}
