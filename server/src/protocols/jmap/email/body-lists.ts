// textBody, htmlBody and attachments (RFC 8621 §4.1.4): the RFC's own parseStructure algorithm, followed step
// by step so every client sees the same split: one alternative per multipart/alternative for each list, the
// first part of a multipart/related as the body, inline images both in the body and, without an HTML body, in
// the attachments.

import type { MimePart } from '#formats/mime';
import { isMultipart, partName, partType } from './body-parts.ts';

export interface BodyLists {
  readonly textBody: readonly MimePart[];
  readonly htmlBody: readonly MimePart[];
  readonly attachments: readonly MimePart[];
}

export function bodyLists(root: MimePart): BodyLists {
  const lists = { textBody: [] as MimePart[], htmlBody: [] as MimePart[], attachments: [] as MimePart[] };
  parseStructure([root], 'mixed', false, lists.htmlBody, lists.textBody, lists.attachments);
  return lists;
}

function isInlineMediaType(type: string): boolean {
  return type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/');
}

/** RFC 8621 §4.1.4 parseStructure; a null list is one this branch of an alternative no longer feeds. */
function parseStructure(
  parts: readonly MimePart[],
  multipartType: string,
  inAlternative: boolean,
  htmlBody: MimePart[] | null,
  textBody: MimePart[] | null,
  attachments: MimePart[],
): void {
  // For multipartType == alternative
  const textLength = textBody ? textBody.length : -1;
  const htmlLength = htmlBody ? htmlBody.length : -1;
  let html = htmlBody;
  let text = textBody;

  for (const [index, part] of parts.entries()) {
    const type = partType(part);
    // Is this a body part rather than an attachment: an allowed body type, not declared an attachment; only
    // the first part of a multipart/related; a named text part that is not first is taken for an attachment.
    const isInline =
      part.disposition?.type !== 'attachment' &&
      (type === 'text/plain' || type === 'text/html' || isInlineMediaType(type)) &&
      (index === 0 || (multipartType !== 'related' && (isInlineMediaType(type) || partName(part) === null)));

    if (isMultipart(part)) {
      const subMultiType = part.subtype;
      parseStructure(
        part.children,
        subMultiType,
        inAlternative || subMultiType === 'alternative',
        html,
        text,
        attachments,
      );
    } else if (isInline) {
      if (multipartType === 'alternative') {
        if (type === 'text/plain') text?.push(part);
        else if (type === 'text/html') html?.push(part);
        else attachments.push(part);
        continue;
      }
      if (inAlternative) {
        if (type === 'text/plain') html = null;
        if (type === 'text/html') text = null;
      }
      text?.push(part);
      html?.push(part);
      if ((!text || !html) && isInlineMediaType(type)) attachments.push(part);
    } else {
      attachments.push(part);
    }
  }

  if (multipartType === 'alternative' && textBody && htmlBody) {
    // Found an HTML part only: the text body shows it too.
    if (textLength === textBody.length && htmlLength !== htmlBody.length) {
      for (let index = htmlLength; index < htmlBody.length; index++)
        textBody.push(htmlBody[index] as MimePart);
    }
    // Found a plain text part only: the HTML body shows it too.
    if (htmlLength === htmlBody.length && textLength !== textBody.length) {
      for (let index = textLength; index < textBody.length; index++)
        htmlBody.push(textBody[index] as MimePart);
    }
  }
}
