// Test stand-in for spell-worker.ts, speaking its protocol without a dictionary, so the service's bounds can
// be tested in milliseconds. Its workerData says how loading goes (`{ fails: true }`, `{ loadMs: 300 }`); a check's
// text says how the check goes: `slow:<ms>` works that long, `stuck` never answers, `crash` ends the thread;
// any other text answers every word of three letters or more as misspelled.

import { parentPort, workerData } from 'node:worker_threads';
import type { CheckRequest, WorkerMessage } from './spell-worker-messages.ts';

const port = parentPort;
if (port === null) throw new Error('a worker thread fixture');
const send = (message: WorkerMessage) => port.postMessage(message);
const loading = (workerData ?? {}) as { readonly loadMs?: number; readonly fails?: boolean };

/** Keep the thread busy, as nspell's synchronous work does. */
function busy(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Spin.
  }
}

await new Promise((resolve) => setTimeout(resolve, loading.loadMs ?? 0));
if (loading.fails === true) {
  send({ type: 'failed', message: 'no dictionary here' });
} else {
  send({ type: 'ready', loadMs: 1, heapUsedBytes: 1 });
  port.on('message', (request: CheckRequest) => {
    if (Date.now() >= request.deadline) return send({ type: 'expired', id: request.id });
    const slow = /^slow:(\d+)$/.exec(request.text);
    if (slow !== null) busy(Number(slow[1]));
    if (request.text === 'stuck') busy(60_000);
    if (request.text === 'crash') process.exit(3);
    const misspelled = [...request.text.matchAll(/\p{L}{3,}/gu)].map((match) => ({
      word: match[0],
      start: match.index,
      end: match.index + match[0].length,
      suggestions: ['mot'],
    }));
    send({ type: 'checked', id: request.id, misspelled, isComplete: true, checkMs: 0 });
  });
}
