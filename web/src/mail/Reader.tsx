// The open message: its header, attachments (downloaded through JMAP) and body, the HTML sanitised and shown
// in a sandboxed frame with its own CSP (ADR 0008), remote images blocked until the user asks. Opening a
// message marks it read.

import type { JmapEmail, JmapEmailAddress, JmapEmailBodyPart } from '@vercors/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Original, paragraphs, type ReplyMode, type SavedDraft } from '../compose/compose-draft.ts';
import { downloadUrl } from '../jmap/download-url.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { authenticationVerdict } from './authentication-verdict.ts';
import { createHtmlSanitizer } from './html-sanitizer.ts';
import { FRAME_SANDBOX, frameDocument, textAsHtml } from './message-frame.ts';

export interface ReaderProps {
  readonly client: JmapClient;
  readonly emailId: string | undefined;
  readonly timeZone: string;
  onReply(mode: ReplyMode, original: Original): void;
  /** A draft opened from Drafts: write on it in the composer. */
  onEditDraft(saved: SavedDraft, emailId: string): void;
  onError(error: unknown): void;
}

const READ_PROPERTIES = [
  'threadId',
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

type OpenEmail = Pick<JmapEmail, 'id' | (typeof READ_PROPERTIES)[number]> & {
  readonly [AUTHENTICATION_RESULTS]?: readonly string[] | null;
};

/** Bytes of a body value fetched: more than any readable message; a longer one is shown truncated. */
const MAX_BODY_VALUE_BYTES = 2 * 1024 * 1024;

let sanitizer: ReturnType<typeof createHtmlSanitizer> | undefined;

export function Reader({ client, emailId, timeZone, onReply, onEditDraft, onError }: ReaderProps) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState<OpenEmail | undefined>(undefined);
  const [allowRemote, setAllowRemote] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    if (emailId === undefined) return;
    let isCurrent = true;
    client
      .call([
        [
          'Email/get',
          {
            accountId: client.accountId,
            ids: [emailId],
            properties: [...READ_PROPERTIES, AUTHENTICATION_RESULTS],
            fetchHTMLBodyValues: true,
            fetchTextBodyValues: true,
            maxBodyValueBytes: MAX_BODY_VALUE_BYTES,
          },
          'g',
        ],
      ])
      .then(async (results) => {
        const found = (results.get('g') as { list: OpenEmail[] }).list[0];
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
  }, [client, emailId, onError]);

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
          const clean = sanitizer?.(value, { allowRemote, cidUrl });
          blocked += clean?.blockedRemote ?? 0;
          return clean?.html ?? '';
        }
        return textAsHtml(value);
      })
      .join('<hr>');
    return {
      html: frameDocument(html || `<p>${t('reader.noBody')}</p>`, { allowRemote, lang: i18n.language }),
      blocked,
    };
  }, [email, allowRemote, client, t, i18n.language]);

  if (emailId === undefined) return <p className="reader-empty">{t('reader.none')}</p>;
  if (email === undefined || body === undefined) return <p className="reader-empty">{t('reader.loading')}</p>;

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const reply = (mode: ReplyMode) => onReply(mode, { ...email, text: plainText(email) });
  const verdict = authenticationVerdict(email[AUTHENTICATION_RESULTS]);
  const attachments = email.attachments.filter((part) => part.disposition !== 'inline' || !part.cid);
  return (
    <article className="reader" aria-labelledby="reader-subject">
      <h2 id="reader-subject">{email.subject || t('list.noSubject')}</h2>
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
      </div>
      {verdict.isSuspicious && (
        <p className="suspicious" role="alert">
          {verdict.domain === undefined
            ? t('reader.suspiciousUnknown')
            : t('reader.suspicious', { domain: verdict.domain })}
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
      {attachments.length > 0 && (
        <section className="attachments" aria-label={t('reader.attachments', { count: attachments.length })}>
          <ul>
            {attachments.map((part) => (
              <li key={part.partId ?? part.blobId}>
                {part.blobId !== null && (
                  <a
                    href={downloadUrl(
                      client.session.downloadUrl,
                      client.accountId,
                      part.blobId,
                      part.name ?? 'piece-jointe',
                      part.type,
                    )}
                    download={part.name ?? undefined}
                  >
                    {part.name ?? part.type}
                  </a>
                )}{' '}
                <span className="attachment-size">{formatSize(part.size, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {body.blocked > 0 && !allowRemote && (
        <p className="remote-notice">
          {t('reader.remoteBlocked')}{' '}
          <button type="button" onClick={() => setAllowRemote(true)}>
            {t('reader.showImages')}
          </button>
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

function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
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
  return { ...email, html, text };
}
