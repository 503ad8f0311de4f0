import assert from 'node:assert/strict';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { DomainError } from '#core/errors';
import { answers, HOUR, LOCAL_DOMAIN, MINUTE, openQueueFixture, sampleMessage } from './queue.fixture.ts';

test('a queued message is delivered once, its recipient recorded as delivered and the message completed', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue, database } = fixture.services;
  const queued = await queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: `marie.dupont@${LOCAL_DOMAIN}`,
    source: 'submission',
  });
  const [listed] = await queue.listQueue();
  assert.equal(listed?.id, queued.id);
  assert.equal(listed?.recipients[0]?.state, 'incoming');

  const report = await fixture.runner().runOnce();
  assert.deepEqual(report, { recipients: 1, groups: 1 });
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 1);
  const request = fixture.agent.requests[0];
  assert.equal(request?.sender, `marie.dupont@${LOCAL_DOMAIN}`);
  assert.equal(request?.domain, 'example.org');

  const shown = await queue.showQueued(queued.id);
  assert.equal(shown?.recipients[0]?.state, 'delivered');
  assert.equal(shown?.recipients[0]?.lastStatus, '2.0.0');
  assert.equal(shown?.recipients[0]?.remoteMta, 'mx.example.org');
  assert.deepEqual(shown?.completedAt, fixture.clock.now());
  assert.deepEqual(await queue.listQueue(), [], 'a completed message is no longer pending');
  assert.equal((await queue.listQueue({ state: 'delivered' })).length, 1);
  // The content's reference was given up: the collector may take it after its grace period.
  const blobs = await database.db.selectFrom('blobs').select(['refcount']).execute();
  assert.deepEqual(
    blobs.map((b) => Number(b.refcount)),
    [0],
  );
  assert.deepEqual(await fixture.runner().runOnce(), { recipients: 0, groups: 0 }, 'nothing left to do');
});

test('recipients of one message are grouped per destination domain, one attempt each', async (t) => {
  const fixture = await openQueueFixture(t);
  await fixture.services.queue.submit(
    sampleMessage(),
    ['a@example.org', 'B@Example.ORG', 'c@other.example', 'a@example.org'],
    { sender: `marie.dupont@${LOCAL_DOMAIN}`, source: 'submission' },
  );
  await fixture.runner().runOnce();
  const byDomain = fixture.agent.requests
    .map(
      (r) =>
        `${r.domain}: ${r.recipients
          .map((x) => x.address)
          .sort()
          .join(' ')}`,
    )
    .sort();
  assert.deepEqual(byDomain, ['example.org: B@example.org a@example.org', 'other.example: c@other.example']);
});

test('a temporary failure defers with exponential backoff until the recipient is accepted', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address, attempt) =>
    attempt < 3 ? answers.deferred(address) : answers.delivered(address);
  await fixture.services.queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: `marie.dupont@${LOCAL_DOMAIN}`,
    source: 'submission',
  });
  const runner = fixture.runner();
  await runner.runOnce();
  let row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'deferred');
  assert.equal(Number(row.next_attempt_at), fixture.clock.nowMs() + 5 * MINUTE);
  assert.equal(row.last_status, '4.2.0');
  assert.equal(row.lease_owner, null);

  fixture.clock.advance(4 * MINUTE);
  assert.equal((await runner.runOnce()).recipients, 0, 'not due yet');
  fixture.clock.advance(MINUTE);
  await runner.runOnce();
  row = await fixture.recipientRow('jean@example.org');
  assert.equal(Number(row.attempts), 2);
  assert.equal(Number(row.next_attempt_at), fixture.clock.nowMs() + 10 * MINUTE, 'the wait doubled');

  fixture.clock.advance(10 * MINUTE);
  await runner.runOnce();
  row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'delivered');
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 1);
});

