// ReplyTemplate/set (urn:vercors:jmap): create, update and destroy, each object on its own; every property is
// optional on create (an empty template, no subject). The bound per account is overQuota; checks of the texts
// are the domain's (invalidProperties).

import { z } from 'zod';
import { fieldSetMethod } from '../standard/field-set.ts';
import { jmapReplyTemplate, VERCORS } from './reply-template-object.ts';

/** Types only: the domain checks sizes, controls and the range of sortOrder. */
const FIELDS = {
  name: z.string(),
  subject: z.string().nullable(),
  textBody: z.string(),
  htmlBody: z.string(),
  sortOrder: z.number(),
} as const;

export const replyTemplateSet = fieldSetMethod({
  capability: VERCORS,
  type: 'ReplyTemplate',
  fields: FIELDS,
  tooManyReason: 'tooManyReplyTemplates',
  show: jmapReplyTemplate,
  create: (accountId, fields, context) => context.services.mail.createReplyTemplate(accountId, fields),
  update: (accountId, id, fields, context) =>
    context.services.mail.updateReplyTemplate(accountId, id, fields),
  destroy: (accountId, id, context) => context.services.mail.destroyReplyTemplate(accountId, id),
});
