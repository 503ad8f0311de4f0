import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { systemClock } from '#core/clock';
import { type ConnectionSend, wrapConnectionReplies } from './connection-replies.ts';

/** A connection whose socket records each write and whether the socket was corked when it came. */
function fakeConnection() {
  const writes: { line: string; isCorked: boolean }[] = [];
  let corks = 0;
  const socket = {
    cork: () => void corks++,
    uncork: () => void (corks = Math.max(0, corks - 1)),
  };
  const connection: ConnectionSend & { corks(): number } = {
    _socket: socket,
    send(code, data) {
      writes.push({ line: `${code} ${String(data ?? '')}`, isCorked: corks > 0 });
    },
    corks: () => corks,
  };
  wrapConnectionReplies(connection, { maxCommandsPerMinute: 1000, clock: systemClock });
  return { connection, writes };
}

test('the replies of one turn of the event loop leave in one write: corked until the next turn', async () => {
  const { connection, writes } = fakeConnection();
  connection.send(250, '2.1.0 Ok');
  connection.send(250, '2.1.5 Ok');
  connection.send(354, 'End data with <CR><LF>.<CR><LF>');
  assert.deepEqual(
    writes.map((write) => write.isCorked),
    [true, true, true],
  );
  assert.equal(connection.corks(), 1, 'one cork for the three replies');
  await nextTurn();
  assert.equal(connection.corks(), 0, 'uncorked on the next turn');

  connection.send(250, '2.0.0 Ok: queued');
  assert.equal(writes.at(-1)?.isCorked, true, 'a later reply corks again');
  await nextTurn();
  assert.equal(connection.corks(), 0);
});

test('the 220 of STARTTLS and a closing 421 are not held, and send what their turn held first', async () => {
  const { connection, writes } = fakeConnection();
  connection.send(250, 'mx.ac-test.fr');
  connection.send(220, '2.0.0 Ready to start TLS');
  assert.equal(connection.corks(), 0, 'TLS takes the socket next: the held 250 went out before the 220');
  connection.send(421, '4.3.2 Service shutting down');
  assert.deepEqual(
    writes.map((write) => write.isCorked),
    [true, false, false],
  );
  await nextTurn();
  assert.equal(connection.corks(), 0);
});
