// How an HTML signature or template will look, shown the way the reader shows a message (ADR 0008): sanitised
// by html-sanitizer.ts, remote images left out, in a sandboxed frame with its own CSP (message-frame.ts), so
// markup typed here can neither run nor load anything, even in the settings page.

import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { createHtmlSanitizer, type HtmlSanitizer } from '../../mail/html-sanitizer.ts';
import { FRAME_SANDBOX, frameDocument } from '../../mail/message-frame.ts';

export interface HtmlPreviewProps {
  readonly html: string;
  /** The frame's name for screen readers. */
  readonly title: string;
}

/** Beyond this the preview scrolls: a long template must not push the form's buttons off screen. */
const MAX_PREVIEW_HEIGHT_PX = 400;

let sanitizer: HtmlSanitizer | undefined;

export function HtmlPreview({ html, title }: HtmlPreviewProps) {
  const { t, i18n } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const preview = useMemo(() => {
    sanitizer ??= createHtmlSanitizer(window);
    const clean = sanitizer(html, { allowRemote: false, cidUrl: () => undefined });
    return {
      document: frameDocument(clean.html, { allowRemote: false, lang: i18n.language }),
      blocked: clean.blockedRemote,
    };
  }, [html, i18n.language]);
  return (
    <div className="settings-preview">
      <iframe
        ref={frame}
        className="settings-preview-frame"
        title={title}
        sandbox={FRAME_SANDBOX}
        srcDoc={preview.document}
        onLoad={() => {
          const document = frame.current?.contentDocument;
          if (frame.current && document)
            // The body's own height (the document's is at least the frame's), within a bound for long HTML.
            frame.current.style.height = `${Math.min(document.body.scrollHeight + 8, MAX_PREVIEW_HEIGHT_PX)}px`;
        }}
      />
      {preview.blocked > 0 && (
        <p className="settings-hint">{t('settingsMailCommon.previewRemote', { count: preview.blocked })}</p>
      )}
    </div>
  );
}
