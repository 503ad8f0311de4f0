// The JMAP ReplyTemplate object (urn:vercors:jmap, docs/jmap.md) from the mail module's template, and its
// properties.

import { JMAP_CAPABILITIES, type JmapReplyTemplate } from '@vercors/contract';
import type { ReplyTemplate } from '#domain/mail';

/** The capability of Vercors's own methods. */
export const VERCORS = JMAP_CAPABILITIES.vercors;

export const REPLY_TEMPLATE_PROPERTIES = [
  'id',
  'name',
  'subject',
  'textBody',
  'htmlBody',
  'sortOrder',
] as const;

export function jmapReplyTemplate(template: ReplyTemplate): JmapReplyTemplate {
  return {
    id: template.id,
    name: template.name,
    subject: template.subject,
    textBody: template.textBody,
    htmlBody: template.htmlBody,
    sortOrder: template.sortOrder,
  };
}
