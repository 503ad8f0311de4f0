// `node bench/src/import-transaction-cost.ts [batch sizes] [messages per size]`: the CPU a durable import costs
// per message when its transactions hold 1, 3, 12… messages, in one process with no network
// (inbox-import-store.ts). Reading the figures as a fixed cost per transaction plus a cost per message tells what group commit can still save, and what a change to a transaction's fixed part
// (its statements, its WAL frames, its fsync) is worth, without bench:smtp's protocol, processes and noise.
// Each size runs twice, in turn, after 1,000 messages of warm-up; the second pass is the one to read.

import { benchMessages } from './imap-bench-mail.ts';
import { openInboxImportStore } from './inbox-import-store.ts';

const WARM_MESSAGES = 1000;
const WARM_BATCH = 50;
const PASSES = 2;

const sizes = (process.argv[2] ?? '1,3,12').split(',').map(Number);
const perSize = Number(process.argv[3] ?? 600);
if (!sizes.every((size) => Number.isInteger(size) && size >= 1 && size <= 50))
  throw new Error('batch sizes: comma-separated integers from 1 to 50');
if (!Number.isInteger(perSize) || perSize < 1 || perSize > 20_000)
  throw new Error('messages per size: an integer from 1 to 20,000');

const store = await openInboxImportStore();
try {
  const messages = benchMessages(WARM_MESSAGES + PASSES * sizes.length * (perSize + Math.max(...sizes)));
  let next = 0;
  const importBatch = (count: number) => {
    const batch = messages.slice(next, next + count);
    next += count;
    return store.importBatch(batch);
  };
  for (let done = 0; done < WARM_MESSAGES; done += WARM_BATCH) await importBatch(WARM_BATCH);

  for (let pass = 1; pass <= PASSES; pass++) {
    for (const size of sizes) {
      const before = process.cpuUsage();
      const startedAt = performance.now();
      let done = 0;
      while (done < perSize) {
        await importBatch(size);
        done += size;
      }
      const cpu = process.cpuUsage(before);
      const wallMs = performance.now() - startedAt;
      const perMessage = (microseconds: number) => (microseconds / 1000 / done).toFixed(3);
      console.log(
        `pass ${pass}, ${String(size).padStart(2)} per transaction: CPU ${perMessage(cpu.user + cpu.system)} ms ` +
          `a message (system ${perMessage(cpu.system)}), wall ${(wallMs / done).toFixed(3)} ms`,
      );
    }
  }
} finally {
  await store.close();
}
