// Mailbox/query (RFC 8621 §2.3): filters on parentId, name, role, hasAnyRole and isSubscribed, nested with
// AND/OR/NOT; sort by sortOrder or name; sortAsTree and filterAsTree. Mailboxes per account are few (a bounded
// number), so the query runs over the full list in memory. Mailbox/queryChanges is not offered
// (canCalculateChanges: false): clients query again.

import { z } from 'zod';
import type { Mailbox } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, MAIL, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { windowOf } from '../standard/query-window.ts';

const condition = z.strictObject({
  parentId: jmapId.nullable().optional(),
  name: z.string().max(1024).optional(),
  role: z.string().max(64).nullable().optional(),
  hasAnyRole: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
});
type Condition = z.infer<typeof condition>;
type Filter = Condition | { operator: 'AND' | 'OR' | 'NOT'; conditions: Filter[] };

const MAX_FILTER_DEPTH = 8;
const filter: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ operator: z.enum(['AND', 'OR', 'NOT']), conditions: z.array(filter).max(64) }),
    condition,
  ]),
);

const sortProperty = z.enum(['sortOrder', 'name']);
const comparator = z.strictObject({
  property: z.string().max(64),
  isAscending: z.boolean().optional(),
  collation: z.string().max(64).optional(),
});

const queryArguments = z.strictObject({
  accountId: jmapId,
  filter: filter.nullable().optional(),
  sort: z.array(comparator).max(8).nullable().optional(),
  position: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  anchor: jmapId.nullable().optional(),
  anchorOffset: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: unsignedInt.nullable().optional(),
  calculateTotal: z.boolean().optional(),
  sortAsTree: z.boolean().optional(),
  filterAsTree: z.boolean().optional(),
});

export const mailboxQuery = defineMethod({
  capability: MAIL,
  schema: queryArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const compare = comparatorOf(args.sort ?? []);
    const { mail } = context.services;
    const state = await mail.state(accountId, 'Mailbox');
    const mailboxes = await mail.listMailboxes(accountId);
    const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    const given = args.filter ?? undefined;
    if (given !== undefined) checkDepth(given, 0);

    const matches = (mailbox: Mailbox) => given === undefined || matchesFilter(mailbox, given);
    const isIncluded = (mailbox: Mailbox): boolean => {
      if (!matches(mailbox)) return false;
      if (args.filterAsTree !== true || mailbox.parentId === null) return true;
      const parent = byId.get(mailbox.parentId);
      return parent !== undefined && isIncluded(parent);
    };
    const included = mailboxes.filter(isIncluded);
    const ordered = args.sortAsTree === true ? treeOrder(included, compare) : [...included].sort(compare);
    const ids = ordered.map((mailbox) => mailbox.id);
    const window = windowOf(ids, args, JMAP_CORE_LIMITS.maxObjectsInGet);
    return {
      accountId,
      queryState: String(state),
      canCalculateChanges: false,
      ...window,
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
    };
  },
});

function checkDepth(given: Filter, depth: number): void {
  if (depth > MAX_FILTER_DEPTH) throw invalidArguments(`filters nest at most ${MAX_FILTER_DEPTH} deep`);
  if ('operator' in given) for (const part of given.conditions) checkDepth(part, depth + 1);
}

function matchesFilter(mailbox: Mailbox, given: Filter): boolean {
  if ('operator' in given) {
    const results = given.conditions.map((part) => matchesFilter(mailbox, part));
    if (given.operator === 'AND') return results.every(Boolean);
    if (given.operator === 'OR') return results.some(Boolean);
    return !results.some(Boolean);
  }
  if (given.parentId !== undefined && mailbox.parentId !== given.parentId) return false;
  if (given.name !== undefined && !foldName(mailbox.name).includes(foldName(given.name))) return false;
  if (given.role !== undefined && mailbox.role !== given.role) return false;
  if (given.hasAnyRole !== undefined && (mailbox.role !== null) !== given.hasAnyRole) return false;
  if (given.isSubscribed !== undefined && mailbox.isSubscribed !== given.isSubscribed) return false;
  return true;
}

/** i;unicode-casemap for `name` contains: case-insensitive, canonical equivalents equal. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function comparatorOf(
  sort: readonly { property: string; isAscending?: boolean | undefined }[],
): (a: Mailbox, b: Mailbox) => number {
  const criteria = sort.map((comparator) => {
    const parsed = sortProperty.safeParse(comparator.property);
    if (!parsed.success)
      throw new MethodError('unsupportedSort', `cannot sort mailboxes by ${comparator.property}`);
    return { property: parsed.data, direction: comparator.isAscending === false ? -1 : 1 };
  });
  return (a, b) => {
    for (const { property, direction } of criteria) {
      const order = property === 'name' ? collator.compare(a.name, b.name) : a.sortOrder - b.sortOrder;
      if (order !== 0) return order * direction;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Parents before their children, siblings in sort order (RFC 8621 §2.3 sortAsTree). */
function treeOrder(mailboxes: readonly Mailbox[], compare: (a: Mailbox, b: Mailbox) => number): Mailbox[] {
  const present = new Set(mailboxes.map((mailbox) => mailbox.id));
  const children = new Map<string | null, Mailbox[]>();
  for (const mailbox of mailboxes) {
    // A mailbox whose parent was filtered out is listed among the roots.
    const parent = mailbox.parentId !== null && present.has(mailbox.parentId) ? mailbox.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), mailbox]);
  }
  const ordered: Mailbox[] = [];
  const visit = (parent: string | null) => {
    for (const mailbox of (children.get(parent) ?? []).sort(compare)) {
      ordered.push(mailbox);
      visit(mailbox.id);
    }
  };
  visit(null);
  return ordered;
}
