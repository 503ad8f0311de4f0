// ContactCard/query (RFC 9610 §3.3, §3.4): filters on inAddressBook, uid, hasMember, kind, created/updated
// before/after, and text, name, name/given, name/surname, email, phone, organization, note — each a substring,
// accents and case aside, as the search index folds — nested with AND/OR/NOT; sorts by created, updated,
// name/given, name/surname, then by creation. The account's cards are read and matched in memory; the vCard
// of a card is read only when a condition needs more than the store's columns.

import { z } from 'zod';
import type { ContactCard } from '#domain/contacts';
import { compareNames, foldForSearch } from '#domain/mail';
import { vcardToJscontact, type JsCard } from '#formats/jscontact';
import { JMAP_CORE_LIMITS } from '../../jmap-limits.ts';
import { defineMethod } from '../../method-context.ts';
import { requireAccount } from '../../standard/arguments.ts';
import {
  checkFilterDepth,
  comparatorOf,
  comparatorSchema,
  filterSchema,
  matchesFilter,
  queryArgumentsOf,
  type Filter,
} from '../../standard/query-filter.ts';
import { windowOf } from '../../standard/query-window.ts';
import { CONTACTS, contactsState } from '../contacts-changes.ts';

const text = z.string().max(1024);
const utc = z.iso.datetime({ offset: false });
const condition = z.strictObject({
  inAddressBook: z.string().max(256).optional(),
  uid: z.string().max(256).optional(),
  hasMember: z.string().max(256).optional(),
  kind: z.string().max(64).optional(),
  createdBefore: utc.optional(),
  createdAfter: utc.optional(),
  updatedBefore: utc.optional(),
  updatedAfter: utc.optional(),
  text: text.optional(),
  name: text.optional(),
  'name/given': text.optional(),
  'name/surname': text.optional(),
  email: text.optional(),
  phone: text.optional(),
  organization: text.optional(),
  note: text.optional(),
});
type Condition = z.infer<typeof condition>;

export const cardFilter = filterSchema(condition);
export const cardSort = z.array(comparatorSchema).max(8);

const SORTS = {
  created: (a: ContactCard, b: ContactCard) => a.createdAt.getTime() - b.createdAt.getTime(),
  updated: (a: ContactCard, b: ContactCard) => a.updatedAt.getTime() - b.updatedAt.getTime(),
  'name/given': (a: ContactCard, b: ContactCard) => compareNames(a.givenName, b.givenName),
  'name/surname': (a: ContactCard, b: ContactCard) => compareNames(a.familyName, b.familyName),
};

