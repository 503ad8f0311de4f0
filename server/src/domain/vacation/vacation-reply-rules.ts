// Whether a delivered message may get the vacation reply: RFC 3834 §2 (when not to respond automatically) and
// RFC 5230 §4.5–4.6 (only personal mail, never automated senders or lists). Pure: reads the header section only.
// Security: the message is untrusted; at most MAX_REPLY_HEADER_BYTES are read, any bytes are tolerated, and a
// header section larger than that is not answered (what it hides could be an Auto-Submitted field).

import { parseAddressList } from '#formats/mime';
import { toDomainName } from '#domain/identity';

/**
 * Header bytes read. Real header sections are a few KiB; 256 KiB covers a staff-wide To: and long trace
 * chains while bounding the work done for every message delivered to an absent user.
 */
export const MAX_REPLY_HEADER_BYTES = 256 * 1024;

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets (the queue refuses longer ones). */
const MAX_PATH_LENGTH = 256;

/** Bytes searched for the colon after a field name: the longest name read is 24, plus obsolete spaces. */
const MAX_NAME_SCAN = 64;

/** Where the account must appear for the message to be personal (RFC 5230 §4.5). */
const RECIPIENT_FIELDS = ['to', 'cc', 'bcc', 'resent-to', 'resent-cc', 'resent-bcc'] as const;

/** RFC 2369 and RFC 2919 fields: the message came through a list (RFC 5230 §4.6). */
const LIST_FIELDS = [
  'list-id',
  'list-help',
  'list-subscribe',
  'list-unsubscribe',
  'list-post',
  'list-owner',
  'list-archive',
] as const;

/** The fields read; the others are skipped while scanning, so they cost no memory. */
const READ_FIELDS: ReadonlySet<string> = new Set([
  ...RECIPIENT_FIELDS,
  ...LIST_FIELDS,
  'auto-submitted',
  'precedence',
  'x-auto-response-suppress',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
]);

/** RFC 3834 §2 and common practice: Precedence values of mail sent to many. */
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

/** X-Auto-Response-Suppress values (Microsoft) that ask an out-of-office responder to stay silent. */
const SUPPRESSING_VALUES = new Set(['all', 'oof']);

/**
 * Local parts of automated senders (RFC 5230 §4.6: MAILER-DAEMON, LISTSERV, majordomo, owner-*, *-request;
 * postmaster is a role, never a person waiting for an answer) and addresses that say no reply is read.
 */
const AUTOMATED_LOCAL_PARTS = [
  /^(?:mailer-daemon|listserv|majordomo|postmaster)$/,
  /^owner-/,
  /-request$/,
  /(?:^|[-_.])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?r[eé]pondre)(?:$|[-_.])/,
];

/** The header section's fields a responder reads: lower-case name → every value, unfolded and trimmed. */
export interface ReplyHeaders {
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** True when the header section did not end within MAX_REPLY_HEADER_BYTES. */
  readonly isTruncated: boolean;
}

/** Why a message gets no reply. */
export type ReplySkipReason =
  /** `<>`: a bounce or another notification (RFC 3834 §2, RFC 5230 §4.6 MUST NOT). */
  | 'nullSender'
  /** A reverse path we could not send to. */
  | 'invalidSender'
  | 'headerTooLarge'
  | 'autoSubmitted'
  | 'bulkPrecedence'
  | 'mailingList'
  | 'responseSuppressed'
  | 'automatedSender'
  /** The account wrote to itself. */
  | 'ownAddress'
  /** None of the account's addresses is among the message's recipients (Bcc of a list, a forward…). */
  | 'notAddressed';

export type ReplyDecision =
  | { readonly mayReply: true }
  | { readonly mayReply: false; readonly reason: ReplySkipReason };

export interface ReplyCheck {
  /** The envelope sender (MAIL FROM), '' for the null reverse path. */
  readonly sender: string;
  readonly headers: ReplyHeaders;
  /** The account's addresses: primary, aliases and the one the mail reached. */
  readonly ownAddresses: readonly string[];
}

/** Read the fields the rules and the reply need from the header section of `raw`. */
export function readReplyHeaders(raw: Uint8Array): ReplyHeaders {
  const limit = Math.min(raw.byteLength, MAX_REPLY_HEADER_BYTES);
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, limit);
  const fields = new Map<string, string[]>();
  let fieldStart = -1;
  let lineStart = 0;
  let isComplete = false;
  while (lineStart < limit) {
    const lf = bytes.indexOf(0x0a, lineStart);
    const lineEnd = lf < 0 ? limit : lf + 1;
    const first = bytes[lineStart];
    const isBlank = lf === lineStart || (lf === lineStart + 1 && first === 0x0d);
    // A field goes on while its next line starts with white space (RFC 5322 §2.2.3 folding).
    if (first !== 0x20 && first !== 0x09) {
      if (fieldStart >= 0) addField(fields, bytes.subarray(fieldStart, lineStart));
      fieldStart = isBlank ? -1 : lineStart;
      if (isBlank) {
        isComplete = true;
        break;
      }
    }
    lineStart = lineEnd;
  }
  // A message that is all header (no body) ends at the end of its bytes.
  if (!isComplete && limit === raw.byteLength) isComplete = true;
  if (fieldStart >= 0 && isComplete) addField(fields, bytes.subarray(fieldStart, limit));
  return { fields, isTruncated: !isComplete };
}

