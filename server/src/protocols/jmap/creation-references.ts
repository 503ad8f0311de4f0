// `#creationId` in place of an id (RFC 8620 §5.3): an object created earlier in the request may be named by
// its creation id in the id lists and maps of later calls. Resolved here for the arguments that list
// objects (`ids`, `emailIds`, `destroy`, and the keys of `update`); mailboxIds and parentId resolve in
// their methods. An unknown creation id is left as written, and the method's id check refuses it.

const ID_LISTS = ['ids', 'emailIds', 'destroy'] as const;

export function resolveCreationReferences(
  args: Record<string, unknown>,
  createdIds: ReadonlyMap<string, string>,
): Record<string, unknown> {
  if (createdIds.size === 0) return args;
  const resolve = (id: unknown) =>
    typeof id === 'string' && id.startsWith('#') ? (createdIds.get(id.slice(1)) ?? id) : id;
  const resolved = { ...args };
  for (const name of ID_LISTS) {
    const list = resolved[name];
    if (Array.isArray(list)) resolved[name] = list.map(resolve);
  }
  const update = resolved.update;
  if (typeof update === 'object' && update !== null && !Array.isArray(update))
    resolved.update = Object.fromEntries(Object.entries(update).map(([id, patch]) => [resolve(id), patch]));
  return resolved;
}
