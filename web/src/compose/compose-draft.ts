// What a compose window holds, and the JMAP objects it becomes: a new message, a reply (to the sender, or to
// everyone but oneself), or a forward, each with the right recipients, subject, threading headers and quote;
// then the draft's Email/set creation and the submission that sends it, held a few seconds so it can be undone.

import type { JmapEmail, JmapEmailAddress } from '@vercors/contract';
import { escapeHtml } from '../mail/message-frame.ts';

export interface Attachment {
  readonly blobId: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/**
 * Which signature the message carries: the one Signature/choose picks for its recipients (and picks again
 * when they change), one the person chose, or none.
 */
export type SignatureChoice =
  | { readonly kind: 'auto' }
  | { readonly kind: 'none' }
  | { readonly kind: 'chosen'; readonly id: string };

/** A signature's two forms; the HTML already sanitised by the caller. */
export interface SignatureText {
  readonly text: string;
  readonly html: string;
}

export interface Draft {
  readonly to: readonly JmapEmailAddress[];
  readonly cc: readonly JmapEmailAddress[];
  readonly bcc: readonly JmapEmailAddress[];
  readonly subject: string;
  /** The editor's HTML (TipTap), and its plain-text form sent alongside. */
  readonly html: string;
  readonly text: string;
  readonly attachments: readonly Attachment[];
  readonly inReplyTo: readonly string[] | null;
  readonly references: readonly string[] | null;
  readonly signature: SignatureChoice;
  /** Ask the recipients for a read receipt (Disposition-Notification-To, RFC 8098). */
  readonly requestReadReceipt: boolean;
  /** The message this answers or forwards, marked `$answered`/`$forwarded` when it is sent. */
  readonly origin: DraftOrigin | null;
}

export interface DraftOrigin {
  readonly emailId: string;
  readonly keyword: '$answered' | '$forwarded';
  /** It had the keyword already: taking the message back leaves it. */
  readonly wasMarked: boolean;
}

export const EMPTY_DRAFT: Draft = {
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  html: '',
  text: '',
  attachments: [],
  inReplyTo: null,
  references: null,
  signature: { kind: 'auto' },
  requestReadReceipt: false,
  origin: null,
};

export type ReplyMode = 'reply' | 'replyAll' | 'forward' | 'forwardAsAttachment';

/** The original of a reply or forward, as the reader has it. */
export type Original = Pick<
  JmapEmail,
  | 'id'
  | 'keywords'
  | 'from'
  | 'to'
  | 'cc'
  | 'replyTo'
  | 'subject'
  | 'sentAt'
  | 'receivedAt'
  | 'messageId'
  | 'references'
> & {
  readonly text: string;
  /** The whole message, for a forward as an attachment. */
  readonly blobId: string;
  readonly size: number;
};

/** Words of the quote header and subject prefixes, from the catalogue (the caller's language). */
export interface QuoteWords {
  /** `Le {date}, {name} a écrit :` with the values filled in by the caller. */
  header(date: Date, name: string): string;
  readonly forwarded: string;
}

const REPLY_PREFIX = /^\s*(?:re|aw|tr|fwd?|wg)\s*(?:\[\d+\])?\s*:\s*/i;

/** The subject of a reply (`Re: `) or forward (`Fwd: `), without stacking prefixes. */
export function replySubject(subject: string | null, mode: ReplyMode): string {
  let base = subject ?? '';
  for (let i = 0; i < 10 && REPLY_PREFIX.test(base); i += 1) base = base.replace(REPLY_PREFIX, '');
  return `${mode === 'forward' || mode === 'forwardAsAttachment' ? 'Fwd: ' : 'Re: '}${base}`;
}

function sameAddress(a: JmapEmailAddress, b: JmapEmailAddress): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

function unique(
  addresses: readonly JmapEmailAddress[],
  without: readonly JmapEmailAddress[],
): JmapEmailAddress[] {
  const kept: JmapEmailAddress[] = [];
  for (const address of addresses) {
    if (without.some((other) => sameAddress(other, address))) continue;
    if (kept.some((other) => sameAddress(other, address))) continue;
    kept.push(address);
  }
  return kept;
}

/**
 * A reply or forward of `original` by the owner of `myAddresses`: recipients (Reply-To wins over From; reply
 * all adds the other To and Cc, never oneself), subject, In-Reply-To and References (RFC 5322 §3.6.4), and
 * the quoted text (plain, each line with `> `, or a forwarded block).
 */
export function replyDraft(
  original: Original,
  mode: ReplyMode,
  myAddresses: readonly JmapEmailAddress[],
  words: QuoteWords,
): Draft {
  const sender = original.replyTo?.length ? original.replyTo : (original.from ?? []);
  const isForward = mode === 'forward' || mode === 'forwardAsAttachment';
  const to = isForward
    ? []
    : unique(
        mode === 'replyAll' ? [...sender, ...(original.to ?? [])] : sender,
        mode === 'replyAll' ? myAddresses : [],
      );
  const cc = mode === 'replyAll' ? unique(original.cc ?? [], [...myAddresses, ...to]) : [];
  const date = new Date(original.sentAt ?? original.receivedAt);
  const author = original.from?.[0];
  const name = author?.name || author?.email || '';
  const quoted =
    mode === 'forwardAsAttachment'
      ? ''
      : mode === 'forward'
        ? `<p>${escapeHtml(words.forwarded)}</p><blockquote>${paragraphs(original.text)}</blockquote>`
        : `<p>${escapeHtml(words.header(date, name))}</p><blockquote>${paragraphs(original.text)}</blockquote>`;
  const messageId = original.messageId?.[0];
  const keyword = isForward ? '$forwarded' : '$answered';
  return {
    ...EMPTY_DRAFT,
    to,
    cc,
    subject: replySubject(original.subject, mode),
    html: `<p></p>${quoted}`,
    text: '',
    // The original travels whole, as message/rfc822 (RFC 2046 §5.2.1), named after its subject.
    attachments:
      mode === 'forwardAsAttachment'
        ? [
            {
              blobId: original.blobId,
              name: `${(original.subject ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || 'message'}.eml`,
              type: 'message/rfc822',
              size: original.size,
            },
          ]
        : [],
    origin: { emailId: original.id, keyword, wasMarked: original.keywords[keyword] === true },
    inReplyTo: isForward || messageId === undefined ? null : [messageId],
    references:
      isForward || messageId === undefined ? null : [...(original.references ?? []).slice(-20), messageId],
  };
}

/** Plain text as editor paragraphs, escaped. */
export function paragraphs(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/**
 * The body with its signature after it: in text after the `-- ` line (RFC 3676 §4.3, which mail clients
 * recognise to leave it out of quotes), in HTML in its own block.
 */
export function withSignature(
  draft: Draft,
  signature: SignatureText | undefined,
): { text: string; html: string } {
  if (signature === undefined || (signature.text.trim() === '' && signature.html.trim() === '')) {
    return { text: draft.text, html: draft.html };
  }
  const text = signature.text.trim() !== '' ? signature.text : '';
  const html = signature.html.trim() !== '' ? signature.html : paragraphs(text);
  return {
    text: `${draft.text.replace(/\s+$/, '')}\n\n-- \n${text}`,
    html: `${draft.html}<div class="signature"><p>-- </p>${html}</div>`,
  };
}

/** The draft as an Email/set creation (RFC 8621 §4.6) in the Drafts folder, its signature appended. */
export function draftEmail(
  draft: Draft,
  from: JmapEmailAddress,
  draftsId: string,
  signature?: SignatureText,
): Record<string, unknown> {
  const body = withSignature(draft, signature);
  return {
    mailboxIds: { [draftsId]: true },
    keywords: { $draft: true, $seen: true },
    from: [from],
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    ...(draft.inReplyTo !== null && { inReplyTo: draft.inReplyTo }),
    ...(draft.references !== null && { references: draft.references }),
    ...(draft.requestReadReceipt && { 'header:Disposition-Notification-To:asAddresses': [from] }),
    bodyValues: { text: { value: body.text }, html: { value: body.html } },
    textBody: [{ partId: 'text', type: 'text/plain' }],
    htmlBody: [{ partId: 'html', type: 'text/html' }],
    attachments: draft.attachments.map((attachment) => ({
      blobId: attachment.blobId,
      type: attachment.type,
      name: attachment.name,
      disposition: 'attachment',
    })),
  };
}

/** Every recipient, once, for the envelope. */
export function recipientsOf(draft: Draft): string[] {
  return unique([...draft.to, ...draft.cc, ...draft.bcc], []).map((address) => address.email);
}

/**
 * The submission of the draft created as `#draft`: held `undoSeconds` (RFC 4865 HOLDFOR) so "Annuler" can
 * take it back, or until `sendAt` (HOLDUNTIL) for a scheduled send; then moved from Drafts to Sent without its
 * $draft keyword once accepted.
 */
export function submission(
  identityId: string,
  from: string,
  draft: Draft,
  undoSeconds: number,
  sendAt?: Date,
): Record<string, unknown> {
  const parameters =
    sendAt !== undefined
      ? { HOLDUNTIL: sendAt.toISOString().replace(/\.\d{3}Z$/, 'Z') }
      : undoSeconds > 0
        ? { HOLDFOR: String(undoSeconds) }
        : null;
  return {
    identityId,
    emailId: '#draft',
    envelope: {
      mailFrom: { email: from, parameters },
      rcptTo: recipientsOf(draft).map((email) => ({ email, parameters: null })),
    },
  };
}

/** The longest a message may wait (the server's maxDelayedSend: 31 days), and the shortest worth scheduling. */
export const SCHEDULE_LIMITS = { maxAheadMs: 31 * 24 * 3600 * 1000, minAheadMs: 60 * 1000 } as const;

export function isSchedulable(sendAt: Date | undefined, now: Date): sendAt is Date {
  if (sendAt === undefined) return false;
  const ahead = sendAt.getTime() - now.getTime();
  return ahead >= SCHEDULE_LIMITS.minAheadMs && ahead <= SCHEDULE_LIMITS.maxAheadMs;
}

/** Is there anything to send to? Each address must look like one (the server checks it for real). */
export function invalidRecipients(draft: Draft): string[] {
  return [...draft.to, ...draft.cc, ...draft.bcc]
    .map((address) => address.email)
    .filter((email) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email));
}

/** A saved draft as the server has it (Email/get), to write on. */
export type SavedDraft = Pick<
  JmapEmail,
  'to' | 'cc' | 'bcc' | 'subject' | 'inReplyTo' | 'references' | 'attachments'
> & {
  /** Its HTML body, or its text as paragraphs; sanitised, with the signature block left out. */
  readonly html: string;
  readonly text: string;
  readonly requestReadReceipt: boolean;
};

/** Back into a compose window: the body without its signature (the composer appends the current one). */
export function draftFromSaved(saved: SavedDraft): Draft {
  const signatureAt = saved.text.lastIndexOf('\n-- \n');
  return {
    to: saved.to ?? [],
    cc: saved.cc ?? [],
    bcc: saved.bcc ?? [],
    subject: saved.subject ?? '',
    html: saved.html,
    text: signatureAt >= 0 ? saved.text.slice(0, signatureAt) : saved.text,
    attachments: saved.attachments.flatMap((part) =>
      part.blobId === null
        ? []
        : [{ blobId: part.blobId, name: part.name ?? 'piece-jointe', type: part.type, size: part.size }],
    ),
    inReplyTo: saved.inReplyTo,
    references: saved.references,
    signature: { kind: 'auto' },
    requestReadReceipt: saved.requestReadReceipt,
    origin: null,
  };
}
