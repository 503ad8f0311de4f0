// Conformance child: opens the parent's fresh database (racing its siblings through the migrations), seeds a
// shared account and its own, waits for "go" on stdin, then writes `writes` transactions touching both.
// argv: <backend> <location> <child index> <writes>. Prints "ready", then "done".

import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { openFromArgs } from './open-from-args.ts';
import { addAccounts } from './test-accounts.ts';

/** A child never outlives a stuck parent by much. */
const MAX_LIFETIME_MS = 45_000;
setTimeout(() => {
  process.stderr.write('write-contention-child: lifetime exceeded\n');
  process.exit(3);
}, MAX_LIFETIME_MS).unref();

const [backend = '', location = '', index = '', writesArg = ''] = process.argv.slice(2);
const writes = Number(writesArg);
const database = await openFromArgs([backend, location]);
const own = `own-${index}`;
await addAccounts(database, 'shared', own);

const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
const [line] = (await once(input, 'line')) as [string];
if (line !== 'go') throw new Error(`expected "go", read ${JSON.stringify(line)}`);
input.close();

for (let i = 0; i < writes; i++) {
  const id = `c${index}-${i}`;
  await database.write(async (tx) => {
    await tx.db
      .insertInto('blobs')
      .values({ id, size: i, refcount: 1, unreferenced_since: null, created_at: i })
      .execute();
    await tx.recordChange('shared', 'Blob', id, 'created');
    await tx.recordChange(own, 'Blob', id, 'created');
  });
}
await database.close();
process.stdout.write('done\n');
