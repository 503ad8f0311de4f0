// The rows of a message list, fetched by page as the virtual window reaches them: one JMAP request per page,
// Email/query (newest first, the total) with Email/get of what a row shows by back-reference, and for a
// search SearchSnippet/get of the same ids, so matches are highlighted.

import type { JmapEmail } from '@vercors/contract';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';

export const PAGE_SIZE = 50;

export const ROW_PROPERTIES = [
  'threadId',
  'mailboxIds',
  'keywords',
  'from',
  'subject',
  'receivedAt',
  'preview',
  'hasAttachment',
] as const;

/** A search match's subject and excerpt: HTML-escaped text with the words marked `<mark>` (docs/jmap.md). */
export interface Snippet {
  readonly subject: string | null;
  readonly preview: string | null;
}

export type MessageRow = Pick<JmapEmail, 'id' | (typeof ROW_PROPERTIES)[number]> & {
  readonly snippet?: Snippet;
};

/** What a list shows: a folder's conversations, or the emails a search finds. */
export interface ListQuery {
  /** Changes whenever the query does (a new list, from the top). */
  readonly key: string;
  readonly filter: Readonly<Record<string, unknown>>;
  readonly collapseThreads: boolean;
  readonly isSearch: boolean;
}

export function folderQuery(mailboxId: string): ListQuery {
  return {
    key: `folder:${mailboxId}`,
    filter: { inMailbox: mailboxId },
    collapseThreads: true,
    isSearch: false,
  };
}

export interface MessagePage {
  readonly rows: readonly MessageRow[];
  readonly total: number;
  /** The query state, for Email/queryChanges when push says the list changed. */
  readonly queryState: string;
}

export async function fetchMessagePage(
  client: JmapClient,
  query: ListQuery,
  page: number,
): Promise<MessagePage> {
  const { accountId } = client;
  const results = await client.call([
    [
      'Email/query',
      {
        accountId,
        filter: query.filter,
        sort: [{ property: 'receivedAt', isAscending: false }],
        collapseThreads: query.collapseThreads,
        position: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        calculateTotal: true,
      },
      'q',
    ],
    ['Email/get', { accountId, '#ids': ref('q', 'Email/query', '/ids'), properties: ROW_PROPERTIES }, 'g'],
    ...(query.isSearch
      ? [
          [
            'SearchSnippet/get',
            { accountId, filter: query.filter, '#emailIds': ref('q', 'Email/query', '/ids') },
            's',
          ] as const,
        ]
      : []),
  ]);
  const found = results.get('q') as { ids: string[]; total: number; queryState: string };
  const got = results.get('g') as { list: MessageRow[] };
  const snippets = new Map(
    ((results.get('s') as { list?: (Snippet & { emailId: string })[] } | undefined)?.list ?? []).map(
      (snippet) => [snippet.emailId, snippet],
    ),
  );
  const byId = new Map(got.list.map((row) => [row.id, row]));
  // In the query's order; an email destroyed between the two calls is simply missing.
  const rows = found.ids.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const snippet = snippets.get(id);
    return [
      snippet === undefined
        ? row
        : { ...row, snippet: { subject: snippet.subject, preview: snippet.preview } },
    ];
  });
  return { rows, total: found.total, queryState: found.queryState };
}
