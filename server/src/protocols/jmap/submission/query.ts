// EmailSubmission/query (RFC 8621 §7.3): filter on emailIds, threadIds, undoStatus, before and after (sendAt),
// combined with AND, OR and NOT; sort by emailId, threadId or sentAt (the RFC's name for sendAt, which is
// accepted too). Conditions are run by the submission module; operators combine their id sets here. Results
// are not tracked between calls (canCalculateChanges false): clients query again.

import { z } from 'zod';
import { UNDO_STATUSES, type SubmissionFilter, type SubmissionSort } from '#domain/submission';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { invalidArguments, MethodError } from '../method-error.ts';
import { SUBMISSION } from '../identity/identity-object.ts';
import { jmapId, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { windowOf } from '../standard/query-window.ts';

const utcDate = z.iso.datetime({ offset: false });

const condition = z.strictObject({
  emailIds: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInGet).optional(),
  threadIds: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInGet).optional(),
  undoStatus: z.enum(UNDO_STATUSES).optional(),
  before: utcDate.optional(),
  after: utcDate.optional(),
});
type Condition = z.infer<typeof condition>;
type Filter = Condition | { operator: 'AND' | 'OR' | 'NOT'; conditions: Filter[] };

const MAX_FILTER_DEPTH = 4;
const filter: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ operator: z.enum(['AND', 'OR', 'NOT']), conditions: z.array(filter).max(16) }),
    condition,
  ]),
);

const comparator = z.strictObject({
  property: z.string().max(64),
  isAscending: z.boolean().optional(),
  collation: z.string().max(64).optional(),
});

export const submissionQueryArguments = z.strictObject({
  accountId: jmapId,
  filter: filter.nullable().optional(),
  sort: z.array(comparator).max(4).nullable().optional(),
  position: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  anchor: jmapId.nullable().optional(),
  anchorOffset: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: unsignedInt.nullable().optional(),
  calculateTotal: z.boolean().optional(),
});

const SORT_PROPERTIES: Readonly<Record<string, SubmissionSort['property']>> = {
  emailId: 'emailId',
  threadId: 'threadId',
  sentAt: 'sendAt',
  sendAt: 'sendAt',
};

export const emailSubmissionQuery = defineMethod({
  capability: SUBMISSION,
  schema: submissionQueryArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const sort = (args.sort ?? []).map((given): SubmissionSort => {
      const property = SORT_PROPERTIES[given.property];
      if (property === undefined)
        throw new MethodError('unsupportedSort', `cannot sort submissions by ${given.property}`);
      return { property, isAscending: given.isAscending !== false };
    });
    const state = await context.services.mail.state(accountId, 'EmailSubmission');
    const all = await matching(context, accountId, args.filter ?? {}, sort, 0);
    const window = windowOf(all, args, JMAP_CORE_LIMITS.maxObjectsInGet);
    return {
      accountId,
      queryState: String(state),
      canCalculateChanges: false,
      ...window,
      ...(args.calculateTotal === true ? { total: all.length } : {}),
    };
  },
});

/** The sorted ids matching `given`; operators keep the order of the whole sorted list. */
async function matching(
  context: MethodContext,
  accountId: string,
  given: Filter,
  sort: readonly SubmissionSort[],
  depth: number,
): Promise<readonly string[]> {
  if (depth > MAX_FILTER_DEPTH) throw invalidArguments(`filters nest at most ${MAX_FILTER_DEPTH} deep`);
  const { submission } = context.services;
  if (!('operator' in given))
    return await submission.querySubmissions(accountId, toDomainFilter(given), sort);
  const all = await submission.querySubmissions(accountId, {}, sort);
  const parts = await Promise.all(
    given.conditions.map(async (part) => new Set(await matching(context, accountId, part, sort, depth + 1))),
  );
  if (given.operator === 'AND') return all.filter((id) => parts.every((part) => part.has(id)));
  if (given.operator === 'OR') return all.filter((id) => parts.some((part) => part.has(id)));
  return all.filter((id) => !parts.some((part) => part.has(id)));
}

function toDomainFilter(given: Condition): SubmissionFilter {
  return {
    ...(given.emailIds !== undefined && { emailIds: given.emailIds }),
    ...(given.threadIds !== undefined && { threadIds: given.threadIds }),
    ...(given.undoStatus !== undefined && { undoStatus: given.undoStatus }),
    ...(given.before !== undefined && { before: new Date(given.before) }),
    ...(given.after !== undefined && { after: new Date(given.after) }),
  };
}
