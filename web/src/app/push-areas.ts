// Push (RFC 8620 §7.1): a StateChange names, per account, the types whose state moved. The shell keeps one
// EventSource for the whole app and turns each event into the areas to refresh, so a screen reloads only
// when something it shows changed.

export type PushArea = 'mail' | 'preferences' | 'contacts';

/** The types the shell asks the server to push, and the area each one refreshes. */
export const PUSHED_TYPES: Readonly<Record<string, PushArea>> = {
  Mailbox: 'mail',
  Email: 'mail',
  EmailSubmission: 'mail',
  Preferences: 'preferences',
  AddressBook: 'contacts',
  ContactCard: 'contacts',
};

/** The areas a StateChange event's data touches; anything unreadable refreshes everything. */
export function changedAreas(data: string): ReadonlySet<PushArea> {
  const all = new Set<PushArea>(Object.values(PUSHED_TYPES));
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return all;
  }
  const changed = (parsed as { changed?: unknown } | null)?.changed;
  if (typeof changed !== 'object' || changed === null) return all;
  const areas = new Set<PushArea>();
  for (const types of Object.values(changed)) {
    if (typeof types !== 'object' || types === null) continue;
    for (const type of Object.keys(types)) {
      const area = PUSHED_TYPES[type];
      if (area !== undefined) areas.add(area);
    }
  }
  return areas;
}
