// ReplyTemplate/get (urn:vercors:jmap): every template of the account when `ids` is null, in list order
// (sortOrder, name, id). The state is read before the list.

import { defineMethod } from '../method-context.ts';
import { getArguments, requireAccount, selectProperties } from '../standard/arguments.ts';
import { getFromList } from '../standard/get-list.ts';
import { jmapReplyTemplate, REPLY_TEMPLATE_PROPERTIES, VERCORS } from './reply-template-object.ts';

export const replyTemplateGet = defineMethod({
  capability: VERCORS,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, REPLY_TEMPLATE_PROPERTIES);
    const { state, templates } = await context.services.mail.listReplyTemplates(accountId);
    const found = getFromList(templates.map(jmapReplyTemplate), args.ids, properties);
    return { accountId, state: String(state), ...found };
  },
});
