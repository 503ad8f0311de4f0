// What a message says and carries, for search and lists: body text (plain, or HTML reduced to text), a preview,
// and the attachments. Follows the spirit of RFC 8621 §4.1.4 (one alternative per multipart/alternative, inline
// images with a Content-ID belong to the HTML rather than being attachments).
// Security: decoding of each text part is cut at a multiple of maxBodyText; output bounded by maxBodyText.

import { decodeCharset } from './charset-decoding.ts';
import { htmlToText } from './html-to-text.ts';
import type { AttachmentInfo, MimePart, ParseDefect } from './parsed-message.ts';
import { decodeBody, decodedSize } from './transfer-decoding.ts';

/** JMAP's preview is "up to 256 characters" (RFC 8621 §4.1.1). */
const PREVIEW_LENGTH = 256;
/** Bytes of a plain part decoded per character of text wanted: UTF-8 needs at most 4. */
const PLAIN_BYTES_PER_CHAR = 4;
/** HTML is mostly markup: read up to 8 bytes per character of text wanted (newsletters run 5-10x). */
const HTML_BYTES_PER_CHAR = 8;
/** Detached signatures travel with every signed mail; counting them would flag all of it as "has attachment". */
const SIGNATURE_TYPES = new Set([
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
  'application/pgp-signature',
]);

export interface BodySummary {
  readonly bodyText: string;
  readonly preview: string;
  readonly attachments: AttachmentInfo[];
  readonly hasAttachment: boolean;
}

interface Collected {
  readonly texts: MimePart[];
  readonly nestedTexts: MimePart[];
  readonly attachments: MimePart[];
}

/** Summarise the message whose tree is `root` (offsets into `raw`). */
export function summarizeBody(
  raw: Uint8Array,
  root: MimePart,
  maxBodyText: number,
  defects: Set<ParseDefect>,
): BodySummary {
  const collected: Collected = { texts: [], nestedTexts: [], attachments: [] };
  // A message that is itself message/rfc822 (some gateways wrap this way) reads as the message it wraps.
  visit(root.message ? root.message.structure : root, collected, false, false);
  const pieces: string[] = [];
  let length = 0;
  let preview = '';
  const ownTexts = collected.texts.length;
  for (const [index, part] of [...collected.texts, ...collected.nestedTexts].entries()) {
    if (length >= maxBodyText) {
      defects.add('bodyTextTruncated');
      break;
    }
    const text = readText(raw, part, maxBodyText - length, defects);
    if (preview === '' && index < ownTexts) preview = makePreview(text);
    pieces.push(text);
    length += text.length + 2;
  }
  let bodyText = pieces.filter((piece) => piece !== '').join('\n\n');
  if (bodyText.length > maxBodyText) {
    bodyText = bodyText.slice(0, maxBodyText);
    defects.add('bodyTextTruncated');
  }
  const attachments = collected.attachments.map((part) => describeAttachment(raw, part));
  const hasAttachment = attachments.some(
    (attachment) =>
      (attachment.disposition === 'attachment' || attachment.cid === undefined) &&
      !SIGNATURE_TYPES.has(attachment.type),
  );
  return { bodyText, preview, attachments, hasAttachment };
}

function visit(part: MimePart, collected: Collected, isNested: boolean, isAlternativeLoser: boolean): void {
  if (part.message) {
    if (isAlternativeLoser) return;
    if (!isNested) collected.attachments.push(part);
    // Forwarded-as-attachment text is searchable, after the message's own text and never its preview.
    visit(part.message.structure, collected, true, false);
    return;
  }
  if (part.children.length > 0) {
    if (part.subtype === 'alternative') {
      const chosen = chooseAlternative(part.children);
      for (const child of part.children)
        visit(child, collected, isNested, isAlternativeLoser || child !== chosen);
    } else {
      for (const child of part.children) visit(child, collected, isNested, isAlternativeLoser);
    }
    return;
  }
  if (isBodyText(part)) {
    if (!isAlternativeLoser) (isNested ? collected.nestedTexts : collected.texts).push(part);
  } else if (!isNested) {
    collected.attachments.push(part);
  }
}

/** The alternative to index: plain text when there is one (closest to what was typed), else HTML, else the last. */
function chooseAlternative(children: MimePart[]): MimePart | undefined {
  return (
    children.find((child) => isBodyText(child) && child.subtype === 'plain') ??
    children.find((child) => isBodyText(child)) ??
    children.find((child) => child.children.length > 0 && containsBodyText(child)) ??
    children.at(-1)
  );
}

function containsBodyText(part: MimePart): boolean {
  return isBodyText(part) || part.children.some(containsBodyText);
}

/** Inline text/plain or text/html without a file name: the message's own words rather than an attached file. */
function isBodyText(part: MimePart): boolean {
  if (part.type !== 'text' || (part.subtype !== 'plain' && part.subtype !== 'html')) return false;
  if (part.disposition?.type === 'attachment') return false;
  return part.disposition?.parameters.filename === undefined && part.parameters.name === undefined;
}

function readText(raw: Uint8Array, part: MimePart, maxChars: number, defects: Set<ParseDefect>): string {
  const isHtml = part.subtype === 'html';
  const maxBytes = maxChars * (isHtml ? HTML_BYTES_PER_CHAR : PLAIN_BYTES_PER_CHAR);
  const bytes = decodeBody(raw, part, maxBytes);
  const decoded = decodeCharset(bytes, part.parameters.charset);
  if (!decoded.isCharsetKnown) defects.add('unknownCharset');
  const text = isHtml ? htmlToText(decoded.text) : decoded.text.replace(/\r\n?/g, '\n').trim();
  if (text.length > maxChars || bytes.length >= maxBytes) defects.add('bodyTextTruncated');
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

function makePreview(text: string): string {
  const collapsed = text
    .slice(0, PREVIEW_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  // Cut after PREVIEW_LENGTH code points, so an emoji or other astral character is never split in half.
  let end = 0;
  for (let count = 0; count < PREVIEW_LENGTH && end < collapsed.length; count++) {
    const code = collapsed.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < collapsed.length ? 2 : 1;
  }
  return collapsed.slice(0, end);
}

function describeAttachment(raw: Uint8Array, part: MimePart): AttachmentInfo {
  const name = part.disposition?.parameters.filename ?? part.parameters.name ?? '';
  const declared = part.disposition?.type;
  const disposition =
    declared === 'inline' || (declared !== 'attachment' && part.id !== undefined) ? 'inline' : 'attachment';
  return {
    partId: part.partId,
    name,
    type: `${part.type}/${part.subtype}`,
    size: decodedSize(raw, part),
    disposition,
    ...(part.id === undefined ? {} : { cid: part.id }),
  };
}
