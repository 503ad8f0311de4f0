// Quota/query (RFC 9425 §4.3): filters on name (contains, case-insensitive), scope, resourceType and type
// (one of the quota's types), nested with AND/OR/NOT; sorts by name or used. An account has two quotas, so
// the query runs over them in memory. Quota/queryChanges can always answer (query-changes.ts).

import { z } from 'zod';
import type { JmapQuota } from '@vercors/contract';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { windowOf } from '../standard/query-window.ts';
import { jmapQuota, QUOTA } from './quota-object.ts';

const condition = z.strictObject({
  name: z.string().max(1024).optional(),
  scope: z.string().max(64).optional(),
  resourceType: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
});
type Condition = z.infer<typeof condition>;
type Filter = Condition | { operator: 'AND' | 'OR' | 'NOT'; conditions: Filter[] };

const MAX_FILTER_DEPTH = 8;
export const quotaFilter: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ operator: z.enum(['AND', 'OR', 'NOT']), conditions: z.array(quotaFilter).max(64) }),
    condition,
  ]),
);

export const quotaComparator = z.strictObject({
  property: z.string().max(64),
  isAscending: z.boolean().optional(),
  collation: z.string().max(64).optional(),
});
const sortProperty = z.enum(['name', 'used']);

const queryArguments = z.strictObject({
  accountId: jmapId,
  filter: quotaFilter.nullable().optional(),
  sort: z.array(quotaComparator).max(8).nullable().optional(),
  position: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  anchor: jmapId.nullable().optional(),
  anchorOffset: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: unsignedInt.nullable().optional(),
  calculateTotal: z.boolean().optional(),
});

export const quotaQuery = defineMethod({
  capability: QUOTA,
  schema: queryArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { state, resources } = await context.services.mail.quotaResources(accountId);
    const ids = quotaQueryIds(resources.map(jmapQuota), args.filter ?? undefined, args.sort ?? []);
    return {
      accountId,
      queryState: state,
      canCalculateChanges: true,
      ...windowOf(ids, args, JMAP_CORE_LIMITS.maxObjectsInGet),
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
    };
  },
});

/** The ids of the quotas that match, in the order asked (else as listed: octets, then count). */
export function quotaQueryIds(
  quotas: readonly JmapQuota[],
  filter: Filter | undefined,
  sort: readonly { property: string; isAscending?: boolean | undefined }[],
): string[] {
  if (filter !== undefined) checkDepth(filter, 0);
  const compare = comparatorOf(sort);
  const listed = quotas.map((quota) => quota.id);
  return quotas
    .filter((quota) => filter === undefined || matchesFilter(quota, filter))
    .sort((a, b) => compare(a, b) || listed.indexOf(a.id) - listed.indexOf(b.id))
    .map((quota) => quota.id);
}

function checkDepth(given: Filter, depth: number): void {
  if (depth > MAX_FILTER_DEPTH) throw invalidArguments(`filters nest at most ${MAX_FILTER_DEPTH} deep`);
  if ('operator' in given) for (const part of given.conditions) checkDepth(part, depth + 1);
}

function matchesFilter(quota: JmapQuota, given: Filter): boolean {
  if ('operator' in given) {
    const results = given.conditions.map((part) => matchesFilter(quota, part));
    if (given.operator === 'AND') return results.every(Boolean);
    if (given.operator === 'OR') return results.some(Boolean);
    return !results.some(Boolean);
  }
  if (given.name !== undefined && !fold(quota.name).includes(fold(given.name))) return false;
  if (given.scope !== undefined && quota.scope !== given.scope) return false;
  if (given.resourceType !== undefined && quota.resourceType !== given.resourceType) return false;
  if (given.type !== undefined && !quota.types.includes(given.type)) return false;
  return true;
}

/** i;unicode-casemap for `name` contains: case-insensitive, canonical equivalents equal. */
function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function comparatorOf(
  sort: readonly { property: string; isAscending?: boolean | undefined }[],
): (a: JmapQuota, b: JmapQuota) => number {
  const criteria = sort.map((comparator) => {
    const parsed = sortProperty.safeParse(comparator.property);
    if (!parsed.success)
      throw new MethodError('unsupportedSort', `cannot sort quotas by ${comparator.property}`);
    return { property: parsed.data, direction: comparator.isAscending === false ? -1 : 1 };
  });
  return (a, b) => {
    for (const { property, direction } of criteria) {
      const order = property === 'name' ? collator.compare(a.name, b.name) : a.used - b.used;
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}
