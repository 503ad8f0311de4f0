// The deflate layer on its own over a loopback socket pair: a decompression bomb is inflated only as fast as
// the session takes it, with a bounded number of bytes held in between (and the socket paused), yet every
// byte arrives once the session keeps reading; responses written in one burst reach the client flushed.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { createDeflateRaw, createInflateRaw, constants } from 'node:zlib';
import { DeflateLayer } from './deflate-layer.ts';

/** What a session's reader holds before it pauses (wire/limits.ts inputHighWaterBytes). */
const READER_HIGH_WATER = 256 * 1024;
/** The layer's own buffers: zlib's writable and readable high-water marks plus a socket chunk on each. */
const MAX_HELD_BYTES = 256 * 1024;

async function socketPair(t: TestContext): Promise<{ server: Socket; client: Socket }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const address = listener.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect({ host: '127.0.0.1', port });
  const [server] = await accepted;
  t.after(() => {
    client.destroy();
    server.destroy();
    listener.close();
  });
  return { server, client };
}

test('a bomb inflates only as fast as the session reads it, holding a bounded amount', {
  timeout: 60_000,
}, async (t) => {
  const { server, client } = await socketPair(t);
  const bomb = 64 * 1024 * 1024;
  // Incompressible bytes after the bomb: megabytes on the wire too, more than the layer takes in.
  const noise = randomBytes(4 * 1024 * 1024);
  const total = bomb + noise.length;
  let received = 0;
  let unread = 0;
  let maxUnread = 0;
  let maxHeld = 0;
  const layer: DeflateLayer = new DeflateLayer({
    socket: server,
    onInput: (chunk) => {
      received += chunk.length;
      unread += chunk.length;
      maxUnread = Math.max(maxUnread, unread);
      maxHeld = Math.max(maxHeld, layer.heldInputBytes);
      // A reader past its high-water mark asks for a pause, as the session does.
      if (unread >= READER_HIGH_WATER) layer.pauseInput();
    },
    onError: (error) => assert.fail(error),
  });
  server.on('data', (chunk: Buffer) => layer.feed(chunk));
  layer.start(Buffer.alloc(0));

  const deflate = createDeflateRaw();
  deflate.pipe(client);
  const piece = Buffer.alloc(1024 * 1024, 'A');
  for (let sent = 0; sent < bomb / piece.length; sent++) deflate.write(piece);
  deflate.write(noise);
  // Not awaited here: the noise fits in the sockets' kernel buffers only when they are large, so the flush
  // may have to wait until the session reads again below.
  const flushed = new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));

  // Nobody reads: the layer stops, the socket is paused, and little is held.
  const pausedBy = Date.now() + 20_000;
  while (!server.isPaused() && Date.now() < pausedBy) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(received < READER_HIGH_WATER + 64 * 1024, `${received} bytes handed out while paused`);
  assert.ok(layer.heldInputBytes <= MAX_HELD_BYTES, `${layer.heldInputBytes} bytes held`);
  assert.ok(server.isPaused(), 'the socket is paused while the inflater has a backlog');

  // The session reads on: everything arrives, and the bound held all along.
  const until = Date.now() + 30_000;
  while (received < total) {
    assert.ok(
      Date.now() < until,
      `stalled at ${received} of ${total} bytes: socket paused ${server.isPaused()}, held ${layer.heldInputBytes}`,
    );
    unread = 0;
    layer.resumeInput();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(received, total);
  await flushed;
  t.diagnostic(`at most ${maxHeld} bytes held in the layer, ${maxUnread} handed out before a pause`);
  assert.ok(maxUnread < READER_HIGH_WATER + 64 * 1024, `the reader was handed ${maxUnread} bytes at once`);
  assert.ok(maxHeld <= MAX_HELD_BYTES, `the layer held up to ${maxHeld} bytes`);
});

test('writes of one burst are flushed together, and end() finishes the stream before the socket', {
  timeout: 30_000,
}, async (t) => {
  const { server, client } = await socketPair(t);
  const layer = new DeflateLayer({
    socket: server,
    onInput: () => undefined,
    onError: (e) => assert.fail(e),
  });
  const inflate = createInflateRaw();
  client.pipe(inflate);
  let text = '';
  inflate.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  layer.write(Buffer.from('* 1 EXISTS\r\n'));
  layer.write(Buffer.from('a1 OK done\r\n'));
  const until = Date.now() + 10_000;
  while (!text.includes('a1 OK') && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(text, '* 1 EXISTS\r\na1 OK done\r\n');
  layer.end(Buffer.from('* BYE bye\r\n'));
  await once(inflate, 'end');
  assert.equal(text, '* 1 EXISTS\r\na1 OK done\r\n* BYE bye\r\n');
});
