// The document a message's sanitised HTML (or its text) is shown in: a sandboxed iframe's srcdoc with its
// own CSP that allows no script, no connection and no remote load unless the user allowed remote content.
// ADR 0008: this is the second layer; html-sanitizer.ts is the first.

export interface FrameOptions {
  readonly allowRemote: boolean;
  /** The language of the frame's text, for screen readers and hyphenation. */
  readonly lang: string;
}

/** The iframe `sandbox` value: no script; same origin only so the app can size the frame and send cookies. */
export const FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export function frameDocument(bodyHtml: string, options: FrameOptions): string {
  const images = options.allowRemote ? "'self' data: https: http:" : "'self' data:";
  const csp = [
    "default-src 'none'",
    `img-src ${images}`,
    `style-src 'unsafe-inline'${options.allowRemote ? ' https: http:' : ''}`,
    `font-src data:${options.allowRemote ? ' https: http:' : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html><html lang="${escapeHtml(options.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style>html,body{margin:0;padding:0}body{padding:12px 16px;font:15px/1.5 system-ui,sans-serif;color:#1b1b1b;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre.plain{white-space:pre-wrap;font:inherit;margin:0}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #c7c7c7;color:#4a4a4a}</style>
</head><body>${bodyHtml}</body></html>`;
}

/** Plain text as HTML: escaped, its line breaks and spaces kept. */
export function textAsHtml(text: string): string {
  return `<pre class="plain">${escapeText(text)}</pre>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Text for HTML content or a quoted attribute value: &, <, > and " escaped. */
export function escapeHtml(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