test('a permanent failure bounces, and the sender gets one RFC 3464 report with the null sender', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) =>
    address === 'nobody@example.org' ? answers.bounced(address) : answers.delivered(address);
  const sender = 'marie.dupont@example.net';
  const queued = await fixture.services.queue.submit(
    sampleMessage({ from: sender }),
    ['nobody@example.org', 'jean@example.org'],
    { sender, source: 'forward', dsn: { envid: 'ENV+2B42', ret: 'HDRS' } },
  );
  await fixture.runner().runOnce();
  const shown = await fixture.services.queue.showQueued(queued.id);
  assert.deepEqual(
    shown?.recipients.map((r) => `${r.address} ${r.state}`),
    ['jean@example.org delivered', 'nobody@example.org bounced'],
  );

  const pending = await fixture.services.queue.listQueue();
  assert.equal(pending.length, 1, 'one DSN queued');
  const dsn = pending[0];
  assert.equal(dsn?.sender, '', 'a DSN is sent with the null sender');
  assert.equal(dsn?.source, 'bounce');
  assert.deepEqual(
    dsn?.recipients.map((r) => r.address),
    [sender],
  );

  // Deliver the DSN and read it as the sender's client would.
  await fixture.runner().runOnce();
  const request = fixture.agent.requests.find((r) => r.sender === '');
  assert.ok(request);
  const parsed = await PostalMime.parse(Buffer.from(request.content));
  assert.match(parsed.subject ?? '', /Message non distribué \/ Undelivered Mail Returned to Sender/);
  const status = parsed.attachments.find((a) => a.mimeType === 'message/delivery-status');
  assert.ok(status);
  const fields = Buffer.from(status.content as ArrayBuffer).toString('utf8');
  assert.match(fields, /Original-Envelope-Id: ENV\+42/);
  assert.match(fields, /Final-Recipient: rfc822; nobody@example\.org\r?\nAction: failed\r?\nStatus: 5\.1\.1/);
  assert.match(fields, /Diagnostic-Code: smtp; 550 5\.1\.1 <nobody@example\.org>: no such user/);
  assert.doesNotMatch(fields, /jean@example\.org/, 'only the failed recipient is reported');
  assert.ok(
    parsed.attachments.some((a) => a.mimeType === 'text/rfc822-headers'),
    'RET=HDRS returns the header only',
  );
});

test('never bounce a bounce: a DSN that cannot be delivered is dropped without another DSN', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) => answers.bounced(address);
  await fixture.services.queue.submit(sampleMessage(), ['nobody@example.org'], {
    sender: 'someone@example.net',
    source: 'forward',
  });
  await fixture.runner().runOnce();
  await fixture.runner().runOnce();
  const bounced = await fixture.services.queue.listQueue({ state: 'bounced' });
  assert.equal(bounced.length, 2, 'the message and its DSN both bounced');
  assert.deepEqual(await fixture.services.queue.listQueue(), [], 'and nothing else was queued');
});

test('after the queue lifetime a deferred recipient bounces, once, with the last error', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) => answers.deferred(address);
  await fixture.services.queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: 'marie.dupont@example.net',
    source: 'forward',
  });
  const runner = fixture.runner();
  const deadline = fixture.clock.nowMs() + fixture.settings.lifetime;
  let attempts = 0;
  // Bounded: 5 days of retries at most an hour apart is about 125 attempts.
  while ((await fixture.recipientRow('jean@example.org')).state !== 'bounced' && attempts < 500) {
    await runner.runOnce();
    const row = await fixture.recipientRow('jean@example.org');
    assert.ok(Number(row.next_attempt_at) <= deadline, 'no retry is scheduled past the lifetime');
    fixture.clock.set(new Date(Number(row.next_attempt_at)));
    attempts++;
  }
  const row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'bounced');
  assert.ok(fixture.clock.nowMs() >= deadline);
  assert.ok(Number(row.attempts) > 100 && Number(row.attempts) < 140, `${String(row.attempts)} attempts`);
  const failure = (await fixture.services.queue.listQueue()).filter((m) => m.source === 'bounce');
  assert.equal(failure.length, 1);
  const delays = (await fixture.services.queue.listQueue()).filter((m) => m.source === 'dsn');
  assert.equal(delays.length, 1, 'one delay warning was sent on the way');
});

