import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { openServices, readConfig } from '../../main.ts';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

const message = Buffer.from(
  'From: <marie@ac-test.fr>\r\nTo: <jean@example.org>\r\nSubject: Essai\r\n\r\nBonjour\r\n',
);

/** Queue a message the way submission does, through the services the CLI opens too. */
async function queueOne(cli: CliFixture): Promise<string> {
  const services = await openServices(readConfig(cli.env), silentLogger());
  try {
    const queued = await services.queue.submit(message, ['jean@example.org', 'paul@example.net'], {
      sender: 'marie@ac-test.fr',
      source: 'submission',
    });
    return queued.id;
  } finally {
    await services.close();
  }
}

test('queue list, show, hold, release and retry, in French and as JSON', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  assert.match((await cli.run(['queue', 'list'])).stdout, /La file d’envoi est vide\./);
  const id = await queueOne(cli);

  const listed = await cli.run(['queue', 'list']);
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, new RegExp(`^${id}  \\d+ o  .*  <marie@ac-test\\.fr>$`, 'm'));
  assert.match(listed.stdout, /^ {4}jean@example\.org — en attente$/m);
  assert.match(listed.stdout, /1 message\(s\)\./);
  const json = await cli.json(['queue', 'list', '--domain', 'EXAMPLE.net']);
  const [entry] = json.value as { id: string; recipients: { address: string; state: string }[] }[];
  assert.equal(entry?.id, id);
  assert.equal(entry?.recipients.length, 2, 'the whole message is listed, not only the matching recipient');
  assert.match(
    (await cli.run(['queue', 'list', '--domain', 'nowhere.example'])).stdout,
    /Aucun message ne correspond/,
  );

  const shown = await cli.run(['queue', 'show', id]);
  assert.match(shown.stdout, /^Expéditeur\s+<marie@ac-test\.fr>$/m);
  assert.match(shown.stdout, /^Origine\s+envoi d’un utilisateur$/m);
  assert.match(shown.stdout, /^Signature DKIM\s+aucune$/m);

  assert.match((await cli.run(['queue', 'hold', id])).stdout, new RegExp(`Message ${id} suspendu`));
  assert.match((await cli.run(['queue', 'list', '--state', 'hold'])).stdout, /jean@example\.org — suspendu/);
  assert.match((await cli.run(['queue', 'release', id])).stdout, /remis en file/);
  assert.match((await cli.run(['queue', 'list'])).stdout, /jean@example\.org — différé/);
  assert.match((await cli.run(['queue', 'retry', id])).stdout, /nouvel essai immédiat/);
  const all = await cli.json(['queue', 'retry', '--all']);
  assert.deepEqual(all.value, { retried: 0 }, 'nothing was waiting for a later time');
});

test('queue commands refuse what they cannot do, with sysexits codes', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const id = await queueOne(cli);
  const noConfirm = await cli.run(['queue', 'delete', id]);
  assert.equal(noConfirm.code, 64);
  assert.match(noConfirm.stderr, /deleting is final and the sender is not told: add --yes to confirm/);
  assert.equal((await cli.run(['queue', 'retry'])).code, 64);
  assert.equal((await cli.run(['queue', 'retry', id, '--all'])).code, 64);
  const badState = await cli.run(['queue', 'list', '--state', 'lost']);
  assert.equal(badState.code, 64);
  assert.match(
    badState.stderr,
    /--state must be one of: incoming, active, deferred, hold, delivered, bounced/,
  );
  assert.equal((await cli.run(['queue', 'list', '--limit', '0'])).code, 64);

  const deleted = await cli.run(['queue', 'delete', id, '--yes']);
  assert.equal(deleted.code, 0);
  assert.match(deleted.stdout, new RegExp(`Message ${id} deleted from the queue\\.`));
  const missing = await cli.run(['queue', 'show', id]);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, new RegExp(`The queued message "${id}" was not found`));
  assert.equal((await cli.run(['queue', 'hold', id])).code, 66);
  assert.match((await cli.run(['queue', 'list'])).stdout, /The outbound queue is empty\./);
});
