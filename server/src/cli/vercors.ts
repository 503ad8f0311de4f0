#!/usr/bin/env node
// Entry point of the `vercors` program (npx vercors …). Runs on Node 24 from the workspace's `node` package.
// The compile cache is on before anything else is imported (hence the dynamic import).

import '../runtime/compile-cache.ts';

const { runCli } = await import('./run-cli.ts');

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
