// Email/query (RFC 8621 §4.4, RFC 8620 §5.5): the domain filters, sorts, collapses threads and pages; this
// file reads the arguments and places the window: a position (negative counts from the end) or an anchor.
// The queryState is the Email state, so Email/queryChanges can replay what changed since (canCalculateChanges).

import { z } from 'zod';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { jmapId, MAIL, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { windowOf } from '../standard/query-window.ts';
import { completeResults, type EmailSelectionQuery } from './complete-results.ts';
import { parseEmailFilter } from './email-filter-arguments.ts';
import { emailSortArgument, parseEmailSort } from './email-sort-arguments.ts';

/**
 * Ids in one page: what one Email/get takes, so `#ids` of a full page always feeds a /get. Larger asks (or none)
 * are lowered to it and the response says so (RFC 8620 §5.5 `limit`).
 */
export const MAX_QUERY_LIMIT = JMAP_CORE_LIMITS.maxObjectsInGet;

const signedInt = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

const queryArguments = z.strictObject({
  accountId: jmapId,
  filter: z.unknown().optional(),
  sort: emailSortArgument,
  position: signedInt.optional(),
  anchor: jmapId.nullable().optional(),
  anchorOffset: signedInt.optional(),
  limit: unsignedInt.nullable().optional(),
  calculateTotal: z.boolean().optional(),
  collapseThreads: z.boolean().optional(),
});

export const emailQuery = defineMethod({
  capability: MAIL,
  schema: queryArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const filter = parseEmailFilter(args.filter);
    const sort = parseEmailSort(args.sort);
    const selection: EmailSelectionQuery = {
      ...(filter === undefined ? {} : { filter }),
      ...(sort === undefined ? {} : { sort }),
      collapseThreads: args.collapseThreads === true,
    };
    const { mail } = context.services;
    // Read before the query: a change landing in between is then replayed again by Email/queryChanges, never
    // missed (read after, it would be counted as already seen).
    const queryState = String(await mail.state(accountId, 'Email'));
    const limit = Math.min(args.limit ?? MAX_QUERY_LIMIT, MAX_QUERY_LIMIT);
    const isLimitLowered = args.limit === null || args.limit === undefined || args.limit > MAX_QUERY_LIMIT;
    const isTotalWanted = args.calculateTotal === true;
    const countResults = async () =>
      (await mail.queryEmails(accountId, { ...selection, limit: 0, calculateTotal: true })).total ?? 0;

    let window: { position: number; ids: readonly string[]; total?: number | undefined };
    if (args.anchor !== null && args.anchor !== undefined) {
      // Anchor: its index is only known from the whole list (RFC 8620 §5.5: position is then ignored).
      const { ids, isComplete } = await completeResults(mail, accountId, selection);
      const placed = windowOf(ids, { anchor: args.anchor, anchorOffset: args.anchorOffset, limit }, limit);
      const total = isTotalWanted && !isComplete ? await countResults() : ids.length;
      window = { position: placed.position, ids: placed.ids, total };
    } else {
      let position = args.position ?? 0;
      let total: number | undefined;
      if (position < 0) {
        // Counted from the end, clamped to the start (RFC 8620 §5.5): the total says where the end is.
        total = await countResults();
        position = Math.max(0, total + position);
      }
      const page = await mail.queryEmails(accountId, {
        ...selection,
        position,
        limit,
        calculateTotal: isTotalWanted && total === undefined,
      });
      window = { position: page.position, ids: page.ids, total: total ?? page.total };
    }
    return {
      accountId,
      queryState,
      canCalculateChanges: true,
      position: window.position,
      ids: window.ids,
      ...(isTotalWanted ? { total: window.total } : {}),
      ...(isLimitLowered ? { limit } : {}),
    };
  },
});
