// ReplyTemplate/queryChanges (urn:vercors:jmap, RFC 8620 §5.6), exact and cheap: the query state is the
// ReplyTemplate state, so the change log says which templates changed since the client's; each one updated or
// destroyed is removed, and each one created or updated that is in the results now is added back at its
// index (a changed name or sortOrder moves it; the others keep their order). upToId is ignored: the sort
// properties are mutable. More than 5,000 changes, or a state the account never had, is
// cannotCalculateChanges; more than maxChanges, tooManyChanges.

import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { parseState, requireAccount } from '../standard/arguments.ts';
import { queryChangesArgumentsOf } from '../standard/query-filter.ts';
import { MAX_CHANGES } from '../standard/changes.ts';
import { VERCORS } from './reply-template-object.ts';
import { templateFilter, templateQueryIds, templateSort } from './query.ts';

const queryChangesArguments = queryChangesArgumentsOf(templateFilter, templateSort);

export const replyTemplateQueryChanges = defineMethod({
  capability: VERCORS,
  schema: queryChangesArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    const since = parseState(args.sinceQueryState);
    // The list first: the changes read after it hold every change it shows, and maybe later ones (reported
    // again from this state next time, which is harmless).
    const { state, templates } = await mail.listReplyTemplates(accountId);
    if (since === undefined || since > state)
      throw new MethodError(
        'cannotCalculateChanges',
        `${args.sinceQueryState} is not a query state of this server`,
      );
    const changes = await mail.changes(accountId, 'ReplyTemplate', since, MAX_CHANGES);
    if (changes.hasMoreChanges)
      throw new MethodError('cannotCalculateChanges', `more than ${MAX_CHANGES} changes: query again`);
    const ids = templateQueryIds(templates, args.filter ?? undefined, args.sort ?? []);
    const removed = [...changes.updated, ...changes.destroyed];
    const touched = new Set([...changes.created, ...changes.updated]);
    const added = ids.flatMap((id, index) => (touched.has(id) ? [{ id, index }] : []));
    const maxChanges = args.maxChanges ?? undefined;
    if (maxChanges !== undefined && removed.length + added.length > maxChanges)
      throw new MethodError(
        'tooManyChanges',
        `${removed.length + added.length} changes, more than maxChanges`,
      );
    return {
      accountId,
      oldQueryState: args.sinceQueryState,
      newQueryState: String(state),
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
      removed,
      added,
    };
  },
});
