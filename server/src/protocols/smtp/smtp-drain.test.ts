import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { openSmtpFixture } from './smtp.fixture.ts';

/** A raw client: write lines, read reply lines, bounded waits. */
function client(port: number) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  const lines: string[] = [];
  let buffer = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      lines.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  const next = async (pattern: RegExp) => {
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const line = lines.shift();
      if (line !== undefined) {
        if (/^\d{3}-/.test(line)) continue;
        assert.match(line, pattern);
        return line;
      }
      if (closed) throw new Error(`closed while waiting for ${pattern}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${pattern}`);
  };
  return { socket, next, write: (text: string) => socket.write(text), isClosed: () => closed };
}

test('SIGTERM drain: DATA in flight finishes with 250, new connections and commands get 421', async (t) => {
  const fixture = await openSmtpFixture(t);
  const listener = await fixture.extraListener('smtp', {});
  const port = listener.port();

  const busy = client(port);
  await busy.next(/^220 /);
  busy.write('EHLO mx.example.org\r\n');
  await busy.next(/^250 /);
  busy.write('MAIL FROM:<alice@example.org>\r\nRCPT TO:<paul@ac-test.fr>\r\nDATA\r\n');
  await busy.next(/^250 /);
  await busy.next(/^250 /);
  await busy.next(/^354 /);
  busy.write('Subject: in flight\r\n\r\nfirst half\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));

  const idle = client(port);
  await idle.next(/^220 /);

  const before = await fixture.count('paul@ac-test.fr', 'inbox');
  const closing = listener.close(5_000);
  await idle.next(/^421 4\.3\.2 /);
  assert.equal(listener.isUp(), false, '/health reports the listener as down while it drains');

  const late = client(port);
  await late.next(/^421 4\.3\.2 mx\.ac-test\.fr Service shutting down/);

  busy.write('second half\r\n.\r\n');
  await busy.next(/^250 2\.0\.0/);
  busy.write('MAIL FROM:<alice@example.org>\r\n');
  await busy.next(/^421 /);
  const { cut } = await closing;
  assert.equal(cut, 0, 'every connection left before the grace period ended');
  assert.equal(
    await fixture.count('paul@ac-test.fr', 'inbox'),
    before + 1,
    'the message in flight was stored',
  );
});
