// Foo/get (RFC 8620 §5.1) for a type the account holds few of, read whole: the objects among `ids` (all of
// them when null), each with the chosen properties, and the ids not found.

import { pick } from './arguments.ts';

export function getFromList(
  objects: readonly { readonly id: string }[],
  ids: readonly string[] | null | undefined,
  properties: readonly string[],
): { list: Record<string, unknown>[]; notFound: string[] } {
  const byId = new Map(objects.map((object) => [object.id, object as Readonly<Record<string, unknown>>]));
  const list: Record<string, unknown>[] = [];
  const notFound: string[] = [];
  for (const id of new Set(ids ?? objects.map((object) => object.id))) {
    const object = byId.get(id);
    if (object === undefined) notFound.push(id);
    else list.push(pick(object, properties));
  }
  return { list, notFound };
}