/** The list order every sort ends with: creation, then id. */
function creationOrder(a: ContactCard, b: ContactCard): number {
  return SORTS.created(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export const contactCardQuery = defineMethod({
  capability: CONTACTS,
  schema: queryArgumentsOf(cardFilter, cardSort),
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const queryState = await contactsState('ContactCard', context);
    const cards = await context.services.contactsJmap.accountCards({ accountId }, accountId);
    const ids = await cardQueryIds(cards, args.filter ?? undefined, args.sort ?? []);
    return {
      accountId,
      queryState,
      canCalculateChanges: true,
      ...windowOf(ids, args, JMAP_CORE_LIMITS.maxObjectsInGet),
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
    };
  },
});

/** Cards matched between two yields to the event loop: a book of 20,000 cards never holds it for long. */
const MATCH_SLICE = 256;

/** The ids of the cards that match, in the order asked. */
export async function cardQueryIds(
  cards: readonly ContactCard[],
  filter: Filter<Condition> | undefined,
  sort: readonly z.output<typeof comparatorSchema>[],
): Promise<string[]> {
  if (filter !== undefined) checkFilterDepth(filter);
  const compare = comparatorOf(sort, SORTS, 'contact cards');
  const matching: ContactCard[] = [];
  for (const [index, card] of cards.entries()) {
    if (index > 0 && index % MATCH_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    if (filter === undefined || matchesFilter(filter, matchesCard(card))) matching.push(card);
  }
  return matching.sort((a, b) => compare(a, b) || creationOrder(a, b)).map((card) => card.id);
}

/** An organisation card: the store's kind column knows individuals and groups only. */
const ORG_KIND = /^(?:[A-Za-z0-9-]+\.)?(?:X-ADDRESSBOOKSERVER-)?KIND:[ \t]*org[ \t]*\r?$/im;

const contains = (values: readonly string[], wanted: string) => {
  const folded = foldForSearch(wanted);
  return values.some((value) => foldForSearch(value).includes(folded));
};

/** A condition's test against one card; its JSContact form is read once, when a condition first needs it. */
function matchesCard(card: ContactCard): (condition: Condition) => boolean {
  let js: JsCard | undefined;
  const full = () => {
    if (js === undefined) {
      try {
        js = vcardToJscontact(card.vcard);
      } catch {
        js = { '@type': 'Card', version: '1.0', uid: card.uid, kind: card.kind };
      }
    }
    return js;
  };
  const components = (...kinds: string[]) =>
    (full().name?.components ?? []).filter((c) => kinds.includes(c.kind)).map((c) => c.value);
  const nameTexts = () => [
    card.fullName,
    full().name?.full ?? '',
    ...components('title', 'given', 'given2', 'surname', 'surname2', 'credential', 'generation'),
  ];
  const values = <T>(map: Readonly<Record<string, T>> | undefined, pick: (value: T) => readonly string[]) =>
    Object.values(map ?? {}).flatMap(pick);
  const organizations = () => [
    card.organization,
    ...values(full().organizations, (o) => [o.name ?? '', ...(o.units ?? []).map((u) => u.name)]),
  ];
  const notes = () => values(full().notes, (n) => [n.note]);
  const time = (value: string) => new Date(value).getTime();
  // The card's text, unfolded and unescaped, folded: what it does not hold, no property of it can, so most
  // cards are ruled out without parsing their vCard.
  let raw: string | undefined;
  const rawHas = (wanted: string) => {
    raw ??= foldForSearch(
      card.vcard
        .replace(/\r?\n[ \t]/g, '')
        .replace(/\\[nN]/g, ' ')
        .replace(/\\([,;\\])/g, '$1'),
    );
    return raw.includes(foldForSearch(wanted));
  };
  /** The store's columns first (cheap), then the raw text, then the parsed card. */
  const matchesText = (wanted: string, columns: readonly string[], parsed: () => readonly string[]) =>
    contains(columns, wanted) || (rawHas(wanted) && contains(parsed(), wanted));
  const kind = card.kind === 'group' ? 'group' : ORG_KIND.test(card.vcard) ? 'org' : 'individual';
  return (c) => {
    if (c.inAddressBook !== undefined && card.addressBookId !== c.inAddressBook) return false;
    if (c.uid !== undefined && card.uid !== c.uid) return false;
    if (c.hasMember !== undefined && !card.members.includes(c.hasMember)) return false;
    if (c.kind !== undefined && kind !== c.kind) return false;
    if (c.createdBefore !== undefined && !(card.createdAt.getTime() < time(c.createdBefore))) return false;
    if (c.createdAfter !== undefined && !(card.createdAt.getTime() >= time(c.createdAfter))) return false;
    if (c.updatedBefore !== undefined && !(card.updatedAt.getTime() < time(c.updatedBefore))) return false;
    if (c.updatedAfter !== undefined && !(card.updatedAt.getTime() >= time(c.updatedAfter))) return false;
    if (c.name !== undefined && !matchesText(c.name, [card.fullName], nameTexts)) return false;
    const given = c['name/given'];
    if (given !== undefined && !matchesText(given, [], () => components('given', 'given2'))) return false;
    const surname = c['name/surname'];
    if (surname !== undefined && !matchesText(surname, [], () => components('surname', 'surname2')))
      return false;
    if (c.email !== undefined && !contains(card.emails, c.email)) return false;
    if (c.phone !== undefined && !contains(card.phones, c.phone)) return false;
    if (c.organization !== undefined && !matchesText(c.organization, [card.organization], organizations))
      return false;
    if (c.note !== undefined && !matchesText(c.note, [], notes)) return false;
    if (c.text !== undefined) {
      const texts = () => {
        const js = full();
        return [
          ...nameTexts(),
          ...card.emails,
          ...card.phones,
          ...organizations(),
          ...notes(),
          ...values(js.nicknames, (n) => [n.name]),
          ...values(js.titles, (t) => [t.name]),
          ...values(js.addresses, (a) => [a.full ?? '', ...(a.components ?? []).map((part) => part.value)]),
          ...values(js.onlineServices, (s) => [s.uri]),
          ...values(js.links, (l) => [l.uri]),
        ];
      };
      const cheap = [
        card.fullName,
        card.givenName,
        card.familyName,
        card.organization,
        ...card.emails,
        ...card.phones,
      ];
      if (!matchesText(c.text, cheap, texts)) return false;
    }
    return true;
  };
}
