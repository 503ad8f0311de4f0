// The order the server lists signatures and reply templates in (docs/jmap.md "Vercors additions"): sortOrder,
// then name in French order with accents and case aside, then id; and the sortOrder changes that move one
// item up or down that list, which is how the screens reorder.

export interface Ordered {
  readonly id: string;
  readonly name: string;
  readonly sortOrder: number;
}

/** The largest sortOrder the server takes (2³¹−1). */
const MAX_SORT_ORDER = 2 ** 31 - 1;

export function compareListOrder(locale = 'fr'): (a: Ordered, b: Ordered) => number {
  const names = new Intl.Collator(locale, { sensitivity: 'base' });
  return (a, b) =>
    a.sortOrder - b.sortOrder || names.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortedByListOrder<T extends Ordered>(items: readonly T[], locale = 'fr'): T[] {
  return [...items].sort(compareListOrder(locale));
}

/**
 * The sortOrder updates that move the item at `index` of `sorted` (in list order) by `delta` places: the list
 * renumbered 0, 1, 2… in its new order, and only the items whose number changes. Empty when the move goes
 * past either end.
 */
export function movedSortOrders(
  sorted: readonly Ordered[],
  index: number,
  delta: -1 | 1,
): Record<string, { sortOrder: number }> {
  const target = index + delta;
  if (index < 0 || index >= sorted.length || target < 0 || target >= sorted.length) return {};
  const order = [...sorted];
  const [moved] = order.splice(index, 1);
  if (moved === undefined) return {};
  order.splice(target, 0, moved);
  const updates: Record<string, { sortOrder: number }> = {};
  order.forEach((item, position) => {
    const sortOrder = Math.min(position, MAX_SORT_ORDER);
    if (item.sortOrder !== sortOrder) updates[item.id] = { sortOrder };
  });
  return updates;
}

/** A sortOrder that puts a new item after every one of `items`. */
export function nextSortOrder(items: readonly Ordered[]): number {
  return Math.min(
    MAX_SORT_ORDER,
    items.reduce((highest, item) => Math.max(highest, item.sortOrder + 1), 0),
  );
}
