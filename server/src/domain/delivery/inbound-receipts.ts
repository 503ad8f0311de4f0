// Receipts of stored recipient copies, so a retried message is not stored twice for a recipient who already
// has it (docs/decisions/0006-inbound-delivery-replies.md). The key is a hash of what the sender sends again
// on a retry: reverse path, recipient and message bytes; our own trace headers are not part of it.

import { createHash } from 'node:crypto';
import type { Database, WriteTransaction } from '#store';

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
  const db = database.db.withTables<ReceiptTables>();
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
    const rows = await db
      .selectFrom('inbound_receipts')
      .select(['delivery_key', 'account_id', 'email_id'])
      .where('delivery_key', 'in', keys.slice(start, start + LOOKUP_CHUNK))
      .execute();
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
  const db = tx.db.withTables<ReceiptTables>();
  for (let start = 0; start < receipts.length; start += LOOKUP_CHUNK) {
    const rows = receipts.slice(start, start + LOOKUP_CHUNK).map((receipt) => ({
      delivery_key: receipt.key,
      account_id: receipt.accountId,
      email_id: receipt.emailId,
      created_at: nowMs,
    }));
    // Two concurrent retries of one message may both store and record: the second receipt is the same fact.
    await db
      .insertInto('inbound_receipts')
      .values(rows)
      .onConflict((conflict) => conflict.column('delivery_key').doNothing())
      .execute();
  }
}

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
