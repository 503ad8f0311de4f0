// Contact groups (JSContact `kind: "group"`, RFC 9553 §2.1.6): members are named by their cards' UIDs. The
// patches that add and remove members touch `members/<uid>` only (a phone adding someone meanwhile keeps its
// change), the map is written whole when the group has none, and emptied it goes (the server stores MEMBER
// lines: an empty map is no member at all). Writing to a group goes to each member's preferred address.

import type { JmapContactCard } from '@vercors/contract';
import { type CardView, displayName, primaryEmail } from './card-display.ts';
import type { CardPatch } from './contact-patch.ts';
import { pointer } from './contact-patch.ts';

/** A JMAP filter condition holds at most this many conditions (server's bound, docs/jmap.md "Contacts"). */
const MAX_CONDITIONS = 64;

export function memberUids(group: Pick<JmapContactCard, 'members'> | CardView): string[] {
  return Object.entries(group.members ?? {})
    .filter(([, isMember]) => isMember === true)
    .map(([uid]) => uid);
}

export function addMembersPatch(group: CardView, uids: readonly string[]): CardPatch {
  const current = new Set(memberUids(group));
  const adding = [...new Set(uids)].filter((uid) => !current.has(uid));
  if (adding.length === 0) return {};
  if (current.size === 0) return { members: Object.fromEntries(adding.map((uid) => [uid, true])) };
  return Object.fromEntries(adding.map((uid) => [pointer('members', uid), true]));
}

export function removeMembersPatch(group: CardView, uids: readonly string[]): CardPatch {
  const current = memberUids(group);
  const removing = new Set(uids.filter((uid) => current.includes(uid)));
  if (removing.size === 0) return {};
  if (removing.size === current.length) return { members: null };
  return Object.fromEntries([...removing].map((uid) => [pointer('members', uid), null]));
}

/** The ContactCard/set create object of a new group. */
export function newGroup(name: string, addressBookId: string, uids: readonly string[] = []): CardPatch {
  return {
    addressBookIds: { [addressBookId]: true },
    kind: 'group',
    name: { full: name.trim() },
    ...(uids.length > 0 && { members: Object.fromEntries(uids.map((uid) => [uid, true])) }),
  };
}

/**
 * ContactCard/query filters that find the cards of these UIDs, a few conditions each (the server's bound per
 * operator), in the book or anywhere in the account.
 */
export function memberFilters(uids: readonly string[]): Record<string, unknown>[] {
  const filters: Record<string, unknown>[] = [];
  for (let start = 0; start < uids.length; start += MAX_CONDITIONS)
    filters.push({
      operator: 'OR',
      conditions: uids.slice(start, start + MAX_CONDITIONS).map((uid) => ({ uid })),
    });
  return filters;
}

export interface Recipient {
  readonly name: string | null;
  readonly email: string;
}

/**
 * Whom "write to the group" addresses: each member with an address once (a member who is itself a group
 * brings its own members, one level down, as a mail app would expand it), and how many members have none.
 */
export function groupRecipients(
  group: CardView,
  cards: ReadonlyMap<string, CardView>,
): { recipients: Recipient[]; withoutEmail: number } {
  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  let withoutEmail = 0;
  const visit = (uid: string, depth: number) => {
    const card = cards.get(uid);
    if (card === undefined) {
      withoutEmail += 1;
      return;
    }
    if (card.kind === 'group') {
      if (depth < 1) for (const member of memberUids(card)) visit(member, depth + 1);
      return;
    }
    const email = primaryEmail(card);
    if (email === undefined) {
      withoutEmail += 1;
      return;
    }
    if (seen.has(email.toLowerCase())) return;
    seen.add(email.toLowerCase());
    const name = displayName(card);
    recipients.push({ name: name === '' || name === email ? null : name, email });
  };
  for (const uid of memberUids(group)) visit(uid, 0);
  return { recipients, withoutEmail };
}
