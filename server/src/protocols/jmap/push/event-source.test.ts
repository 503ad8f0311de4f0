// JMAP push over EventSource (RFC 8620 §7.3), read from a real socket.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { silentLogger } from '#core/log';
import { type DeliveryAgent, runQueueOnce } from '#domain/delivery';
import { deliveryDependencies } from '../../../main.ts';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';
import { draft, SUBMISSION_USING, senderOf } from '../submission/submission.fixture.ts';

/** Every other server refuses: the test needs no network. */
const refusingAgent: DeliveryAgent = {
  deliver: (request) =>
    Promise.resolve(
      request.recipients.map((recipient) => ({
        address: recipient.address,
        outcome: 'bounced' as const,
        status: '5.7.1',
        detail: 'refused',
      })),
    ),
};

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
  /** Append the next chunk to the buffer; false once the stream ended. */
  const read = async (deadline: number): Promise<boolean> => {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('no event in time');
    let timer: NodeJS.Timeout | undefined;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no event in time')), left);
      }),
    ]).finally(() => clearTimeout(timer));
    if (chunk.done) return false;
    buffer += decoder.decode(chunk.value, { stream: true });
    return true;
  };
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
      if (!(await read(deadline))) return 'closed';
    }
  };
  // The opening comment comes once the stream has read the states it compares against: a write before that
  // could land between two of those reads and leave its type out of the first StateChange.
  const opened = Date.now() + 3000;
  while (!buffer.includes('\n\n') && (await read(opened)));
  return { next, close: () => controller.abort() };
}

test('a delivery shows up as one StateChange for Email, Mailbox, Thread and Quota', async (t) => {
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
  const quota = await fixture.api([['Quota/get', { accountId, ids: [] }, 'q']], {
    using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.quota],
  });
  assert.deepEqual(event, {
    event: 'state',
    data: {
      '@type': 'StateChange',
      changed: {
        [accountId]: {
          Mailbox: responses[1]?.[1].newState,
          Email: responses[0]?.[1].newState,
          Thread: responses[2]?.[1].newState,
          Quota: quota.responses[0]?.[1].state,
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

test('identities are pushed, those the server makes for a new alias included', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const using = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.submission];
  const identityState = async () =>
    (await fixture.api([['Identity/get', { accountId, ids: [] }, 'g']], { using })).responses[0]?.[1].state;
  await identityState();
  const stream = await openStream(fixture, 'types=Identity&closeafter=no&ping=0');
  t.after(stream.close);

  // An administrator adds an alias: its identity is made when the stream reads the state, and pushed.
  await fixture.services.identity.addAlias('paul@ac-test.fr', 'paul.durand@ac-test.fr');
  const made = await stream.next();
  assert.deepEqual(made, {
    event: 'state',
    data: { '@type': 'StateChange', changed: { [accountId]: { Identity: await identityState() } } },
  });
  await fixture.api(
    [['Identity/set', { accountId, create: { x: { email: 'paul@ac-test.fr', name: 'Paul D.' } } }, 's']],
    { using },
  );
  const created = await stream.next();
  assert.ok(created !== 'closed');
  assert.deepEqual(created.data, {
    '@type': 'StateChange',
    changed: { [accountId]: { Identity: await identityState() } },
  });
});

test('a send and each delivery report are pushed as EmailSubmission changes', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const sender = await senderOf(fixture);
  const stream = await openStream(fixture, 'types=EmailSubmission&closeafter=no&ping=0');
  t.after(stream.close);
  const { responses } = await fixture.api(
    [
      ['Email/set', { accountId, create: { d: draft(sender) } }, 'e'],
      [
        'EmailSubmission/set',
        { accountId, create: { s: { identityId: sender.identityId, emailId: '#d' } } },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const sent = await stream.next();
  assert.ok(sent !== 'closed');
  assert.deepEqual(sent.data, {
    '@type': 'StateChange',
    changed: { [accountId]: { EmailSubmission: responses[1]?.[1].newState } },
  });
  // The queue's report on the local copies, committed by the runner, moves the state again.
  await runQueueOnce(deliveryDependencies(fixture.services, silentLogger(), { agent: refusingAgent }));
  const state = String(await fixture.services.mail.state(accountId, 'EmailSubmission'));
  assert.notEqual(state, responses[1]?.[1].newState);
  // The runner may commit its reports in more than one transaction, each pushed (PostgreSQL's notifications
  // are not coalesced as the in-process bus's are): the stream reaches the final state within a few events.
  let reported: Awaited<ReturnType<typeof stream.next>> = 'closed';
  for (let event = 0; event < 5; event++) {
    reported = await stream.next();
    if (reported === 'closed' || JSON.stringify(reported.data).includes(`"${state}"`)) break;
  }
  assert.ok(reported !== 'closed');
  assert.deepEqual(reported.data, {
    '@type': 'StateChange',
    changed: { [accountId]: { EmailSubmission: state } },
  });
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
