// Test hook, preloaded into `vercors serve` only by e2e tests (node --import): an HTTP request carrying
// `x-e2e-delay-ms` reaches the server that much later, so a test can hold a real request in flight
// (during a SIGTERM, say) without adding a test-only route to the program.

import { Server } from 'node:http';

const DELAY_HEADER = 'x-e2e-delay-ms';
/** Bounded, so a mistaken header cannot hang a test run. */
const MAX_DELAY_MS = 10_000;

const emit = Server.prototype.emit;

Server.prototype.emit = function delayedEmit(
  this: Server,
  event: string | symbol,
  ...args: unknown[]
): boolean {
  const request = args[0] as
    | { headers?: Record<string, string | string[] | undefined>; url?: string }
    | undefined;
  const delay = event === 'request' ? Number(request?.headers?.[DELAY_HEADER]) : Number.NaN;
  if (Number.isFinite(delay) && delay > 0) {
    const ms = Math.min(delay, MAX_DELAY_MS);
    // The test waits for this line to know the request is in flight.
    process.stderr.write(`e2e-hook: holding ${request?.url ?? '?'} for ${ms} ms\n`);
    setTimeout(() => emit.apply(this, [event, ...args] as Parameters<typeof emit>), ms);
    return true;
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof Server.prototype.emit;
