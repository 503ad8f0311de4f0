// Entry point of the short-lived child the serve primary forks to prepare the node once (prepare-once.ts).
// The compile cache is on before anything else is imported (hence the dynamic import).

import './compile-cache.ts';

const { runPrepareChild } = await import('./prepare-once.ts');

await runPrepareChild();
