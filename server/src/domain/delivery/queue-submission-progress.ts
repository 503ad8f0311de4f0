// What the queue tells the account that submitted a message (JMAP EmailSubmission, RFC 8621 §7) after each
// attempt: every recipient's new state and its SMTP reply on one line, handed to a hook in the transaction
// that records the attempt, so the account's own record can never disagree with the queue's.

import type { WriteTransaction } from '#store';
import type { ClaimedMessage } from './queue-claim.ts';
import type { RecipientDelivery } from './queue-delivery-agent.ts';

/** One recipient's state after an attempt, for the submitting account's records (JMAP EmailSubmission). */
export interface SubmissionRecipientProgress {
  /** The queued recipient address, as stored in queue_recipients.recipient (domain lower-cased, A-labels). */
  readonly address: string;
  readonly state: 'delivered' | 'bounced' | 'deferred';
  /** Delivered into a mailbox here (true) or relayed to another server (false). */
  readonly isLocal: boolean;
  /**
   * One-line SMTP reply: the remote server's (multi-line joined per RFC 8621 §7 deliveryStatus.smtpReply
   * rules), or a synthetic "250 2.0.0 delivered" / "550 5.1.1 …" style string built from status + detail for
   * local delivery and for failures without a reply.
   */
  readonly smtpReply: string;
}

export interface SubmissionProgress {
  readonly queueId: string;
  readonly accountId: string;
  readonly recipients: readonly SubmissionRecipientProgress[];
}

/**
 * Called inside the transaction that records an attempt's results, for messages with source 'submission' and
 * an account.
 */
export type SubmissionProgressHook = (tx: WriteTransaction, progress: SubmissionProgress) => Promise<void>;

/** A reply line's code, continuation mark and RFC 3463 status (RFC 2034 repeats it on every line). */
const REPLY_LINE = /^([245]\d\d)([ -]|$)(?:([245]\.\d{1,3}\.\d{1,3})(?: |$))?/;
const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;
/** A synthetic reply's code by status class: accepted, a failure on our side (try later), refused. */
const SYNTHETIC_CODE: Readonly<Record<string, string>> = { '2': '250', '4': '451', '5': '550' };
const GENERIC_STATUS: Readonly<Record<RecipientDelivery['outcome'], string>> = {
  delivered: '2.0.0',
  deferred: '4.0.0',
  bounced: '5.0.0',
};

/** Whether the submitting account hears of this message's attempts: a user's submission with its account. */
export function isReportedToAccount(
  message: ClaimedMessage,
): message is ClaimedMessage & { accountId: string } {
  return message.source === 'submission' && message.accountId !== null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The lines of a reply. The delivery agent hands it over on one line (line breaks turned into spaces), so a
 * reply that opens with a continuation line (`550-`) is cut again where the same code, followed by the same
 * status when there is one, starts a line. A reply that does not open with `NNN-` was one line already.
 */
function replyLines(reply: string): string[] {
  if (/[\r\n]/.test(reply)) return reply.split(/\r?\n/).filter((line) => line.trim() !== '');
  const head = REPLY_LINE.exec(reply);
  if (!head || head[2] !== '-') return [reply];
  const status = head[3] === undefined ? '' : `${escapeRegExp(head[3])}(?: |$)`;
  return reply.split(new RegExp(` (?=${head[1]}[ -]${status})`));
}

/**
 * A reply on one line as RFC 8621 §7 asks for smtpReply: the hyphen after the code becomes a space, what
 * later lines share with the first (the code and the enhanced status) is dropped, and the lines are joined
 * by spaces. `550-5.7.1 Our system has detected that this message is` + `550 5.7.1 unsolicited mail.`
 * becomes `550 5.7.1 Our system has detected that this message is unsolicited mail.`
 */
export function oneLineReply(reply: string): string {
  const lines = replyLines(reply.replace(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]/g, ''));
  const head = REPLY_LINE.exec(lines[0] ?? '');
  if (!head) return lines.map((line) => line.trim()).join(' ');
  const [, code, , status] = head;
  const texts = lines.map((line) => {
    const match = REPLY_LINE.exec(line);
    if (!match || match[1] !== code) return line.trim();
    // A later line with another (or no) status keeps it: only what it shares with the first line goes.
    const prefix = match[3] === status ? match[0] : `${match[1]}${match[2]}`;
    return line.slice(prefix.length).trim();
  });
  return [code, status, ...texts].filter((part) => part !== undefined && part !== '').join(' ');
}

/**
 * The smtpReply of one recipient: the remote server's reply when there is one, else a synthetic reply (a
 * 3-digit code, the RFC 3463 status and `detail`, the form RFC 8621 §7 sets for mail not relayed by SMTP).
 */
export function smtpReplyOf(result: RecipientDelivery, detail: string): string {
  if (result.reply !== undefined && REPLY_LINE.test(result.reply)) return oneLineReply(result.reply);
  const status = STATUS.test(result.status) ? result.status : GENERIC_STATUS[result.outcome];
  const code = SYNTHETIC_CODE[status[0] ?? ''] ?? '451';
  const text = detail.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim();
  return text === '' ? `${code} ${status}` : `${code} ${status} ${text}`;
}
