// A reply template put into a message being written (the composer's "Modèles" menu): the template's subject
// replaces the draft's only when it has one (null or blank keeps the reply's own), and its body goes at the
// start of the message, above what is there (the quote of a reply), in both the HTML and the text form.

import type { JmapReplyTemplate } from '@vercors/contract';
import { type Draft, paragraphs } from './compose-draft.ts';

/** The template's fields the composer uses; `htmlBody` already sanitised by the caller (html-sanitizer.ts). */
export type TemplateBody = Pick<JmapReplyTemplate, 'subject' | 'textBody' | 'htmlBody'>;

export type DraftBody = Pick<Draft, 'subject' | 'html' | 'text'>;

export function applyTemplate<D extends DraftBody>(draft: D, template: TemplateBody): D {
  const hasHtml = template.htmlBody.trim() !== '';
  const hasText = template.textBody.trim() !== '';
  if (!hasHtml && !hasText) return withSubject(draft, template);
  const html = hasHtml ? template.htmlBody : paragraphs(template.textBody);
  const text = hasText ? template.textBody : textOfHtml(template.htmlBody);
  return {
    ...withSubject(draft, template),
    html: `${html}${draft.html}`,
    text: draft.text.trim() === '' ? text : `${text.replace(/\s+$/, '')}\n\n${draft.text}`,
  };
}

function withSubject<D extends DraftBody>(draft: D, template: TemplateBody): D {
  const subject = template.subject?.trim() ?? '';
  return subject === '' ? draft : { ...draft, subject };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text of sanitised HTML for the plain-text form, when a template has only HTML: blocks and line
 * breaks become lines, tags go, the common entities are decoded. What the editor shows is the HTML.
 */
export function textOfHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|h[1-6]|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
      const code =
        decimal !== undefined ? Number(decimal) : hex !== undefined ? Number.parseInt(hex, 16) : NaN;
      if (!Number.isNaN(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return ENTITIES[(name ?? '').toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
