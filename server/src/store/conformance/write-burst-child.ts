// Conformance child: writes transactions of three rows (two blobs and a change) as fast as it can, printing
// "committed <n>" after each commit returns, until the parent SIGKILLs it (or its bounds are reached).
// argv: <backend> <location>. Prints "ready" first.

import { openFromArgs } from './open-from-args.ts';
import { addAccounts } from './test-accounts.ts';

/** Bounds in case the parent never kills: far more than the parent waits for. */
const MAX_WRITES = 100_000;
const MAX_MS = 30_000;

const [backend = '', location = ''] = process.argv.slice(2);
const database = await openFromArgs([backend, location]);
await addAccounts(database, 'burst');
process.stdout.write('ready\n');

const started = performance.now();
for (let i = 0; i < MAX_WRITES && performance.now() - started < MAX_MS; i++) {
  const blob = (half: string) => ({
    id: `burst-${i}-${half}`,
    size: i,
    refcount: 1,
    unreferenced_since: null,
    created_at: i,
  });
  await database.write(
    async (tx) => {
      await tx.db.insertInto('blobs').values(blob('a')).execute();
      await tx.db.insertInto('blobs').values(blob('b')).execute();
      await tx.recordChange('burst', 'Blob', String(i), 'created');
    },
    // Alternate, so a kill can land on either kind of commit.
    { isDurable: i % 2 === 0 },
  );
  process.stdout.write(`committed ${i}\n`);
}
await database.close();
process.stdout.write('finished\n');
