// Receipts of stored recipient copies, so a retried message is not stored twice for a recipient who already
// has it (docs/decisions/0006-inbound-delivery-replies.md). The key is a hash of what the sender sends again
// on a retry: reverse path, recipient and message bytes; our own trace headers are not part of it.

import { createHash } from 'node:crypto';
import { type Database, prepareQuery, type WriteTransaction } from '#store';

/** Senders retry for up to 5 days (RFC 5321 §4.5.4.1); a week covers that with room. */
export const RECEIPT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Keys looked up per query: well under both dialects' bound-parameter limits. */
const LOOKUP_CHUNK = 500;

interface InboundReceiptsTable {
  delivery_key: string;
  account_id: string;
  email_id: string;
  created_at: number;
}
type ReceiptTables = { inbound_receipts: InboundReceiptsTable };

export interface Receipt {
  readonly accountId: string;
  readonly emailId: string;
}

/** The delivery key of one recipient copy: hex SHA-256 over reverse path, recipient and bytes. */
export function deliveryKey(
  kind: 'inbox' | 'sent',
  mailFrom: string,
  recipient: string,
  raw: Uint8Array,
): string {
  return createHash('sha256')
    .update(`${kind}\u0000${mailFrom.toLowerCase()}\u0000${recipient.toLowerCase()}\u0000`)
    .update(raw)
    .digest('hex');
}

/** Receipts already recorded for `keys`. */
export async function findReceipts(
  database: Database,
  keys: readonly string[],
): Promise<Map<string, Receipt>> {
  const found = new Map<string, Receipt>();
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
    const rows = await receiptsOf.execute(database.db, { keys: keys.slice(start, start + LOOKUP_CHUNK) });
    for (const row of rows) found.set(row.delivery_key, { accountId: row.account_id, emailId: row.email_id });
  }
  return found;
}

/**
 * Record receipts in the transaction that stores the copies: a copy and its receipt commit together, so a
 * sender's retry after any crash finds either both or neither.
 */
export async function recordReceipts(
  tx: WriteTransaction,
  receipts: readonly (Receipt & { readonly key: string })[],
  nowMs: number,
): Promise<void> {
  for (let start = 0; start < receipts.length; start += LOOKUP_CHUNK) {
    const part = receipts.slice(start, start + LOOKUP_CHUNK);
    await insertReceipts.changes(tx.db, {
      keys: part.map((receipt) => receipt.key),
      accountIds: part.map((receipt) => receipt.accountId),
      emailIds: part.map((receipt) => receipt.emailId),
      now: nowMs,
    });
  }
}

// Prepared (store/prepared-query.ts): every delivered message runs both.
const receiptsOf = prepareQuery((db, p: { keys: readonly string[] }) =>
  db
    .withTables<ReceiptTables>()
    .selectFrom('inbound_receipts')
    .select(['delivery_key', 'account_id', 'email_id'])
    .where('delivery_key', 'in', p.keys),
);

// Two concurrent retries of one message may both store and record: the second receipt is the same fact.
const insertReceipts = prepareQuery(
  (
    db,
    p: {
      keys: readonly string[];
      accountIds: readonly string[];
      emailIds: readonly string[];
      now: number;
    },
  ) =>
    db
      .withTables<ReceiptTables>()
      .insertInto('inbound_receipts')
      .values(
        p.keys.map((key, index) => ({
          delivery_key: key,
          account_id: p.accountIds[index] as string,
          email_id: p.emailIds[index] as string,
          created_at: p.now,
        })),
      )
      .onConflict((conflict) => conflict.column('delivery_key').doNothing()),
);

/** Drop receipts older than the retention; returns how many went. For the clock-driven purge job. */
export async function pruneReceipts(database: Database, nowMs: number): Promise<number> {
  const result = await database.write(async (tx) =>
    tx.db
      .withTables<ReceiptTables>()
      .deleteFrom('inbound_receipts')
      .where('created_at', '<', nowMs - RECEIPT_RETENTION_MS)
      .executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}
