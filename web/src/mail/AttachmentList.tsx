// A message's attachments: name, type and size, a download link, and for images, PDF and text a preview in a
// dialog. The preview's bytes are fetched by the app and checked against the type they claim
// (attachment-preview.ts); the browser is handed a blob: URL of that checked type, never the mail's own.

import type { JmapEmailBodyPart } from '@vercors/contract';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadUrl } from '../jmap/download-url.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { looksLike, type PreviewKind, previewKind } from './attachment-preview.ts';
import { formatSize } from './format-size.ts';

interface Preview {
  readonly part: JmapEmailBodyPart;
  readonly kind: PreviewKind;
  readonly state:
    | { readonly stage: 'loading' }
    | { readonly stage: 'failed' }
    | { readonly stage: 'ready'; readonly url: string; readonly text?: string };
}

const PREVIEW_TYPES: Readonly<Record<PreviewKind, string>> = {
  image: 'image/*',
  pdf: 'application/pdf',
  text: 'text/plain',
};

export function AttachmentList({
  client,
  parts,
}: {
  readonly client: JmapClient;
  readonly parts: readonly JmapEmailBodyPart[];
}) {
  const { t, i18n } = useTranslation();
  const [preview, setPreview] = useState<Preview | undefined>(undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  const urlOf = (part: JmapEmailBodyPart) =>
    downloadUrl(
      client.session.downloadUrl,
      client.accountId,
      part.blobId ?? '',
      part.name ?? 'piece-jointe',
      part.type,
    );

  useEffect(() => {
    if (preview !== undefined && dialog.current?.open === false) dialog.current.showModal();
  }, [preview]);
  // The blob: URL lives as long as its preview.
  const url = preview?.state.stage === 'ready' ? preview.state.url : undefined;
  useEffect(() => () => (url === undefined ? undefined : URL.revokeObjectURL(url)), [url]);

  const open = async (part: JmapEmailBodyPart, kind: PreviewKind) => {
    setPreview({ part, kind, state: { stage: 'loading' } });
    try {
      const response = await fetch(urlOf(part), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`download: ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!looksLike(kind, bytes)) throw new Error('not what it claims');
      const type = kind === 'image' ? part.type.toLowerCase() : PREVIEW_TYPES[kind];
      const text = kind === 'text' ? textOf(bytes, part.charset) : undefined;
      const blobUrl = URL.createObjectURL(new Blob([bytes], { type }));
      setPreview({ part, kind, state: { stage: 'ready', url: blobUrl, text } });
    } catch {
      setPreview({ part, kind, state: { stage: 'failed' } });
    }
  };

  if (parts.length === 0) return null;
  return (
    <section className="attachments" aria-label={t('reader.attachments', { count: parts.length })}>
      <ul>
        {parts.map((part) => {
          const kind = previewKind(part.type, part.name, part.size);
          return (
            <li key={part.partId ?? part.blobId}>
              {part.blobId !== null && (
                <a href={urlOf(part)} download={part.name ?? undefined}>
                  {part.name ?? part.type}
                </a>
              )}{' '}
              <span className="attachment-size">{formatSize(part.size, i18n.language)}</span>
              {kind !== undefined && part.blobId !== null && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={t('reader.previewOf', { name: part.name ?? part.type })}
                  onClick={() => void open(part, kind)}
                >
                  {t('reader.preview')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {preview !== undefined && (
        <dialog
          ref={dialog}
          className="preview-dialog"
          aria-label={preview.part.name ?? preview.part.type}
          onClose={() => setPreview(undefined)}
        >
          <header>
            <h3>{preview.part.name ?? preview.part.type}</h3>
            <a href={urlOf(preview.part)} download={preview.part.name ?? undefined}>
              {t('reader.download')}
            </a>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('reader.closePreview')}
            </button>
          </header>
          {preview.state.stage === 'loading' ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : preview.state.stage === 'failed' ? (
            <p role="alert">{t('reader.previewFailed')}</p>
          ) : preview.kind === 'image' ? (
            <img src={preview.state.url} alt={preview.part.name ?? ''} />
          ) : preview.kind === 'pdf' ? (
            <iframe src={preview.state.url} title={preview.part.name ?? preview.part.type} />
          ) : (
            <pre>{preview.state.text}</pre>
          )}
        </dialog>
      )}
    </section>
  );
}

/** A text attachment's characters: its charset when the browser knows it; UTF-8 for ASCII or none (a superset). */
function textOf(bytes: Uint8Array, charset: string | null): string {
  const label = charset === null || /^(us-)?ascii$/i.test(charset) ? 'utf-8' : charset;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
