// ReplyTemplate/queryChanges (urn:vercors:jmap, RFC 8620 §5.6), exact and cheap (standard/query-changes.ts):
// the query state is the ReplyTemplate state, so the change log says which templates changed since the
// client's (a changed name or sortOrder moves one; the others keep their order).

import { defineMethod } from '../method-context.ts';
import { requireAccount } from '../standard/arguments.ts';
import { exactQueryChanges } from '../standard/query-changes.ts';
import { queryChangesArgumentsOf } from '../standard/query-filter.ts';
import { VERCORS } from './reply-template-object.ts';
import { templateFilter, templateQueryIds, templateSort } from './query.ts';

const queryChangesArguments = queryChangesArgumentsOf(templateFilter, templateSort);

export const replyTemplateQueryChanges = defineMethod({
  capability: VERCORS,
  schema: queryChangesArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    // The list first: the changes read after it hold every change it shows, and maybe later ones (reported
    // again from this state next time, which is harmless).
    const { state, templates } = await mail.listReplyTemplates(accountId);
    const ids = templateQueryIds(templates, args.filter ?? undefined, args.sort ?? []);
    return exactQueryChanges({ ...args, accountId }, state, ids, (since, maxChanges) =>
      mail.changes(accountId, 'ReplyTemplate', since, maxChanges),
    );
  },
});
