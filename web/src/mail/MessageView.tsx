// One message of the open conversation: folded, a line (sender, date, preview) that unfolds on a click; or
// unfolded, its header, actions, attachments and body. The HTML is sanitised and shown in a sandboxed frame
// with its own CSP (ADR 0008), remote images blocked until the person asks (for this message, or always for
// this sender). Unfolding an unread message marks it read, and answers its read-receipt request as the
// person chose.

import type { Invocation, JmapEmail, JmapEmailAddress, JmapEmailBodyPart } from '@vercors/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updatePreferences, usePreferences } from '../app/preferences.ts';
import { type Original, paragraphs, type ReplyMode, type SavedDraft } from '../compose/compose-draft.ts';
import { downloadUrl } from '../jmap/download-url.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { authenticationVerdict } from './authentication-verdict.ts';
import { createHtmlSanitizer } from './html-sanitizer.ts';
import { FRAME_SANDBOX, frameDocument, textAsHtml } from './message-frame.ts';
import { declineReadReceipt, RECEIPT_TO, receiptAction, sendReadReceipt } from './read-receipt.ts';
import { remoteImagesAllowed, remoteImagesEntry, withRemoteImagesEntry } from './remote-images.ts';

/** What the conversation already knows of a folded message. */
export interface MessageSummary {
  readonly id: string;
  readonly from: readonly JmapEmailAddress[] | null;
  readonly preview: string;
  readonly receivedAt: string;
  readonly keywords: Readonly<Record<string, boolean>>;
}

export interface MessageViewProps {
  readonly client: JmapClient;
  readonly summary: MessageSummary;
  readonly isUnfolded: boolean;
  readonly timeZone: string;
  /** The person's identity (for read receipts) and every address of theirs. */
  readonly identityId: string | undefined;
  readonly ownAddresses: readonly string[];
  /** The message already read whole with the conversation (the one opened): no second request. */
  readonly preloaded?: OpenEmail;
  onToggle(): void;
  onReply(mode: ReplyMode, original: Original): void;
  onEditDraft(saved: SavedDraft, emailId: string): void;
  onError(error: unknown): void;
}

const READ_PROPERTIES = [
  'threadId',
  'blobId',
  'size',
  'keywords',
  'from',
  'to',
  'cc',
  'bcc',
  'inReplyTo',
  'replyTo',
  'messageId',
  'references',
  'subject',
  'receivedAt',
  'sentAt',
  'bodyStructure',
  'htmlBody',
  'textBody',
  'attachments',
  'bodyValues',
] as const;

/** The Authentication-Results fields, topmost (ours) first: the sender check shown as a warning. */
const AUTHENTICATION_RESULTS = 'header:Authentication-Results:asText:all';

export type OpenEmail = Pick<JmapEmail, 'id' | (typeof READ_PROPERTIES)[number]> & {
  readonly [AUTHENTICATION_RESULTS]?: readonly string[] | null;
  readonly [RECEIPT_TO]?: readonly JmapEmailAddress[] | null;
};

/** Bytes of a body value fetched: more than any readable message; a longer one is shown truncated. */
const MAX_BODY_VALUE_BYTES = 2 * 1024 * 1024;

let sanitizer: ReturnType<typeof createHtmlSanitizer> | undefined;

/** The Email/get that reads a message whole (header, body values, attachments, sender checks). */
export function readEmailCall(accountId: string, emailId: string, callId: string): Invocation {
  return [
    'Email/get',
    {
      accountId,
      ids: [emailId],
      properties: [...READ_PROPERTIES, AUTHENTICATION_RESULTS, RECEIPT_TO],
      fetchHTMLBodyValues: true,
      fetchTextBodyValues: true,
      maxBodyValueBytes: MAX_BODY_VALUE_BYTES,
    },
    callId,
  ];
}

export function MessageView(props: MessageViewProps) {
  const { t, i18n } = useTranslation();
  const { summary, isUnfolded, timeZone, onToggle } = props;
  if (!isUnfolded) {
    const sender = summary.from?.[0];
    return (
      <button
        type="button"
        className={summary.keywords.$seen === true ? 'message-fold' : 'message-fold unread'}
        aria-expanded="false"
        onClick={onToggle}
      >
        <span className="fold-sender">{sender?.name || sender?.email || t('list.unknownSender')}</span>
        <time dateTime={summary.receivedAt}>
          {new Intl.DateTimeFormat(i18n.language, {
            dateStyle: 'medium',
            timeStyle: 'short',
            timeZone,
          }).format(new Date(summary.receivedAt))}
        </time>
        <span className="fold-preview">{summary.preview}</span>
      </button>
    );
  }
  return <UnfoldedMessage {...props} />;
}