function addField(fields: Map<string, string[]>, field: Buffer): void {
  const colon = field.subarray(0, MAX_NAME_SCAN).indexOf(0x3a);
  // A line without a colon is not a field (RFC 5322 §2.2): skipped, as a tolerant reader does.
  if (colon < 0) return;
  const name = field.subarray(0, colon).toString('latin1').trim().toLowerCase();
  if (!READ_FIELDS.has(name)) return;
  // Raw 8-bit values (RFC 6532) are UTF-8; anything else decodes with replacement characters.
  const value = field
    .subarray(colon + 1)
    .toString('utf8')
    .replace(/\r?\n|\r/g, '')
    .replaceAll('\0', '')
    .trim();
  const values = fields.get(name);
  if (values) values.push(value);
  else fields.set(name, [value]);
}

/** Every value of `name` (lower case), in order. */
export function headerValues(headers: ReplyHeaders, name: string): readonly string[] {
  return headers.fields.get(name) ?? [];
}

/**
 * An address as a mailbox key: lower case, without a sub-address (`marie+listes@` reaches `marie@`), the
 * domain as A-labels (an IDN written in Unicode in To: still matches). Undefined when it is not an address.
 */
export function mailboxKey(address: string): string | undefined {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const local = trimmed.slice(0, at);
  const plus = local.indexOf('+');
  const domainPart = trimmed.slice(at + 1);
  const domain = toDomainName(domainPart) ?? domainPart;
  return `${plus > 0 ? local.slice(0, plus) : local}@${domain}`;
}

/** A reverse path the outbound queue can send to: local@domain, a host name, no characters SMTP forbids. */
function isDeliverable(sender: string): boolean {
  const at = sender.lastIndexOf('@');
  return (
    at > 0 &&
    Buffer.byteLength(sender) <= MAX_PATH_LENGTH &&
    !/[\s<>\x00-\x1f\x7f]/.test(sender) &&
    toDomainName(sender.slice(at + 1)) !== undefined
  );
}

/**
 * RFC 3834 §5.1 / RFC 5230 §4.6: any Auto-Submitted value but `no` marks automatic mail. The keyword comes
 * before the parameters, with comments (CFWS) allowed around it.
 */
function isAutoSubmitted(headers: ReplyHeaders): boolean {
  return headerValues(headers, 'auto-submitted').some((value) => {
    const keyword = value.replace(/\([^()]*\)/g, ' ').split(';')[0] ?? '';
    return keyword.trim().toLowerCase() !== 'no';
  });
}

function isBulk(headers: ReplyHeaders): boolean {
  return headerValues(headers, 'precedence').some((value) => BULK_PRECEDENCE.has(value.trim().toLowerCase()));
}

function isListMail(headers: ReplyHeaders): boolean {
  return LIST_FIELDS.some((name) => headers.fields.has(name));
}

function isSuppressed(headers: ReplyHeaders): boolean {
  return headerValues(headers, 'x-auto-response-suppress').some((value) =>
    value.split(',').some((item) => SUPPRESSING_VALUES.has(item.trim().toLowerCase())),
  );
}

function isAutomatedSender(senderKey: string): boolean {
  const local = senderKey.slice(0, senderKey.lastIndexOf('@'));
  return AUTOMATED_LOCAL_PARTS.some((pattern) => pattern.test(local));
}

/** Whether one of `own` (mailbox keys) is among the addresses of the recipient fields. */
function isAddressedTo(headers: ReplyHeaders, own: ReadonlySet<string>): boolean {
  for (const name of RECIPIENT_FIELDS) {
    for (const value of headerValues(headers, name)) {
      for (const { address } of parseAddressList(value)) {
        const key = mailboxKey(address);
        if (key !== undefined && own.has(key)) return true;
      }
    }
  }
  return false;
}

/** Whether the message may be answered, or why not; the checks run cheapest first. */
export function decideReply(check: ReplyCheck): ReplyDecision {
  const skip = (reason: ReplySkipReason): ReplyDecision => ({ mayReply: false, reason });
  if (check.sender.trim() === '') return skip('nullSender');
  const senderKey = isDeliverable(check.sender) ? mailboxKey(check.sender) : undefined;
  if (senderKey === undefined) return skip('invalidSender');
  const { headers } = check;
  if (headers.isTruncated) return skip('headerTooLarge');
  if (isAutoSubmitted(headers)) return skip('autoSubmitted');
  if (isBulk(headers)) return skip('bulkPrecedence');
  if (isListMail(headers)) return skip('mailingList');
  if (isSuppressed(headers)) return skip('responseSuppressed');
  if (isAutomatedSender(senderKey)) return skip('automatedSender');
  const own = new Set(check.ownAddresses.flatMap((address) => mailboxKey(address) ?? []));
  if (own.has(senderKey)) return skip('ownAddress');
  if (!isAddressedTo(headers, own)) return skip('notAddressed');
  return { mayReply: true };
}