test('a delay warning goes out once after queue.delay-warning, and NOTIFY=NEVER silences every DSN', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) => answers.deferred(address);
  const sender = 'marie.dupont@example.net';
  await fixture.services.queue.submit(
    sampleMessage(),
    [{ address: 'jean@example.org' }, { address: 'paul@example.org', dsn: { notify: ['NEVER'] } }],
    { sender, source: 'forward' },
  );
  const runner = fixture.runner();
  await runner.runOnce();
  fixture.clock.advance(3 * HOUR);
  await fixture.services.queue.retryAll();
  await runner.runOnce();
  assert.equal((await fixture.services.queue.listQueue()).length, 1, 'no warning before 4 hours');

  fixture.clock.advance(HOUR);
  await fixture.services.queue.retryAll();
  await runner.runOnce();
  const warnings = (await fixture.services.queue.listQueue()).filter((m) => m.source === 'dsn');
  assert.equal(warnings.length, 1);
  const warned = await fixture.recipientRow('jean@example.org');
  assert.equal(Number(warned.delay_warned_at), fixture.clock.nowMs());
  assert.equal((await fixture.recipientRow('paul@example.org')).delay_warned_at, null);

  fixture.clock.advance(HOUR);
  await fixture.services.queue.retryAll();
  await runner.runOnce();
  const later = (await fixture.services.queue.listQueue()).filter((m) => m.source === 'dsn');
  assert.equal(later.length, 1, 'still only one warning');
});

test('NOTIFY=SUCCESS gets a "relayed" report when the next hop does not take DSN over', async (t) => {
  const fixture = await openQueueFixture(t);
  await fixture.services.queue.submit(
    sampleMessage(),
    [
      {
        address: 'jean@example.org',
        dsn: { notify: ['SUCCESS', 'FAILURE'], orcpt: 'rfc822;jean@example.org' },
      },
    ],
    { sender: `marie.dupont@${LOCAL_DOMAIN}`, source: 'submission' },
  );
  await fixture.runner().runOnce();
  const reports = await fixture.services.queue.listQueue();
  assert.equal(reports.length, 1);
  assert.equal(reports[0]?.recipients[0]?.address, `marie.dupont@${LOCAL_DOMAIN}`);
  await fixture.runner().runOnce();
  const stored = fixture.local.stored.find((s) => s.sender === '');
  assert.ok(stored, 'the report to our local user went to local delivery');
  const text = Buffer.from(stored.raw).toString('utf8');
  assert.match(text, /Action: relayed/);
  assert.match(text, /Original-Recipient: rfc822;jean@example\.org/);
});

test('local recipients go to local delivery; an unknown one bounces', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.local.answer = (address) =>
    address.startsWith('inconnu') ? { permanent: '5.1.1 no such mailbox here' } : 'delivered';
  await fixture.services.queue.submit(
    sampleMessage({ from: 'ext@example.net' }),
    [`paul@${LOCAL_DOMAIN}`, `inconnu@${LOCAL_DOMAIN}`],
    { sender: '', source: 'forward' },
  );
  await fixture.runner().runOnce();
  assert.deepEqual(
    fixture.local.stored.map((s) => s.address),
    [`paul@${LOCAL_DOMAIN}`],
  );
  assert.equal(fixture.agent.requests.length, 0, 'nothing went out by SMTP');
  const unknown = await fixture.recipientRow(`inconnu@${LOCAL_DOMAIN}`);
  assert.equal(unknown.state, 'bounced');
  assert.equal(unknown.last_status, '5.1.1');
  assert.equal(unknown.last_error, 'no such mailbox here');
});

test('hold, release, retry now and delete act on one message', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue } = fixture.services;
  fixture.agent.script = (address) => answers.deferred(address);
  const queued = await queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: `marie.dupont@${LOCAL_DOMAIN}`,
    source: 'submission',
  });
  const held = await queue.holdQueued(queued.id);
  assert.equal(held.recipients[0]?.state, 'hold');
  assert.equal((await fixture.runner().runOnce()).recipients, 0, 'a held message is not delivered');

  const released = await queue.releaseQueued(queued.id);
  assert.equal(released.recipients[0]?.state, 'deferred');
  await fixture.runner().runOnce();
  assert.equal(fixture.agent.requests.length, 1);

  fixture.clock.advance(MINUTE);
  assert.equal((await fixture.runner().runOnce()).recipients, 0);
  const retried = await queue.retryQueued(queued.id);
  assert.deepEqual(retried.recipients[0]?.nextAttemptAt, fixture.clock.now());
  await fixture.runner().runOnce();
  assert.equal(fixture.agent.requests.length, 2);

  await queue.deleteQueued(queued.id);
  assert.equal(await queue.showQueued(queued.id), undefined);
  await assert.rejects(queue.holdQueued(queued.id), (e) => e instanceof DomainError && e.code === 'notFound');
  await assert.rejects(
    queue.deleteQueued(queued.id),
    (e) => e instanceof DomainError && e.code === 'notFound',
  );
  const blobs = await fixture.services.database.db.selectFrom('blobs').select('refcount').execute();
  assert.deepEqual(
    blobs.map((b) => Number(b.refcount)),
    [0],
    'a deleted message gives up its content',
  );
});

