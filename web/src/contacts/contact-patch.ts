// The ContactCard/set update (a PatchObject, RFC 8620 §5.3) that takes a card from what its form showed to what
// the form holds now, touching only what changed: an edited address becomes `emails/e2/address`, a removed
// phone `phones/p1: null`, a new one `phones/p3: {…}`. Everything the form does not show — photos, other
// name parts, an address's region, a second organisation, labels, preferences, unknown properties — is left to
// the server untouched (it patches the stored vCard the same way: docs/jmap.md "Contacts"). A map the card
// lacks is written whole, as a path into a missing object is invalidPatch; one path never sits inside another.

import type { JsNameComponent } from '@vercors/contract';
import { type CardView, firstEntry } from './card-display.ts';
import {
  addressComponents,
  type ContactForm,
  emailContexts,
  type EmailField,
  filledEmails,
  filledPhones,
  fullNameOf,
  newAddress,
  newEmail,
  newPhone,
  type PhoneField,
  phoneShape,
} from './contact-form.ts';

export type CardPatch = Record<string, unknown>;

/** RFC 6901: `~` and `/` in a key are escaped in a patch path. */
export function pointer(...segments: readonly string[]): string {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** The patch from `before` (the form as opened on `card`) to `after`; empty when nothing changed. */
export function cardPatch(card: CardView, before: ContactForm, after: ContactForm): CardPatch {
  return {
    ...namePatch(card, before, after),
    ...entriesPatch(
      'emails',
      'e',
      card.emails,
      filledEmails(before),
      filledEmails(after),
      newEmail,
      (id, was, now) => ({
        ...(was.address !== now.address && { [pointer('emails', id, 'address')]: now.address }),
        ...(was.context !== now.context && {
          [pointer('emails', id, 'contexts')]: emailContexts(now.context) ?? null,
        }),
      }),
    ),
    ...entriesPatch(
      'phones',
      'p',
      card.phones,
      filledPhones(before),
      filledPhones(after),
      newPhone,
      (id, was, now) => {
        if (was.kind === now.kind && was.number === now.number) return {};
        const shape = phoneShape(now.kind);
        return {
          ...(was.number !== now.number && { [pointer('phones', id, 'number')]: now.number }),
          ...(was.kind !== now.kind && {
            [pointer('phones', id, 'features')]: shape.features ?? null,
            [pointer('phones', id, 'contexts')]: shape.contexts ?? null,
          }),
        };
      },
    ),
    ...singleTextPatch('organizations', 'o', card.organizations, before.organization, after.organization, {
      field: 'name',
      entry: (name) => ({ name }),
    }),
    ...singleTextPatch('titles', 't', card.titles, before.title, after.title, {
      field: 'name',
      entry: (name) => ({ name, kind: 'title' }),
    }),
    ...singleTextPatch('notes', 'n', card.notes, before.note, after.note, {
      field: 'note',
      entry: (note) => ({ note }),
    }),
    ...addressPatch(card, before, after),
  };
}

function namePatch(card: CardView, before: ContactForm, after: ContactForm): CardPatch {
  if (after.kind !== 'individual') {
    const name = after.name.trim();
    if (name === before.name.trim()) return {};
    if (card.name === undefined) return name === '' ? {} : { name: { full: name } };
    return { [pointer('name', 'full')]: name === '' ? null : name };
  }
  if (after.given.trim() === before.given.trim() && after.surname.trim() === before.surname.trim()) return {};
  // The other parts (title, middle name, credentials) keep their places; given and surname are the form's.
  const order: readonly JsNameComponent['kind'][] = [
    'title',
    'given',
    'given2',
    'surname',
    'surname2',
    'credential',
    'generation',
  ];
  const existing = card.name?.components ?? [];
  const components = order.flatMap((kind): JsNameComponent[] => {
    if (kind === 'given' || kind === 'surname') {
      const value = (kind === 'given' ? after.given : after.surname).trim();
      return value === '' ? [] : [{ kind, value }];
    }
    return existing.filter((component) => component.kind === kind);
  });
  const full = fullNameOf(after);
  if (card.name === undefined) {
    if (components.length === 0 && full === '') return {};
    return { name: { ...(components.length > 0 && { components }), ...(full !== '' && { full }) } };
  }
  if (components.length === 0 && full === '') return { name: null };
  return {
    [pointer('name', 'components')]: components.length === 0 ? null : components,
    [pointer('name', 'full')]: full === '' ? null : full,
  };
}

/**
 * A map the form lists entry by entry (e-mails, phones): entries gone are removed, changed ones patched field by
 * field, new ones added under ids the card does not use yet.
 */
function entriesPatch<Field extends EmailField | PhoneField>(
  property: 'emails' | 'phones',
  prefix: string,
  map: Readonly<Record<string, unknown>> | undefined,
  before: readonly Field[],
  after: readonly Field[],
  create: (field: Field) => Record<string, unknown>,
  change: (id: string, was: Field, now: Field) => CardPatch,
): CardPatch {
  const existing = Object.keys(map ?? {});
  const fresh = freshIds(prefix, existing);
  if (existing.length === 0) {
    if (after.length === 0) return {};
    return { [property]: Object.fromEntries(after.map((field) => [fresh(), create(field)])) };
  }
  const kept = new Set(after.map((field) => field.id).filter((id) => id !== null));
  // Entries the form never showed (blank on the card) stay; only those it showed and lost go.
  const shown = new Set(before.map((field) => field.id).filter((id) => id !== null));
  const removed = existing.filter((id) => shown.has(id) && !kept.has(id));
  if (removed.length === existing.length && after.length === 0) return { [property]: null };
  const patch: CardPatch = {};
  for (const id of removed) patch[pointer(property, id)] = null;
  for (const field of after) {
    if (field.id === null || !existing.includes(field.id)) {
      patch[pointer(property, fresh())] = create(field);
      continue;
    }
    const was = before.find((candidate) => candidate.id === field.id);
    if (was === undefined) patch[pointer(property, field.id)] = create(field);
    else Object.assign(patch, change(field.id, was, field));
  }
  return patch;
}

/** Ids `e1`, `e2`… that the card does not use, in order. */
function freshIds(prefix: string, taken: readonly string[]): () => string {
  const used = new Set(taken);
  let next = 1;
  return () => {
    while (used.has(`${prefix}${next}`)) next += 1;
    const id = `${prefix}${next}`;
    used.add(id);
    return id;
  };
}

/** A map whose first entry's one text field the form edits (organisation, title, note). */
function singleTextPatch(
  property: 'organizations' | 'titles' | 'notes',
  prefix: string,
  map: Readonly<Record<string, object>> | undefined,
  before: string,
  after: string,
  shape: { field: string; entry: (value: string) => Record<string, unknown> },
): CardPatch {
  const value = after.trim();
  if (value === before.trim()) return {};
  const first = firstEntry(map);
  if (first === undefined) return value === '' ? {} : { [property]: { [`${prefix}1`]: shape.entry(value) } };
  const [id] = first;
  if (value !== '') return { [pointer(property, id, shape.field)]: value };
  // Emptied: the entry goes (the whole map when it was the only one).
  return Object.keys(map ?? {}).length === 1 ? { [property]: null } : { [pointer(property, id)]: null };
}

function addressPatch(card: CardView, before: ContactForm, after: ContactForm): CardPatch {
  const fields = ['street', 'postcode', 'locality', 'country'] as const;
  if (fields.every((field) => before[field].trim() === after[field].trim())) return {};
  const first = firstEntry(card.addresses);
  if (first === undefined) {
    const address = newAddress(after);
    return address === undefined ? {} : { addresses: { a1: address } };
  }
  const [id, address] = first;
  const components = addressComponents(address.components ?? [], after);
  if (components.length === 0)
    return Object.keys(card.addresses ?? {}).length === 1
      ? { addresses: null }
      : { [pointer('addresses', id)]: null };
  return {
    [pointer('addresses', id, 'components')]: components,
    // The printed label was made from the old parts: it would now say something else.
    ...(address.full !== undefined && { [pointer('addresses', id, 'full')]: null }),
  };
}
