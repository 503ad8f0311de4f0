// A message's HTML made safe to show (ADR 0008): DOMPurify with the HTML profile only (no SVG, no MathML),
// no forms, frames, objects, media or <base>; links open in a new tab without a referrer; `cid:` images point
// at their part's download URL; remote images, `srcset` and CSS `url()` are parked until the user allows
// remote content, and counted so the reader can say so. The result still goes into a sandboxed frame with its
// own CSP (message-frame.ts): a sanitiser miss meets a document that can neither run script nor load.

import createDOMPurify, { type WindowLike } from 'dompurify';

export interface SanitizeOptions {
  /** Load remote images and CSS resources (the user asked, for this message or its sender). */
  readonly allowRemote: boolean;
  /** The URL of a `cid:` part of this message, or undefined when the message has no such part. */
  readonly cidUrl: (contentId: string) => string | undefined;
}

export interface SanitizedHtml {
  readonly html: string;
  /** Remote resources left out because remote content is not allowed. */
  readonly blockedRemote: number;
}

const FORBID_TAGS = [
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'base',
  'link',
  'meta',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'audio',
  'video',
  'source',
  'track',
  'portal',
  'noscript',
  'template',
];
const FORBID_ATTR = ['srcset', 'ping', 'formaction', 'action', 'background', 'poster', 'lowsrc', 'dynsrc'];
const REMOTE = /^(?:https?:)?\/\//i;
const LINK_SCHEMES = /^(?:https?:|mailto:|tel:|#)/i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const CSS_IMPORT = /@import[^;]*;?/gi;

export type HtmlSanitizer = (html: string, options: SanitizeOptions) => SanitizedHtml;

export function createHtmlSanitizer(window: WindowLike): HtmlSanitizer {
  const purify = createDOMPurify(window);
  let current: SanitizeOptions = { allowRemote: false, cidUrl: () => undefined };
  let blocked = 0;

  /** CSS with every url() it may not load replaced, and @import gone unless remote content is allowed. */
  const cleanCss = (css: string): string => {
    let cleaned = current.allowRemote
      ? css
      : css.replace(CSS_IMPORT, () => {
          blocked += 1;
          return '';
        });
    cleaned = cleaned.replace(CSS_URL, (whole, _quote: string, url: string) => {
      const target = url.trim();
      if (/^cid:/i.test(target)) {
        const resolved = current.cidUrl(target.slice(4));
        return resolved === undefined ? 'none' : `url("${resolved}")`;
      }
      if (/^data:image\//i.test(target)) return whole;
      if (REMOTE.test(target) && current.allowRemote) return whole;
      if (REMOTE.test(target)) blocked += 1;
      return 'none';
    });
    // Old IE script in CSS, and anything that could still reach a URL scheme.
    return cleaned.replace(/expression\s*\(/gi, 'none(').replace(/javascript:/gi, '');
  };

  purify.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName === 'style' && node.textContent !== null) node.textContent = cleanCss(node.textContent);
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    const style = element.getAttribute('style');
    if (style !== null) element.setAttribute('style', cleanCss(style));
    if (element.tagName === 'IMG') {
      const src = element.getAttribute('src') ?? '';
      if (/^cid:/i.test(src)) {
        const resolved = current.cidUrl(src.slice(4));
        if (resolved === undefined) element.removeAttribute('src');
        else element.setAttribute('src', resolved);
      } else if (REMOTE.test(src) && !current.allowRemote) {
        blocked += 1;
        element.removeAttribute('src');
        element.setAttribute('data-blocked-src', src.slice(0, 2048));
      } else if (!REMOTE.test(src) && !/^data:image\/(?:png|gif|jpe?g|webp);/i.test(src)) {
        element.removeAttribute('src');
      }
    }
    if (element.tagName === 'A') {
      const href = element.getAttribute('href');
      if (href !== null && !LINK_SCHEMES.test(href.trim())) element.removeAttribute('href');
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
  });

  return (html, options) => {
    current = options;
    blocked = 0;
    const clean = purify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS,
      FORBID_ATTR,
      ALLOW_DATA_ATTR: false,
      ADD_ATTR: ['target'],
      // Keep a <style> that comes first in the body (mail often starts with one).
      FORCE_BODY: true,
    });
    return { html: clean, blockedRemote: blocked };
  };
}
