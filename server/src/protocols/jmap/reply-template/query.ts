// ReplyTemplate/query (urn:vercors:jmap): filters on `text` (in the name, the subject, the text body or the
// text of the HTML body) and `name`, each contained accent- and case-insensitively as the search index folds,
// nested with AND/OR/NOT; sorts by name or sortOrder, then in list order (sortOrder, name, id). An account
// has at most 100 templates, so the query runs over them in memory. queryChanges is exact (query-changes.ts).

import { z } from 'zod';
import { htmlToText } from '#formats/mime';
import { compareNames, foldForSearch, listOrder, type ReplyTemplate } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { requireAccount } from '../standard/arguments.ts';
import {
  checkFilterDepth,
  comparatorOf,
  comparatorSchema,
  filterSchema,
  matchesFilter,
  queryArgumentsOf,
  type Filter,
} from '../standard/query-filter.ts';
import { windowOf } from '../standard/query-window.ts';
import { VERCORS } from './reply-template-object.ts';

const condition = z.strictObject({
  text: z.string().max(1024).optional(),
  name: z.string().max(1024).optional(),
});
type Condition = z.infer<typeof condition>;

export const templateFilter = filterSchema(condition);
export const templateSort = z.array(comparatorSchema).max(8);

const SORTS = {
  name: (a: ReplyTemplate, b: ReplyTemplate) => compareNames(a.name, b.name),
  sortOrder: (a: ReplyTemplate, b: ReplyTemplate) => a.sortOrder - b.sortOrder,
};

const queryArguments = queryArgumentsOf(templateFilter, templateSort);

export const replyTemplateQuery = defineMethod({
  capability: VERCORS,
  schema: queryArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { state, templates } = await context.services.mail.listReplyTemplates(accountId);
    const ids = templateQueryIds(templates, args.filter ?? undefined, args.sort ?? []);
    return {
      accountId,
      queryState: String(state),
      canCalculateChanges: true,
      ...windowOf(ids, args, JMAP_CORE_LIMITS.maxObjectsInGet),
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
    };
  },
});

/** The ids of the templates that match, in the order asked. */
export function templateQueryIds(
  templates: readonly ReplyTemplate[],
  filter: Filter<Condition> | undefined,
  sort: readonly z.output<typeof comparatorSchema>[],
): string[] {
  if (filter !== undefined) checkFilterDepth(filter);
  const compare = comparatorOf(sort, SORTS, 'reply templates');
  return templates
    .filter((template) => filter === undefined || matchesFilter(filter, matchesTemplate(template)))
    .sort((a, b) => compare(a, b) || listOrder(a, b))
    .map((template) => template.id);
}

/** A condition's test against one template; the texts are folded once, when a condition first needs them. */
function matchesTemplate(template: ReplyTemplate): (condition: Condition) => boolean {
  let texts: readonly string[] | undefined;
  return ({ text, name }) => {
    if (name !== undefined && !foldForSearch(template.name).includes(foldForSearch(name))) return false;
    if (text === undefined) return true;
    texts ??= [template.name, template.subject ?? '', template.textBody, htmlToText(template.htmlBody)].map(
      foldForSearch,
    );
    const wanted = foldForSearch(text);
    return texts.some((folded) => folded.includes(wanted));
  };
}
