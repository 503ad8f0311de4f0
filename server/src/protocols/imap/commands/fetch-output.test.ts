// ResponseOutput: chunks kept in order, views that follow each other in memory sent as one chunk, a flush
// once enough is pending.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CommandSession } from '../command.ts';
import { ResponseOutput } from './fetch-output.ts';

function recordingSession(): { session: CommandSession; sent: Buffer[][] } {
  const sent: Buffer[][] = [];
  const session = {
    send(chunks: Buffer | readonly Buffer[]) {
      sent.push(Buffer.isBuffer(chunks) ? [chunks] : [...chunks]);
      return Promise.resolve();
    },
  } as unknown as CommandSession;
  return { session, sent };
}

it('joins views that follow each other in one memory, and keeps every other chunk apart and in order', async () => {
  const { session, sent } = recordingSession();
  const output = new ResponseOutput(session);
  const memory = Buffer.from('* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n');
  const line = (index: number) => memory.subarray(index * 19, (index + 1) * 19);
  const streamed = Buffer.from('{5}\r\nHello');
  assert.equal(output.append([line(0), line(1)]), false);
  await output.write(streamed);
  output.append([line(2)]);
  // The same memory, but not where the last view ended: a chunk of its own.
  output.append([line(0)]);
  await output.flush();
  assert.equal(sent.length, 1);
  const chunks = sent[0] ?? [];
  assert.deepEqual(
    chunks.map((chunk) => chunk.toString()),
    [
      '* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n',
      '{5}\r\nHello',
      '* 3 FETCH (UID 3)\r\n',
      '* 1 FETCH (UID 1)\r\n',
    ],
  );
  assert.equal(chunks[0]?.buffer, memory.buffer, 'the joined views are not copied');
  await output.flush();
  assert.equal(sent.length, 1, 'nothing pending, nothing sent');
});

it('asks for a flush once 64 KiB are pending, joined or not', () => {
  const { session } = recordingSession();
  const output = new ResponseOutput(session);
  const memory = Buffer.alloc(70 * 1024);
  let appended = 0;
  while (appended < memory.length) {
    const isDue = output.append([memory.subarray(appended, appended + 1024)]);
    appended += 1024;
    if (isDue) break;
  }
  assert.equal(appended, 64 * 1024);
});
