// The rows of a folder's message list, fetched by page as the virtual window reaches them: one JMAP request
// per page, Email/query (newest first, one row per conversation, the total) with Email/get of what a row
// shows by back-reference. A page asked for twice is fetched once.

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

export type MessageRow = Pick<JmapEmail, 'id' | (typeof ROW_PROPERTIES)[number]>;

export interface MessagePage {
  readonly rows: readonly MessageRow[];
  readonly total: number;
  /** The query state, for Email/queryChanges when push says the folder changed. */
  readonly queryState: string;
}

export async function fetchMessagePage(
  client: JmapClient,
  mailboxId: string,
  page: number,
): Promise<MessagePage> {
  const results = await client.call([
    [
      'Email/query',
      {
        accountId: client.accountId,
        filter: { inMailbox: mailboxId },
        sort: [{ property: 'receivedAt', isAscending: false }],
        collapseThreads: true,
        position: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        calculateTotal: true,
      },
      'q',
    ],
    [
      'Email/get',
      { accountId: client.accountId, '#ids': ref('q', 'Email/query', '/ids'), properties: ROW_PROPERTIES },
      'g',
    ],
  ]);
  const query = results.get('q') as { ids: string[]; total: number; queryState: string };
  const got = results.get('g') as { list: MessageRow[] };
  const byId = new Map(got.list.map((row) => [row.id, row]));
  // In the query's order; an email destroyed between the two calls is simply missing.
  const rows = query.ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [row];
  });
  return { rows, total: query.total, queryState: query.queryState };
}
