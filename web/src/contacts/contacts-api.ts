// The JMAP calls the contacts screens make (RFC 9610 and the Vercors additions, docs/jmap.md): books, cards by
// query and by id, one card created, patched or destroyed at a time with its SetError turned into a
// CardSetError, and the vCard import and export. Every call goes through the app's one JMAP client.

import type { JmapAddressBook, JmapSetError } from '@vercors/contract';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';
import type { CardView } from './card-display.ts';
import type { CardPatch } from './contact-patch.ts';
import { memberFilters } from './group-members.ts';
import type { ImportReport } from './import-report.ts';

type Client = Pick<JmapClient, 'accountId' | 'call'>;

/** A card the server would not create, change or remove (RFC 8620 §5.3 SetError). */
export class CardSetError extends Error {
  readonly type: string;
  readonly properties: readonly string[];
  constructor(error: JmapSetError | undefined) {
    super(error?.description ?? error?.type ?? 'serverFail');
    this.name = 'CardSetError';
    this.type = error?.type ?? 'serverFail';
    this.properties = (error as { properties?: string[] } | undefined)?.properties ?? [];
  }
}

/** What a list row needs of a card. */
export const ROW_PROPERTIES = ['id', 'uid', 'kind', 'name', 'emails', 'organizations', 'titles'] as const;

export async function loadBooks(client: Client): Promise<JmapAddressBook[]> {
  const result = (
    await client.call([['AddressBook/get', { accountId: client.accountId, ids: null }, 'b']])
  ).get('b') as { list: JmapAddressBook[] };
  return [...result.list].sort((a, b) => a.sortOrder - b.sortOrder);
}

export async function getCards(
  client: Client,
  ids: readonly string[],
  properties?: readonly string[],
): Promise<CardView[]> {
  if (ids.length === 0) return [];
  const result = (
    await client.call([
      ['ContactCard/get', { accountId: client.accountId, ids, ...(properties && { properties }) }, 'g'],
    ])
  ).get('g') as { list: CardView[] };
  return result.list;
}

export interface CardQuery {
  readonly filter: Readonly<Record<string, unknown>>;
  readonly position?: number;
  readonly limit?: number;
}

/** People by surname then given name (a group or an organisation has neither: they come by creation). */
export const NAME_SORT = [
  { property: 'name/surname', isAscending: true },
  { property: 'name/given', isAscending: true },
];

export async function queryCards(
  client: Client,
  query: CardQuery,
): Promise<{ ids: string[]; total: number; queryState: string }> {
  const result = (
    await client.call([
      [
        'ContactCard/query',
        {
          accountId: client.accountId,
          filter: query.filter,
          sort: NAME_SORT,
          position: query.position ?? 0,
          ...(query.limit !== undefined && { limit: query.limit }),
          calculateTotal: true,
        },
        'q',
      ],
    ])
  ).get('q') as { ids: string[]; total: number; queryState: string };
  return result;
}

/** One page of a list: the query (with its total) and the rows' cards, in one request. */
export async function fetchCardPage(
  client: Client,
  filter: Readonly<Record<string, unknown>>,
  position: number,
  limit: number,
): Promise<{ cards: CardView[]; total: number }> {
  const { accountId } = client;
  const answers = await client.call([
    ['ContactCard/query', { accountId, filter, sort: NAME_SORT, position, limit, calculateTotal: true }, 'q'],
    [
      'ContactCard/get',
      { accountId, '#ids': ref('q', 'ContactCard/query', '/ids'), properties: ROW_PROPERTIES },
      'g',
    ],
  ]);
  const { ids, total } = answers.get('q') as { ids: string[]; total: number };
  const byId = new Map((answers.get('g') as { list: CardView[] }).list.map((card) => [card.id, card]));
  // In the query's order; a card removed between the two calls is left out.
  const cards = ids.flatMap((id) => byId.get(id) ?? []);
  return { cards, total };
}

/** Query filters asked per request: with their /get, within the server's 32 calls. */
const FILTERS_PER_REQUEST = 8;

/** The account's cards with these UIDs (a group's members), keyed by UID; the first found of a UID wins. */
export async function findCardsByUid(
  client: Client,
  uids: readonly string[],
): Promise<Map<string, CardView>> {
  const { accountId } = client;
  const found = new Map<string, CardView>();
  const filters = memberFilters(uids);
  for (let start = 0; start < filters.length; start += FILTERS_PER_REQUEST) {
    const batch = filters.slice(start, start + FILTERS_PER_REQUEST);
    const answers = await client.call(
      batch.flatMap((filter, index) => [
        ['ContactCard/query', { accountId, filter, limit: 256 }, `q${index}`] as const,
        [
          'ContactCard/get',
          {
            accountId,
            '#ids': ref(`q${index}`, 'ContactCard/query', '/ids'),
            properties: ROW_PROPERTIES,
          },
          `g${index}`,
        ] as const,
      ]),
    );
    batch.forEach((_, index) => {
      for (const card of (answers.get(`g${index}`) as { list: CardView[] }).list)
        if (!found.has(card.uid)) found.set(card.uid, card);
    });
  }
  return found;
}

export async function createCard(client: Client, card: Record<string, unknown>): Promise<string> {
  const result = (
    await client.call([['ContactCard/set', { accountId: client.accountId, create: { card } }, 's']])
  ).get('s') as {
    created?: Record<string, { id: string }> | null;
    notCreated?: Record<string, JmapSetError> | null;
  };
  const id = result.created?.card?.id;
  if (id === undefined) throw new CardSetError(result.notCreated?.card);
  return id;
}

export async function updateCard(client: Client, id: string, patch: CardPatch): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  const result = (
    await client.call([['ContactCard/set', { accountId: client.accountId, update: { [id]: patch } }, 's']])
  ).get('s') as { notUpdated?: Record<string, JmapSetError> | null };
  const failure = result.notUpdated?.[id];
  if (failure !== undefined) throw new CardSetError(failure);
}

export async function destroyCard(client: Client, id: string): Promise<void> {
  const result = (
    await client.call([['ContactCard/set', { accountId: client.accountId, destroy: [id] }, 's']])
  ).get('s') as { notDestroyed?: Record<string, JmapSetError> | null };
  const failure = result.notDestroyed?.[id];
  // Already gone (another device removed it): what was asked holds.
  if (failure !== undefined && failure.type !== 'notFound') throw new CardSetError(failure);
}

export async function importVcard(
  client: Client,
  addressBookId: string,
  blobId: string,
): Promise<ImportReport> {
  return (
    await client.call([
      ['ContactCard/importVCard', { accountId: client.accountId, addressBookId, blobId }, 'i'],
    ])
  ).get('i') as unknown as ImportReport;
}

export async function exportVcard(
  client: Client,
  addressBookId: string,
): Promise<{ blobId: string; type: string; size: number }> {
  return (
    await client.call([['ContactCard/exportVCard', { accountId: client.accountId, addressBookId }, 'e']])
  ).get('e') as { blobId: string; type: string; size: number };
}
