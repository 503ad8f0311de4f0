// The sort of Email/query and Email/queryChanges (RFC 8621 §4.4.2) in the domain's terms: receivedAt, sentAt,
// size and subject. The other RFC properties (from, to, and the keyword sorts hasKeyword,
// allInThreadHaveKeyword, someInThreadHaveKeyword) have no index behind them and are unsupportedSort.

import { z } from 'zod';
import type { EmailSort, EmailSortProperty } from '#domain/mail';
import { MethodError } from '../method-error.ts';

/** Criteria in one sort: there are four sortable properties, so more is a client bug. */
const MAX_SORT_CRITERIA = 8;

const SORTABLE: ReadonlySet<string> = new Set<EmailSortProperty>(['receivedAt', 'sentAt', 'size', 'subject']);

/**
 * Subjects are compared case-folded (the domain's normalized subject), which is what both casemap collations
 * ask for; i;ascii-numeric would order "10" after "9" and is not offered for emails.
 */
const COLLATIONS: ReadonlySet<string> = new Set(['i;unicode-casemap', 'i;ascii-casemap']);

const comparator = z.strictObject({
  property: z.string().max(64),
  isAscending: z.boolean().optional(),
  collation: z.string().max(64).optional(),
  // For the keyword sorts only, which are refused anyway.
  keyword: z.string().max(255).optional(),
});

export const emailSortArgument = z.array(comparator).max(MAX_SORT_CRITERIA).nullable().optional();

/** The domain sort for a client's `sort`; undefined (the default, newest received first) when none is given. */
export function parseEmailSort(sort: z.output<typeof emailSortArgument>): EmailSort[] | undefined {
  if (sort === null || sort === undefined || sort.length === 0) return undefined;
  return sort.map((criterion) => {
    if (!SORTABLE.has(criterion.property))
      throw new MethodError('unsupportedSort', `cannot sort emails by ${criterion.property}`);
    if (criterion.collation !== undefined && !COLLATIONS.has(criterion.collation))
      throw new MethodError('unsupportedSort', `collation ${criterion.collation} is not supported`);
    // RFC 8620 §5.5: isAscending defaults to true (the domain's default is the reverse).
    return { property: criterion.property as EmailSortProperty, isAscending: criterion.isAscending ?? true };
  });
}
