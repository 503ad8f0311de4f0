// Entry point of a `vercors serve` worker process, forked by the primary through node:cluster. The compile
// cache is on before anything else is imported (hence the dynamic import).

import './compile-cache.ts';

const { runWorker } = await import('./serve-worker.ts');

await runWorker(process.env);
