// The arguments of Foo/query and Foo/queryChanges (RFC 8620 §5.5, §5.6) for types the account holds few of,
// queried in memory: a FilterOperator tree (AND/OR/NOT) over one type's conditions, bounded in depth and
// width, the Comparator list, and how both are applied.

import { z } from 'zod';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, unsignedInt } from './arguments.ts';

export interface FilterOperator<Condition> {
  readonly operator: 'AND' | 'OR' | 'NOT';
  readonly conditions: readonly Filter<Condition>[];
}
export type Filter<Condition> = Condition | FilterOperator<Condition>;

/** Nesting a client needs is two or three deep; the bound keeps a hostile tree from costing much. */
const MAX_FILTER_DEPTH = 8;
const MAX_CONDITIONS = 64;

/** The schema of a filter over `condition` (a strict object, so an unknown condition is refused). */
export function filterSchema<Condition>(condition: z.ZodType<Condition>): z.ZodType<Filter<Condition>> {
  const filter: z.ZodType<Filter<Condition>> = z.lazy(() =>
    z.union([
      z.strictObject({
        operator: z.enum(['AND', 'OR', 'NOT']),
        conditions: z.array(filter).max(MAX_CONDITIONS),
      }),
      condition,
    ]),
  );
  return filter;
}

export const comparatorSchema = z.strictObject({
  property: z.string().max(64),
  isAscending: z.boolean().optional(),
  collation: z.string().max(64).optional(),
});

/** Conditions never have an `operator` property (their schemas are strict objects). */
/** A Foo/query's arguments, with the type's filter (filterSchema) and sort. */
export function queryArgumentsOf<Filter extends z.ZodType, Sort extends z.ZodType>(
  filter: Filter,
  sort: Sort,
) {
  const signedInt = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
  return z.strictObject({
    accountId: jmapId,
    filter: filter.nullable().optional(),
    sort: sort.nullable().optional(),
    position: signedInt.optional(),
    anchor: jmapId.nullable().optional(),
    anchorOffset: signedInt.optional(),
    limit: unsignedInt.nullable().optional(),
    calculateTotal: z.boolean().optional(),
  });
}

/** A Foo/queryChanges's arguments, with the type's filter and sort. */
export function queryChangesArgumentsOf<Filter extends z.ZodType, Sort extends z.ZodType>(
  filter: Filter,
  sort: Sort,
) {
  return z.strictObject({
    accountId: jmapId,
    filter: filter.nullable().optional(),
    sort: sort.nullable().optional(),
    sinceQueryState: z.string().max(64),
    maxChanges: unsignedInt.nullable().optional(),
    upToId: jmapId.nullable().optional(),
    calculateTotal: z.boolean().optional(),
  });
}

function isOperator<Condition>(filter: Filter<Condition>): filter is FilterOperator<Condition> {
  return typeof filter === 'object' && filter !== null && 'operator' in filter;
}

/** invalidArguments when the tree nests deeper than MAX_FILTER_DEPTH. */
export function checkFilterDepth<Condition>(filter: Filter<Condition>, depth = 0): void {
  if (depth > MAX_FILTER_DEPTH) throw invalidArguments(`filters nest at most ${MAX_FILTER_DEPTH} deep`);
  if (isOperator(filter)) for (const part of filter.conditions) checkFilterDepth(part, depth + 1);
}

export function matchesFilter<Condition>(
  filter: Filter<Condition>,
  matches: (condition: Condition) => boolean,
): boolean {
  if (!isOperator(filter)) return matches(filter);
  const results = filter.conditions.map((part) => matchesFilter(part, matches));
  if (filter.operator === 'AND') return results.every(Boolean);
  if (filter.operator === 'OR') return results.some(Boolean);
  return !results.some(Boolean);
}

/** One comparison of the sort list; unsupportedSort for a property not in `known`. */
export function comparatorOf<T, Property extends string>(
  sort: readonly z.output<typeof comparatorSchema>[],
  known: Readonly<Record<Property, (a: T, b: T) => number>>,
  what: string,
): (a: T, b: T) => number {
  const criteria = sort.map((comparator) => {
    if (!Object.hasOwn(known, comparator.property))
      throw new MethodError('unsupportedSort', `cannot sort ${what} by ${comparator.property}`);
    const compare = known[comparator.property as Property];
    return { compare, direction: comparator.isAscending === false ? -1 : 1 };
  });
  return (a, b) => {
    for (const { compare, direction } of criteria) {
      const order = compare(a, b);
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}
