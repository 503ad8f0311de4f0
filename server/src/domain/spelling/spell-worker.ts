// The body of the spell-checking thread (spelling-service.ts starts it): loads the French Hunspell
// dictionary (dictionary-fr, read with node:fs; about 5 s and 310–410 MB of heap with nspell), then answers
// checks one at a time, with a suggestion cache shared by every account of the process. Loading and checking
// happen here so that neither holds up the event loop serving IMAP, SMTP and HTTP.

import { type MessagePort, parentPort } from 'node:worker_threads';
import nspell from 'nspell';
import { findMisspellings, type Dictionary } from './french-speller.ts';
import type { CheckRequest, WorkerMessage } from './spell-worker-messages.ts';
import { createSuggestionCache } from './suggestion-cache.ts';

/** Distinct mistakes remembered: a few MB, far more than a day of typing across a process's accounts. */
const SUGGESTION_CACHE_ENTRIES = 20_000;

const port = parentPort;
if (port === null) throw new Error('spell-worker.ts runs as a worker thread');
const send = (message: WorkerMessage) => port.postMessage(message);

/** The dictionary, or undefined once the failure is reported (the thread then ends: nothing listens). */
async function load(): Promise<Dictionary | undefined> {
  const started = performance.now();
  try {
    const { default: files } = await import('dictionary-fr');
    // dictionary-fr's types say Uint8Array; nspell's say Buffer. Same bytes, no copy.
    const dictionary = nspell({ aff: asBuffer(files.aff), dic: asBuffer(files.dic) });
    send({
      type: 'ready',
      loadMs: performance.now() - started,
      heapUsedBytes: process.memoryUsage().heapUsed,
    });
    return dictionary;
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function serve(dictionary: Dictionary, to: MessagePort): void {
  const cache = createSuggestionCache(SUGGESTION_CACHE_ENTRIES);
  // One check at a time, in arrival order: each runs to its end before the next message is read.
  to.on('message', (request: CheckRequest) => {
    if (Date.now() >= request.deadline) {
      send({ type: 'expired', id: request.id });
      return;
    }
    const begun = performance.now();
    try {
      const result = findMisspellings(request.text, dictionary, {
        deadline: request.deadline,
        now: Date.now,
        cache,
      });
      send({ type: 'checked', id: request.id, ...result, checkMs: performance.now() - begun });
    } catch (error) {
      send({
        type: 'error',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
}

const dictionary = await load();
if (dictionary !== undefined) serve(dictionary, port);
