// The header copies of a mailbox's messages (membership_headers, migration 25) for IMAP's header FETCH of a
// range: size, arrival and header cache by UID.
// On SQLite the rows of a chunk come back as one row of aggregates: node:sqlite makes every BLOB it returns an
// ArrayBuffer of its own (about 1 µs each, then garbage), which was most of the query's cost. The chunk's
// caches are concatenated into one BLOB and cut into views here, beside lists of UIDs, sizes, arrival times and
// lengths; all the aggregates of a query see its rows in the same order, so the lists line up whatever that
// order is. 1,000 copies of bench:imap's messages: 1.3–1.5 ms as rows, about 0.6 ms this way.
// A chunk whose UIDs lie close together is read as a UID range rather than an IN list of them. Lengths are
// taken of the value as a BLOB, so that they count octets even for a value SQLite holds as TEXT.

import { sql } from 'kysely';
import { prepareQuery } from '#store';
import type { MailContext } from './mail-context.ts';
import { inChunks } from './mail-limits.ts';

export interface HeaderCopy {
  readonly size: number;
  readonly receivedAt: number;
  readonly headerCache: Uint8Array;
}

/** A chunk spanning at most this many UIDs per UID asked is read as a range: gaps (expunged UIDs) are cheap. */
const RANGE_SPAN_PER_UID = 2;

interface Aggregates {
  readonly uids: string | null;
  readonly sizes: string | null;
  readonly times: string | null;
  readonly lengths: string | null;
  readonly caches: Uint8Array | null;
}

const AGGREGATES = sql`select group_concat(h.uid, ',') as uids, group_concat(h.size, ',') as sizes,
  group_concat(h.received_at, ',') as times,
  group_concat(length(cast(h.header_cache as blob)), ',') as lengths,
  cast(group_concat(h.header_cache, '') as blob) as caches
  from membership_headers h join mailboxes b on b.id = h.mailbox_id`;

const aggregatesOfUids = prepareQuery(
  (_db, p: { accountId: string; mailboxId: string; uids: readonly number[] }) =>
    sql<Aggregates>`${AGGREGATES} where b.account_id = ${p.accountId} and h.mailbox_id = ${p.mailboxId}
      and h.uid in (${sql.join(p.uids)})`,
);

const aggregatesOfRange = prepareQuery(
  (_db, p: { accountId: string; mailboxId: string; first: number; last: number }) =>
    sql<Aggregates>`${AGGREGATES} where b.account_id = ${p.accountId} and h.mailbox_id = ${p.mailboxId}
      and h.uid >= ${p.first} and h.uid <= ${p.last}`,
);

const rowsOfUids = prepareQuery((db, p: { accountId: string; mailboxId: string; uids: readonly number[] }) =>
  db
    .selectFrom('membership_headers as h')
    .innerJoin('mailboxes as b', 'b.id', 'h.mailbox_id')
    .select(['h.uid', 'h.size', 'h.received_at', 'h.header_cache'])
    .where('b.account_id', '=', p.accountId)
    .where('h.mailbox_id', '=', p.mailboxId)
    .where('h.uid', 'in', p.uids),
);

/** The copies of the account's mailbox's messages among `uids`, by UID; a UID without one is left out. */
export async function headerCopiesOf(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  uids: readonly number[],
): Promise<Map<number, HeaderCopy>> {
  const copies = new Map<number, HeaderCopy>();
  const read = context.database.dialect.name === 'sqlite' ? addChunkAsAggregates : addChunkAsRows;
  for (const part of inChunks(uids)) await read(context, { accountId, mailboxId, uids: part }, copies);
  return copies;
}

interface Chunk {
  readonly accountId: string;
  readonly mailboxId: string;
  readonly uids: readonly number[];
}

async function addChunkAsRows(context: MailContext, chunk: Chunk, copies: Map<number, HeaderCopy>) {
  for (const row of await rowsOfUids.execute(context.database.db, chunk)) {
    copies.set(Number(row.uid), {
      size: Number(row.size),
      receivedAt: Number(row.received_at),
      headerCache: row.header_cache,
    });
  }
}

async function addChunkAsAggregates(context: MailContext, chunk: Chunk, copies: Map<number, HeaderCopy>) {
  const { db } = context.database;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const uid of chunk.uids) {
    first = Math.min(first, uid);
    last = Math.max(last, uid);
  }
  const { accountId, mailboxId } = chunk;
  if (last - first + 1 > RANGE_SPAN_PER_UID * chunk.uids.length) {
    addAggregates(copies, await aggregatesOfUids.executeTakeFirst(db, chunk), undefined);
    return;
  }
  const row = await aggregatesOfRange.executeTakeFirst(db, { accountId, mailboxId, first, last });
  // A range may hold UIDs nobody asked for.
  addAggregates(copies, row, new Set(chunk.uids));
}

function addAggregates(
  copies: Map<number, HeaderCopy>,
  row: Aggregates | undefined,
  asked: ReadonlySet<number> | undefined,
): void {
  if (row?.uids == null || row.caches === null) return;
  const uids = row.uids.split(',');
  const sizes = (row.sizes ?? '').split(',');
  const times = (row.times ?? '').split(',');
  const lengths = (row.lengths ?? '').split(',');
  if (sizes.length !== uids.length || times.length !== uids.length || lengths.length !== uids.length)
    throw new Error('membership_headers aggregates of different lengths');
  let offset = 0;
  for (let index = 0; index < uids.length; index++) {
    const uid = Number(uids[index]);
    const length = Number(lengths[index]);
    const end = offset + length;
    if (end > row.caches.length) throw new Error('membership_headers caches shorter than their lengths');
    if (asked === undefined || asked.has(uid)) {
      copies.set(uid, {
        size: Number(sizes[index]),
        receivedAt: Number(times[index]),
        headerCache: row.caches.subarray(offset, end),
      });
    }
    offset = end;
  }
}
