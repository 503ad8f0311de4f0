// The order of the things a user arranges in a menu (signatures, reply templates): sortOrder, then name as a
// French reader sorts it (accents and case aside, numbers by value), then id so the order never wavers.

export interface ListedItem {
  readonly id: string;
  readonly name: string;
  readonly sortOrder: number;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

export function listOrder(a: ListedItem, b: ListedItem): number {
  return (
    a.sortOrder - b.sortOrder || compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
