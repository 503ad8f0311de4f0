// A queue runner in a child process for the crash test: it opens the store named by its environment, claims
// due mail with a delivery agent that never answers, prints `claimed N` and waits to be killed (SIGKILL).
// Arguments: the fixed time (ms since the epoch) its clock shows, and its lease owner name.

import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { openServices, readConfig } from '../../main.ts';
import { createQueueRunner } from './queue-runner.ts';
import { QUEUE_SETTINGS } from './queue-settings.ts';

const [now, owner] = process.argv.slice(2);
const config = readConfig(process.env);
const clock = fixedClock(new Date(Number(now)));
const services = await openServices(config, silentLogger(), clock);
const runner = createQueueRunner({
  database: services.database,
  blobs: services.blobs,
  clock,
  log: silentLogger(),
  settings: config.get(QUEUE_SETTINGS),
  hostname: 'child.invalid',
  owner: owner ?? 'child',
  agent: {
    deliver(request) {
      process.stdout.write(`claimed ${request.recipients.length}\n`);
      // A hung remote server: the attempt never ends; only the kill ends this process.
      return new Promise(() => {});
    },
  },
  localDelivery: () => new Promise(() => {}),
  isLocalDomain: () => Promise.resolve(false),
});
// Alive until killed, and bounded even if nobody kills it: a forgotten child exits on its own.
setTimeout(() => process.exit(3), 60_000);
await runner.runOnce();
