import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { DeliveryRequest, RecipientDelivery } from './queue-delivery-agent.ts';
import { releaseLeases, renewLeases } from './queue-lease.ts';
import {
  answers,
  LOCAL_DOMAIN,
  MINUTE,
  openQueueFixture,
  sampleMessage,
  scriptedAgent,
} from './queue.fixture.ts';

const SENDER = `marie.dupont@${LOCAL_DOMAIN}`;

/** Wait (bounded) until `condition` holds. */
async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test('two runners sharing the queue deliver every recipient exactly once', async (t) => {
  const fixture = await openQueueFixture(t, {
    VERCORS_QUEUE_ACTIVE_WINDOW: '4',
    VERCORS_QUEUE_POLL_INTERVAL: '200ms',
  });
  const count = 30;
  for (let i = 0; i < count; i++) {
    await fixture.services.queue.submit(sampleMessage(), [`r${i}@d${i}.example`], {
      sender: SENDER,
      source: 'submission',
    });
  }
  // Each runner has its own agent, so we see who delivered what; both are slow enough to overlap.
  const agents = [scriptedAgent(), scriptedAgent()];
  for (const agent of agents) {
    agent.script = async (address) => {
      await sleep(Math.random() * 15);
      return answers.delivered(address);
    };
  }
  const runners = agents.map((agent, index) => fixture.runner({ agent, owner: `runner-${index}` }));
  for (const runner of runners) runner.start();
  const delivered = () =>
    agents.reduce((sum, a) => sum + [...a.delivered.values()].reduce((x, y) => x + y, 0), 0);
  await until(() => delivered() >= count, 'every recipient to be delivered');
  await Promise.all(runners.map((runner) => runner.stop(1_000)));

  const perAddress = new Map<string, number>();
  for (const agent of agents) {
    for (const [address, times] of agent.delivered)
      perAddress.set(address, (perAddress.get(address) ?? 0) + times);
  }
  assert.equal(perAddress.size, count);
  assert.ok(
    [...perAddress.values()].every((times) => times === 1),
    'nobody got the message twice',
  );
  const states = await fixture.services.database.db.selectFrom('queue_recipients').select('state').execute();
  assert.ok(states.every((row) => row.state === 'delivered'));
  assert.ok(
    agents.every((agent) => agent.requests.length > 0),
    'both runners took a share',
  );
});

test('a runner that stops answering keeps its recipients until its lease runs out, then another takes over', async (t) => {
  const fixture = await openQueueFixture(t);
  await fixture.services.queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: SENDER,
    source: 'submission',
  });
  let answerLate: (result: RecipientDelivery) => void = () => {};
  const stuck = scriptedAgent(
    (address) =>
      new Promise((resolve) => {
        answerLate = resolve;
        void address;
      }),
  );
  const stuckRunner = fixture.runner({ agent: stuck, owner: 'stuck' });
  const stuckAttempt = stuckRunner.runOnce();
  await until(() => stuck.requests.length === 1, 'the first runner to claim');

  const rescuer = fixture.runner({ owner: 'rescuer' });
  fixture.clock.advance(fixture.settings.lease - MINUTE);
  assert.equal((await rescuer.runOnce()).recipients, 0, 'a live lease is respected');
  fixture.clock.advance(MINUTE);
  assert.equal((await rescuer.runOnce()).recipients, 1, 'an expired lease is taken over');
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 1);

  // The first runner wakes up and reports a bounce: it lost its lease, so nothing it says is recorded.
  answerLate(answers.bounced('jean@example.org'));
  await stuckAttempt;
  const row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'delivered');
  assert.equal(Number(row.attempts), 2);
  assert.deepEqual(await fixture.services.queue.listQueue(), [], 'and no bounce was sent');
});

