// JMAP push over EventSource (RFC 8620 §7.3), read from a real socket.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';

const MESSAGE = 'From: marie@ac-test.fr\nTo: paul@ac-test.fr\nSubject: Réunion\n\nBonjour\n';

/** An open event stream: `next()` is the next event (not comments), within a deadline. */
async function openStream(fixture: JmapFixture, query: string) {
  const controller = new AbortController();
  const response = await fetch(`${fixture.base}/jmap/eventsource/?${query}`, {
    headers: { authorization: fixture.authorization('paul') },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (timeoutMs = 3000): Promise<{ event: string; data: unknown } | 'closed'> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) continue;
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
        return { event, data };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no event in time')), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) return 'closed';
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { next, close: () => controller.abort() };
}

test('a delivery shows up as one StateChange for Email, Mailbox and Thread', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const stream = await openStream(fixture, 'types=*&closeafter=no&ping=0');
  t.after(stream.close);
  await fixture.deliver('paul', MESSAGE);
  const event = await stream.next();
  assert.notEqual(event, 'closed');
  const { responses } = await fixture.api([
    ['Email/changes', { accountId, sinceState: '0' }, 'e'],
    ['Mailbox/changes', { accountId, sinceState: '0' }, 'm'],
    ['Thread/changes', { accountId, sinceState: '0' }, 't'],
  ]);
  assert.deepEqual(event, {
    event: 'state',
    data: {
      '@type': 'StateChange',
      changed: {
        [accountId]: {
          Mailbox: responses[1]?.[1].newState,
          Email: responses[0]?.[1].newState,
          Thread: responses[2]?.[1].newState,
        },
      },
    },
  });

  // A flag change moves Email (and the inbox counters, so Mailbox), not Thread.
  const emailId = responses[0]?.[1].created[0];
  await fixture.api([['Email/set', { accountId, update: { [emailId]: { 'keywords/$seen': true } } }, 's']]);
  const flagged = await stream.next();
  assert.ok(flagged !== 'closed');
  const changed = (flagged.data as { changed: Record<string, Record<string, string>> }).changed[accountId];
  assert.deepEqual(Object.keys(changed ?? {}).sort(), ['Email', 'Mailbox']);
});

test('types filters what is reported, closeafter=state ends the stream, ping keeps it alive', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const mailboxOnly = await openStream(fixture, 'types=Mailbox&closeafter=state&ping=1');
  t.after(mailboxOnly.close);
  assert.deepEqual(await mailboxOnly.next(), { event: 'ping', data: { interval: 1 } });
  // Marie's mail is not Paul's business.
  await fixture.deliver('marie', MESSAGE);
  assert.deepEqual(await mailboxOnly.next(), { event: 'ping', data: { interval: 1 } });
  await fixture.deliver('paul', MESSAGE);
  const event = await mailboxOnly.next();
  assert.ok(event !== 'closed' && event.event === 'state');
  assert.deepEqual(
    Object.keys((event.data as { changed: Record<string, object> }).changed[accountId] ?? {}),
    ['Mailbox'],
  );
  assert.equal(await mailboxOnly.next(), 'closed');
});

test('an event stream needs a login and a well-formed query', async (t) => {
  const fixture = await openJmapFixture(t);
  const anonymous = await fetch(`${fixture.base}/jmap/eventsource/?types=*&closeafter=no&ping=0`);
  assert.equal(anonymous.status, 401);
  for (const query of ['closeafter=sometimes', 'ping=-1', 'ping=soon', `types=${'x,'.repeat(600)}`]) {
    const response = await fetch(`${fixture.base}/jmap/eventsource/?${query}`, {
      headers: { authorization: fixture.authorization('paul') },
    });
    assert.equal(response.status, 400, query);
    await response.body?.cancel();
  }
});