function UnfoldedMessage({
  client,
  summary,
  timeZone,
  identityId,
  ownAddresses,
  preloaded,
  onToggle,
  onReply,
  onEditDraft,
  onError,
}: MessageViewProps) {
  const { t, i18n } = useTranslation();
  const { preferences, refresh } = usePreferences();
  const [email, setEmail] = useState<OpenEmail | undefined>(preloaded);
  const initial = useRef(preloaded);
  const [allowRemote, setAllowRemote] = useState<boolean | undefined>(undefined);
  const [receipt, setReceipt] = useState<'none' | 'ask' | 'sent' | 'declined'>('none');
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    let isCurrent = true;
    // Read whole with the conversation when first shown; a later reload of the conversation does not
    // replace it (the frame would flicker at every push).
    const first = initial.current;
    initial.current = undefined;
    const read =
      first !== undefined
        ? Promise.resolve(first)
        : client
            .call([readEmailCall(client.accountId, summary.id, 'g')])
            .then((results) => (results.get('g') as { list: OpenEmail[] }).list[0]);
    read
      .then(async (found) => {
        if (!isCurrent || found === undefined) return;
        setEmail(found);
        if (found.keywords.$seen !== true) {
          await client.call([
            [
              'Email/set',
              { accountId: client.accountId, update: { [found.id]: { 'keywords/$seen': true } } },
              's',
            ],
          ]);
        }
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, summary.id, onError]);

  // A read receipt asked for: sent at once, or asked, as the person chose. Decided once per opening: the
  // email's later changes (its $mdnsent) must not ask again.
  const receiptDecided = useRef(false);
  useEffect(() => {
    if (email === undefined || identityId === undefined || receiptDecided.current) return;
    receiptDecided.current = true;
    const action = receiptAction(email, preferences.readReceipts, ownAddresses);
    if (action === 'ask') setReceipt('ask');
    if (action === 'send')
      sendReadReceipt(client, email.id, identityId, true)
        .then(() => setReceipt('sent'))
        .catch(onError);
  }, [email, identityId, preferences.readReceipts, ownAddresses, client, onError]);

  const verdict = authenticationVerdict(email?.[AUTHENTICATION_RESULTS]);
  const remoteAllowed =
    allowRemote ??
    (email !== undefined &&
      remoteImagesAllowed(email.from, preferences.remoteImagesFrom, verdict.isSuspicious));

  const body = useMemo(() => {
    if (email === undefined) return undefined;
    sanitizer ??= createHtmlSanitizer(window);
    const cids = new Map<string, JmapEmailBodyPart>();
    collectCids(email.bodyStructure, cids, 0);
    const cidUrl = (cid: string) => {
      const part = cids.get(cid.replace(/^<|>$/g, '').toLowerCase());
      return part?.blobId
        ? downloadUrl(
            client.session.downloadUrl,
            client.accountId,
            part.blobId,
            part.name ?? 'image',
            part.type,
          )
        : undefined;
    };
    const parts = email.htmlBody.length > 0 ? email.htmlBody : email.textBody;
    let blocked = 0;
    const html = parts
      .map((part) => {
        const value = part.partId === null ? undefined : email.bodyValues[part.partId]?.value;
        if (value === undefined) return '';
        if (part.type === 'text/html') {
          const clean = sanitizer?.(value, { allowRemote: remoteAllowed, cidUrl });
          blocked += clean?.blockedRemote ?? 0;
          return clean?.html ?? '';
        }
        return textAsHtml(value);
      })
      .join('<hr>');
    return {
      html: frameDocument(html || `<p>${t('reader.noBody')}</p>`, {
        allowRemote: remoteAllowed,
        lang: i18n.language,
      }),
      blocked,
    };
  }, [email, remoteAllowed, client, t, i18n.language]);

  if (email === undefined || body === undefined)
    return (
      <p className="reader-empty" aria-busy="true">
        {t('reader.loading')}
      </p>
    );

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const reply = (mode: ReplyMode) => onReply(mode, { ...email, text: plainText(email) });
  const attachments = email.attachments.filter((part) => part.disposition !== 'inline' || !part.cid);
  const sender = email.from?.[0]?.email;
  const trustSender = async (scope: 'address' | 'domain') => {
    const entry = sender === undefined ? undefined : remoteImagesEntry(sender, scope);
    setAllowRemote(true);
    if (entry === undefined) return;
    try {
      await updatePreferences(client, {
        remoteImagesFrom: withRemoteImagesEntry(preferences.remoteImagesFrom, entry),
      });
      refresh();
    } catch (error) {
      onError(error);
    }
  };
  return (
    <article
      className="message-view"
      aria-label={t('reader.messageFrom', { name: email.from?.[0]?.name || sender || '' })}
    >
      <div className="reader-actions">
        {email.keywords.$draft === true && (
          <button type="button" className="primary" onClick={() => onEditDraft(savedDraft(email), email.id)}>
            {t('compose.editDraft')}
          </button>
        )}
        <button type="button" onClick={() => reply('reply')}>
          {t('compose.reply')}
        </button>
        <button type="button" onClick={() => reply('replyAll')}>
          {t('compose.replyAll')}
        </button>
        <button type="button" onClick={() => reply('forward')}>
          {t('compose.forward')}
        </button>
        <button type="button" onClick={() => reply('forwardAsAttachment')}>
          {t('compose.forwardAsAttachment')}
        </button>
        <button type="button" className="fold-button" aria-expanded="true" onClick={onToggle}>
          {t('reader.fold')}
        </button>
      </div>
      {verdict.isSuspicious && (
        <p className="suspicious" role="alert">
          {verdict.domain === undefined
            ? t('reader.suspiciousUnknown')
            : t('reader.suspicious', { domain: verdict.domain })}
        </p>
      )}
      {receipt !== 'none' && (
        <p className="receipt-notice" role="status">
          {receipt === 'ask' ? (
            <>
              {t('reader.receiptAsked', { name: addresses(email[RECEIPT_TO] ?? null) })}{' '}
              <button
                type="button"
                disabled={identityId === undefined}
                onClick={() => {
                  if (identityId === undefined) return;
                  sendReadReceipt(client, email.id, identityId, false)
                    .then(() => setReceipt('sent'))
                    .catch(onError);
                }}
              >
                {t('reader.receiptSend')}
              </button>{' '}
              <button
                type="button"
                onClick={() => {
                  declineReadReceipt(client, email.id)
                    .then(() => setReceipt('declined'))
                    .catch(onError);
                }}
              >
                {t('reader.receiptDecline')}
              </button>
            </>
          ) : receipt === 'sent' ? (
            t('reader.receiptSent')
          ) : (
            t('reader.receiptDeclined')
          )}
        </p>
      )}
      <dl className="reader-header">
        <dt>{t('reader.from')}</dt>
        <dd>{addresses(email.from)}</dd>
        <dt>{t('reader.to')}</dt>
        <dd>{addresses(email.to)}</dd>
        {email.cc !== null && email.cc.length > 0 && (
          <>
            <dt>{t('reader.cc')}</dt>
            <dd>{addresses(email.cc)}</dd>
          </>
        )}
        <dt>{t('reader.date')}</dt>
        <dd>
          <time dateTime={email.receivedAt}>{date.format(new Date(email.sentAt ?? email.receivedAt))}</time>
        </dd>
      </dl>
      <AttachmentList client={client} parts={attachments} />
      {body.blocked > 0 && !remoteAllowed && (
        <p className="remote-notice">
          {t('reader.remoteBlocked')}{' '}
          <button type="button" onClick={() => setAllowRemote(true)}>
            {t('reader.showImages')}
          </button>
          {sender !== undefined && !verdict.isSuspicious && (
            <>
              {' '}
              <button type="button" onClick={() => void trustSender('address')}>
                {t('reader.alwaysFromSender', { sender })}
              </button>{' '}
              <button type="button" onClick={() => void trustSender('domain')}>
                {t('reader.alwaysFromDomain', { domain: remoteImagesEntry(sender, 'domain') ?? '' })}
              </button>
            </>
          )}
        </p>
      )}
      <iframe
        ref={frame}
        className="message-frame"
        title={t('reader.bodyFrame')}
        sandbox={FRAME_SANDBOX}
        srcDoc={body.html}
        onLoad={() => {
          const document = frame.current?.contentDocument;
          if (frame.current && document)
            frame.current.style.height = `${document.documentElement.scrollHeight + 8}px`;
        }}
      />
    </article>
  );
}

