// `node bench/src/wal-pages.ts [messages per transaction]`: which b-trees a delivery's transaction writes on
// SQLite, and how many pages of each. Every page a transaction changes is one WAL frame (4 KiB plus its header,
// written at the commit and again by the checkpoint), so this is where a delivery's commit cost and disk writes
// come from. A fresh store gets one account and 300 of bench/imap's messages; then each round empties the WAL
// (a TRUNCATE checkpoint), imports the next messages in one transaction, and reads the page number of every
// frame in the WAL, named from SQLite's dbstat table.

import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { benchMessages } from './imap-bench-mail.ts';
import { openInboxImportStore } from './inbox-import-store.ts';

const WARM_MESSAGES = 300;
const ROUNDS = 20;
const PAGE_SIZE = 4096;
const FRAME_HEADER = 24;
const WAL_HEADER = 32;

const perTransaction = Number(process.argv[2] ?? 1);
if (!Number.isInteger(perTransaction) || perTransaction < 1 || perTransaction > 50)
  throw new Error('messages per transaction: an integer from 1 to 50');

const store = await openInboxImportStore();
const location = store.location;
const messages = benchMessages(WARM_MESSAGES + ROUNDS * perTransaction);
const importBatch = store.importBatch;
for (let start = 0; start < WARM_MESSAGES; start += 50) await importBatch(messages.slice(start, start + 50));

// A second connection: checkpoints and dbstat see the committed database, WAL included.
const side = new DatabaseSync(location.path);
const framesByTree = new Map<string, number>();
const framesPerRound: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    side.prepare('pragma wal_checkpoint(TRUNCATE)').get();
    const start = WARM_MESSAGES + round * perTransaction;
    await importBatch(messages.slice(start, start + perTransaction));
    const wal = readFileSync(`${location.path}-wal`);
    const pages: number[] = [];
    for (let at = WAL_HEADER; at + FRAME_HEADER <= wal.length; at += PAGE_SIZE + FRAME_HEADER)
      pages.push(wal.readUInt32BE(at));
    const treeOf = new Map<number, string>();
    const rows = side.prepare('select name, pageno, pagetype from dbstat').all() as {
      name: string;
      pageno: number;
      pagetype: string;
    }[];
    for (const row of rows) treeOf.set(row.pageno, `${row.name} (${row.pagetype})`);
    for (const page of pages) {
      const tree = treeOf.get(page) ?? '(free list or header)';
      framesByTree.set(tree, (framesByTree.get(tree) ?? 0) + 1);
    }
    framesPerRound.push(pages.length);
  }
} finally {
  side.close();
  await store.close();
}

const total = framesPerRound.reduce((sum, frames) => sum + frames, 0);
console.log(
  `WAL frames per transaction of ${perTransaction} message(s), ${ROUNDS} rounds after ${WARM_MESSAGES} messages: ` +
    `mean ${(total / ROUNDS).toFixed(1)}, per message ${(total / ROUNDS / perTransaction).toFixed(1)}, ` +
    `rounds ${framesPerRound.join(' ')}`,
);
for (const [tree, frames] of [...framesByTree].sort((a, b) => b[1] - a[1]))
  console.log(`${(frames / ROUNDS).toFixed(2).padStart(7)}  ${tree}`);
