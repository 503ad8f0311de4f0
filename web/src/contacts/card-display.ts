// What the contacts screens show of a JSContact card (RFC 9553) in a list row or a heading: its name (the full
// name, else the name's parts, else its organisation or first address), and its addresses in preference order
// (pref 1 first, then those without pref, each in the card's order).

import type { JmapContactCard, JsEmailAddress } from '@vercors/contract';

/** A card as a list or a detail reads it: what ContactCard/get returned, perhaps without every property. */
export type CardView = Pick<JmapContactCard, 'id' | 'uid' | 'kind'> &
  Partial<Omit<JmapContactCard, 'id' | 'uid' | 'kind'>>;

/** The first entry of a JSContact map in the card's order (the ids e1, e2… keep it), or undefined. */
export function firstEntry<Value>(
  map: Readonly<Record<string, Value>> | undefined,
): [id: string, value: Value] | undefined {
  if (map === undefined) return undefined;
  const [entry] = Object.entries(map);
  return entry;
}

/** The name a person reads for the card; empty when it has none at all (the caller words "no name"). */
export function displayName(card: CardView): string {
  const full = card.name?.full?.trim() ?? '';
  if (full !== '') return full;
  const parts = (card.name?.components ?? [])
    .filter((component) => component.kind !== 'credential')
    .map((component) => component.value.trim())
    .filter((value) => value !== '');
  if (parts.length > 0) return parts.join(' ');
  const organization = firstEntry(card.organizations)?.[1].name?.trim() ?? '';
  if (organization !== '') return organization;
  return preferredEmails(card)[0]?.address ?? '';
}

/** The card's addresses, the preferred first (RFC 9553 §1.8.3: pref 1 is the most preferred). */
export function preferredEmails(card: CardView): (JsEmailAddress & { readonly id: string })[] {
  return Object.entries(card.emails ?? {})
    .map(([id, email], index) => ({ id, ...email, index }))
    .filter((email) => email.address.trim() !== '')
    .sort((a, b) => (a.pref ?? 101) - (b.pref ?? 101) || a.index - b.index)
    .map(({ index: _index, ...email }) => email);
}

/** The address mail to the card goes to, or undefined when it has none. */
export function primaryEmail(card: CardView): string | undefined {
  return preferredEmails(card)[0]?.address;
}

/** What a list row shows under the name: function and organisation, else the address. */
export function cardDetail(card: CardView): string {
  const title = firstEntry(card.titles)?.[1].name?.trim() ?? '';
  const organization = firstEntry(card.organizations)?.[1].name?.trim() ?? '';
  const detail = [title, organization]
    .filter((part) => part !== '' && part !== displayName(card))
    .join(' · ');
  return detail !== '' ? detail : (primaryEmail(card) ?? '');
}
