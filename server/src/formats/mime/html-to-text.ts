// HTML reduced to plain text for the search index and previews (not for display): script, style, head and comments
// dropped, block elements become line breaks, other tags removed, character references decoded.
// Security: a single left-to-right pass with indexOf; an unclosed <script> or comment ends the text, as in a browser.

import { NAMED_ENTITIES } from './html-entities.ts';

/** Elements whose content is never text. */
const SKIPPED_ELEMENTS = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'svg',
  'object',
]);
/** Elements that end a line of text. */
const BLOCK_ELEMENTS = new Set([
  'br',
  'p',
  'div',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'dt',
  'dd',
  'td',
  'th',
]);

/** Plain text of an HTML document or fragment, lines trimmed and blank runs collapsed. */
export function htmlToText(html: string): string {
  const pieces: string[] = [];
  let position = 0;
  while (position < html.length) {
    const open = html.indexOf('<', position);
    if (open < 0) {
      pieces.push(html.slice(position));
      break;
    }
    pieces.push(html.slice(position, open));
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      position = close < 0 ? html.length : close + 3;
      continue;
    }
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    const name = tagName(html, open + 1);
    position = close + 1;
    if (name === undefined) {
      // '<' not starting a tag ("a < b") is text.
      if (!/^[/!?]/.test(html[open + 1] ?? '')) {
        pieces.push('<');
        position = open + 1;
      }
      continue;
    }
    const isEnd = html[open + 1] === '/';
    if (!isEnd && SKIPPED_ELEMENTS.has(name) && html[close - 1] !== '/') {
      const end = findEndTag(html, name, position);
      if (end < 0) break;
      const endClose = html.indexOf('>', end);
      position = endClose < 0 ? html.length : endClose + 1;
      continue;
    }
    if (BLOCK_ELEMENTS.has(name)) pieces.push('\n');
    else if (name === 'img') pieces.push(' ');
  }
  return collapse(decodeEntities(pieces.join('')));
}

/** Lower-case element name at `start` (after '<' and an optional '/'), or undefined when not a tag. */
function tagName(html: string, start: number): string | undefined {
  const match = /^\/?([a-zA-Z][a-zA-Z0-9-]{0,30})/.exec(html.slice(start, start + 33));
  return match ? (match[1] as string).toLowerCase() : undefined;
}

/** Start of the end tag `</name` at or after `from` (any case), or -1. */
function findEndTag(html: string, name: string, from: number): number {
  for (let position = html.indexOf('</', from); position >= 0; position = html.indexOf('</', position + 2)) {
    const candidate = html.slice(position + 2, position + 2 + name.length).toLowerCase();
    if (candidate === name && !/[a-zA-Z0-9-]/.test(html[position + 2 + name.length] ?? '')) return position;
  }
  return -1;
}

/** Decode &name; &#nnn; &#xhh; references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g,
    (whole, body: string) => {
      if (body.startsWith('#')) {
        const code =
          body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
        // Surrogates, NUL and out-of-range code points are not characters (HTML: U+FFFD).
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(code);
      }
      return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    },
  );
}

/** Lines trimmed, spaces collapsed, at most one blank line in a row. */
function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