test('a runner killed with SIGKILL mid-delivery is taken over once its lease expires, without a double delivery', async (t) => {
  const fixture = await openQueueFixture(t);
  for (const address of ['a@example.org', 'b@example.net']) {
    await fixture.services.queue.submit(sampleMessage(), [address], { sender: SENDER, source: 'submission' });
  }
  const script = fileURLToPath(new URL('./queue-runner-child.fixture.ts', import.meta.url));
  const env = { ...process.env, ...fixture.env };
  const child = spawn(process.execPath, [script, String(fixture.clock.nowMs()), 'killed-child'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, signal) => resolve(signal)),
  );
  await until(
    () => lines.filter((l) => l.startsWith('claimed')).length === 2 || child.exitCode !== null,
    'the child to claim',
  );
  assert.equal(lines.filter((l) => l.startsWith('claimed')).length, 2, stderr);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');

  const leased = await fixture.services.database.db
    .selectFrom('queue_recipients')
    .select(['state', 'lease_owner'])
    .execute();
  assert.deepEqual(
    leased.map((row) => `${row.state} ${row.lease_owner}`),
    ['active killed-child', 'active killed-child'],
  );
  const survivor = fixture.runner({ owner: 'survivor' });
  assert.equal((await survivor.runOnce()).recipients, 0, 'the dead runner’s lease still holds');
  fixture.clock.advance(fixture.settings.lease);
  assert.equal((await survivor.runOnce()).recipients, 2);
  assert.deepEqual([...fixture.agent.delivered.entries()].sort(), [
    ['a@example.org', 1],
    ['b@example.net', 1],
  ]);
});

test('on stop, a delivery finishing within the grace period is recorded, a slower one is aborted and deferred', async (t) => {
  const fixture = await openQueueFixture(t, { VERCORS_QUEUE_POLL_INTERVAL: '200ms' });
  await fixture.services.queue.submit(sampleMessage(), ['quick@example.org'], {
    sender: SENDER,
    source: 'submission',
  });
  await fixture.services.queue.submit(sampleMessage(), ['slow@example.net'], {
    sender: SENDER,
    source: 'submission',
  });
  fixture.agent.script = (address: string, _attempt: number, request: DeliveryRequest) =>
    new Promise<RecipientDelivery>((resolve) => {
      if (address.startsWith('quick')) {
        setTimeout(() => resolve(answers.delivered(address)), 50);
        return;
      }
      // A slow server: only the abort ends this attempt.
      request.signal.addEventListener('abort', () =>
        resolve({ address, outcome: 'deferred', status: '4.4.2', detail: 'delivery interrupted' }),
      );
    });
  const runner = fixture.runner();
  runner.start();
  await until(() => fixture.agent.requests.length === 2, 'both deliveries to start');
  await runner.stop(300);
  assert.equal(runner.inFlight(), 0);
  const quick = await fixture.recipientRow('quick@example.org');
  const slow = await fixture.recipientRow('slow@example.net');
  assert.equal(quick.state, 'delivered');
  assert.equal(slow.state, 'deferred');
  assert.equal(slow.last_error, 'delivery interrupted');
  assert.equal(slow.lease_owner, null, 'no lease is left behind');
});

test('leases are renewed only by their owner, and given back as due-now deferrals', async (t) => {
  const fixture = await openQueueFixture(t);
  await fixture.services.queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: SENDER,
    source: 'submission',
  });
  const now = fixture.clock.nowMs();
  const { database } = fixture.services;
  await database.write(({ db }) =>
    db
      .updateTable('queue_recipients')
      .set({ state: 'active', lease_owner: 'me', lease_expires_at: now + 1000, next_attempt_at: now + 1000 })
      .execute(),
  );
  const [row] = await database.db.selectFrom('queue_recipients').select('id').execute();
  assert.ok(row);
  assert.equal(await renewLeases(database, 'someone-else', [row.id], now, 60_000), 0);
  assert.equal(await renewLeases(database, 'me', [row.id], now, 60_000), 1);
  let renewed = await fixture.recipientRow('jean@example.org');
  assert.equal(Number(renewed.lease_expires_at), now + 60_000);
  assert.equal(Number(renewed.next_attempt_at), now + 60_000);
  assert.equal(await releaseLeases(database, 'me', [row.id], now + 5), 1);
  renewed = await fixture.recipientRow('jean@example.org');
  assert.equal(renewed.state, 'deferred');
  assert.equal(Number(renewed.next_attempt_at), now + 5);
  assert.equal(renewed.lease_owner, null);
});
