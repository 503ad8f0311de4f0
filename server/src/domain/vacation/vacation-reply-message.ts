// The vacation reply as an RFC 5322 message (RFC 3834 §3, RFC 5230 §5): from the absent account to the
// original's envelope sender, threaded under the original (In-Reply-To, References) and marked
// `Auto-Submitted: auto-replied` so that other responders stay silent. Composed with nodemailer's MailComposer,
// as every message we generate; no Precedence field (RFC 3834 §3.1.8 advises against it).

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Locale } from '@vercors/contract';
import { newId } from '#core/ids';
import { boundReferences, decodeText, htmlToText, parseMessageIds } from '#formats/mime';
import { VACATION_MESSAGES } from './vacation-messages.ts';
import { headerValues, type ReplyHeaders } from './vacation-reply-rules.ts';
import type { VacationResponse } from './vacation.ts';

/** Characters of the original subject kept in ours: the reply's subject stays one readable line. */
const MAX_ORIGINAL_SUBJECT = 200;

/** What the reply needs of the original to sit in its thread. */
export interface OriginalThread {
  /** Decoded, on one line; '' when it had none. */
  readonly subject: string;
  /** Without angle brackets; undefined when it had none. */
  readonly messageId?: string;
  /** Its References (else its In-Reply-To), without angle brackets, oldest first. */
  readonly references: readonly string[];
}

/** The absent account, as the reply names it. */
export interface ReplyAuthor {
  readonly displayName: string;
  /** The primary address. */
  readonly email: string;
  readonly locale: Locale;
}

export interface VacationReplyInput {
  readonly vacation: VacationResponse;
  readonly author: ReplyAuthor;
  /** The original's envelope sender: where RFC 3834 §4 sends the reply. */
  readonly to: string;
  readonly original: OriginalThread;
  /** Our host name: the right side of the reply's Message-ID. */
  readonly hostname: string;
  readonly date: Date;
}

/** Controls (a decoded subject may hold CR, LF or NUL) become spaces, runs of white space one. */
function oneLine(text: string): string {
  return text
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The subject, ids and references of the original, from its header section. */
export function originalThread(headers: ReplyHeaders): OriginalThread {
  const subject = oneLine(decodeText(headerValues(headers, 'subject')[0] ?? ''));
  const messageId = parseMessageIds(headerValues(headers, 'message-id')[0])[0];
  const references = parseMessageIds(headerValues(headers, 'references')[0]);
  return {
    subject: [...subject].slice(0, MAX_ORIGINAL_SUBJECT).join(''),
    ...(messageId !== undefined && { messageId }),
    references:
      references.length > 0
        ? references
        : parseMessageIds(headerValues(headers, 'in-reply-to')[0]).slice(0, 1),
  };
}

const isBlank = (text: string | null): text is null => text === null || text.trim() === '';

/** The owner's subject, else "Réponse automatique : <original>" / "Auto: <original>" (RFC 5230 §4.3). */
export function replySubject(vacation: VacationResponse, original: OriginalThread, locale: Locale): string {
  if (!isBlank(vacation.subject)) return oneLine(vacation.subject);
  return original.subject === ''
    ? VACATION_MESSAGES.t(locale, 'reply.subjectAlone')
    : VACATION_MESSAGES.t(locale, 'reply.subject', { subject: original.subject });
}

/** The plain text every reader shows: the owner's text, else a text version of their HTML, else ours. */
export function replyText(vacation: VacationResponse, locale: Locale): string {
  if (!isBlank(vacation.textBody)) return vacation.textBody;
  if (!isBlank(vacation.htmlBody)) return htmlToText(vacation.htmlBody);
  return VACATION_MESSAGES.t(locale, 'reply.body');
}

/**
 * RFC 5322 §3.6.4: References is the original's References (else its In-Reply-To) followed by its Message-ID,
 * trimmed to the root and the latest ids.
 */
function threadFields(original: OriginalThread): Pick<Mail.Options, 'inReplyTo' | 'references'> {
  if (original.messageId === undefined) return {};
  const references = boundReferences([...original.references, original.messageId]);
  return {
    inReplyTo: `<${original.messageId}>`,
    references: references.map((id) => `<${id}>`).join(' '),
  };
}

/** The reply, ready for the outbound queue. */
export async function composeVacationReply(input: VacationReplyInput): Promise<Uint8Array> {
  const { vacation, author, original } = input;
  const options: Mail.Options = {
    from: { name: oneLine(author.displayName), address: author.email },
    to: { name: '', address: input.to },
    subject: replySubject(vacation, original, author.locale),
    date: input.date,
    messageId: `<${newId('v')}@${input.hostname}>`,
    ...threadFields(original),
    headers: {
      // RFC 3834 §5: an automatic answer; other responders must not answer it in turn.
      'Auto-Submitted': 'auto-replied',
      // Exchange and Outlook honour this rather than Auto-Submitted.
      'X-Auto-Response-Suppress': 'All',
    },
    text: replyText(vacation, author.locale),
    ...(!isBlank(vacation.htmlBody) && { html: vacation.htmlBody }),
  };
  return await new MailComposer(options).compile().build();
}