test('a message scheduled for later is not sent before its time', async (t) => {
  const fixture = await openQueueFixture(t);
  await fixture.services.queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: `marie.dupont@${LOCAL_DOMAIN}`,
    source: 'submission',
    notBefore: new Date(fixture.clock.nowMs() + HOUR),
  });
  assert.equal((await fixture.runner().runOnce()).recipients, 0);
  fixture.clock.advance(HOUR);
  assert.equal((await fixture.runner().runOnce()).recipients, 1);
});

test('the active window and the per-domain limit bound what one claim takes', async (t) => {
  const fixture = await openQueueFixture(t, {
    VERCORS_QUEUE_ACTIVE_WINDOW: '3',
    VERCORS_QUEUE_DOMAIN_CONCURRENCY: '1',
  });
  for (let i = 0; i < 3; i++) {
    await fixture.services.queue.submit(sampleMessage(), [`r${i}@example.org`], {
      sender: `marie.dupont@${LOCAL_DOMAIN}`,
      source: 'submission',
    });
  }
  // Later, so the claim meets the example.org backlog first.
  fixture.clock.advance(1000);
  await fixture.services.queue.submit(
    sampleMessage(),
    ['a@one.example', 'b@two.example', 'c@three.example', 'd@four.example'],
    {
      sender: `marie.dupont@${LOCAL_DOMAIN}`,
      source: 'submission',
    },
  );
  const first = await fixture.runner().runOnce();
  assert.equal(first.recipients, 3, 'never more than the window');
  const toExample = fixture.agent.requests.filter((r) => r.domain === 'example.org');
  assert.equal(toExample.length, 1, 'one session at a time to example.org');
  assert.equal(fixture.agent.requests.length, 3, 'the rest of the window went to other destinations');
});

test('invalid recipients and senders are refused before anything is queued', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue } = fixture.services;
  const options = { sender: `marie.dupont@${LOCAL_DOMAIN}`, source: 'submission' } as const;
  for (const bad of ['no-at-sign', 'a b@example.org', 'x@-bad-.example', '<x@example.org>', 'x@']) {
    await assert.rejects(
      queue.submit(sampleMessage(), [bad], options),
      (e) => e instanceof DomainError && e.code === 'invalid' && e.details.reason === 'invalidRecipient',
      bad,
    );
  }
  await assert.rejects(
    queue.submit(sampleMessage(), [], options),
    (e) => e instanceof DomainError && e.code === 'invalid',
  );
  await assert.rejects(
    queue.submit(sampleMessage(), ['x@example.org'], { ...options, sender: 'x\r\nRCPT TO:<y@z>' }),
    (e) => e instanceof DomainError && e.details.reason === 'invalidSender',
  );
  assert.deepEqual(await queue.listQueue(), []);
});

test('a backlog for one busy destination does not hide the mail due for another', async (t) => {
  const fixture = await openQueueFixture(t, {
    VERCORS_QUEUE_ACTIVE_WINDOW: '3',
    VERCORS_QUEUE_DOMAIN_CONCURRENCY: '1',
  });
  const options = { sender: `marie.dupont@${LOCAL_DOMAIN}`, source: 'submission' } as const;
  for (let i = 0; i < 20; i++)
    await fixture.services.queue.submit(sampleMessage(), [`r${i}@busy.example`], options);
  fixture.clock.advance(1000);
  await fixture.services.queue.submit(sampleMessage(), ['jean@other.example'], options);
  const report = await fixture.runner().runOnce();
  assert.deepEqual(report, { recipients: 2, groups: 2 });
  assert.deepEqual(fixture.agent.requests.map((r) => r.domain).sort(), ['busy.example', 'other.example']);
});