function addresses(list: readonly JmapEmailAddress[] | null): string {
  return (list ?? [])
    .map((address) => (address.name ? `${address.name} <${address.email}>` : address.email))
    .join(', ');
}

function collectCids(part: JmapEmailBodyPart, into: Map<string, JmapEmailBodyPart>, depth: number): void {
  if (depth > 32) return;
  if (part.cid) into.set(part.cid.replace(/^<|>$/g, '').toLowerCase(), part);
  for (const child of part.subParts ?? []) collectCids(child, into, depth + 1);
}

/** The message as plain text for a quote: its text part, else its HTML's text. */
function plainText(email: OpenEmail): string {
  return email.textBody
    .map((part) => {
      const value = part.partId === null ? undefined : email.bodyValues[part.partId]?.value;
      if (value === undefined) return '';
      if (part.type !== 'text/html') return value;
      return new DOMParser().parseFromString(value, 'text/html').body.textContent ?? '';
    })
    .join('\n')
    .trim();
}

/** A draft as the composer takes it: HTML sanitised, its signature block left out (the composer adds one). */
function savedDraft(email: OpenEmail): SavedDraft {
  sanitizer ??= createHtmlSanitizer(window);
  const htmlPart = email.htmlBody.find((part) => part.type === 'text/html');
  const htmlValue = htmlPart?.partId == null ? undefined : email.bodyValues[htmlPart.partId]?.value;
  const text = plainText(email);
  let html = '';
  if (htmlValue !== undefined) {
    const clean = sanitizer(htmlValue, { allowRemote: false, cidUrl: () => undefined }).html;
    const document = new DOMParser().parseFromString(clean, 'text/html');
    for (const block of document.querySelectorAll('div.signature')) block.remove();
    html = document.body.innerHTML;
  } else {
    html = paragraphs(text);
  }
  return { ...email, html, text, requestReadReceipt: (email[RECEIPT_TO] ?? []).length > 0 };
}
