// Entry point of a `vercors serve` worker process, forked by the primary through node:cluster.

import { runWorker } from './serve-worker.ts';

await runWorker(process.env);
