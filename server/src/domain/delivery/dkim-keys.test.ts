import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { TXT_STRING_BYTES } from './dkim-keys.ts';
import { verifyWithMailauth } from '../../test-support/dkim-verifiers.ts';
import { LOCAL_DOMAIN, openQueueFixture, sampleMessage } from './queue.fixture.ts';

const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

test('a domain’s first key is active; a second waits inactive until activated', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue } = fixture.services;
  const first = await queue.createDkimKey('AC-Test.fr');
  assert.equal(first.domain, LOCAL_DOMAIN);
  assert.equal(first.selector, 'vercors202611', 'default selector: vercors and the year and month');
  assert.equal(first.algorithm, 'rsa-sha256');
  assert.equal(first.isActive, true);
  assert.equal(first.dnsRecord.name, `vercors202611._domainkey.${LOCAL_DOMAIN}.`);
  assert.match(first.dnsRecord.value, /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
  assert.ok(first.dnsRecord.strings.length >= 2, 'a 2048-bit key needs more than one TXT string');
  assert.ok(first.dnsRecord.strings.every((s) => Buffer.byteLength(s) <= TXT_STRING_BYTES));
  assert.equal(first.dnsRecord.strings.join(''), first.dnsRecord.value);

  fixture.clock.advance(60_000);
  const second = await queue.createDkimKey(LOCAL_DOMAIN, { selector: 'Ed2026', type: 'ed25519' });
  assert.equal(second.selector, 'ed2026');
  assert.equal(second.isActive, false);
  assert.match(second.dnsRecord.value, /^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
  assert.deepEqual(second.dnsRecord.strings, [second.dnsRecord.value]);

  const activated = await queue.activateDkimKey(LOCAL_DOMAIN, 'ED2026');
  assert.equal(activated.isActive, true);
  assert.deepEqual(
    (await queue.listDkimKeys(LOCAL_DOMAIN)).map((k) => `${k.selector} ${k.isActive}`),
    ['vercors202611 false', 'ed2026 true'],
  );
  const listed = await queue.listDkimKeys();
  assert.equal(listed.length, 2);
  assert.ok(!JSON.stringify(listed).includes('PRIVATE KEY'), 'a listing never carries the private key');
});

test('keys are refused for a domain not served here, a taken selector or a malformed one', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue } = fixture.services;
  await assert.rejects(queue.createDkimKey('example.org', { type: 'ed25519' }), refused('notFound'));
  await queue.createDkimKey(LOCAL_DOMAIN, { selector: 's1', type: 'ed25519' });
  await assert.rejects(
    queue.createDkimKey(LOCAL_DOMAIN, { selector: 's1', type: 'ed25519' }),
    refused('exists'),
  );
  for (const selector of ['-bad', 'a..b', 'x_y', 'a'.repeat(64)]) {
    await assert.rejects(
      queue.createDkimKey(LOCAL_DOMAIN, { selector, type: 'ed25519' }),
      refused('invalid'),
      selector,
    );
  }
  await assert.rejects(queue.activateDkimKey(LOCAL_DOMAIN, 'nope'), refused('notFound'));
});

test('mail from a domain with an active key is signed at enqueue, and the signature verifies', async (t) => {
  const fixture = await openQueueFixture(t);
  const { queue } = fixture.services;
  const key = await queue.createDkimKey(LOCAL_DOMAIN, { selector: 'mail', type: 'ed25519' });
  const unsigned = sampleMessage({ from: 'ext@example.net' });
  const signed = await queue.submit(sampleMessage(), ['jean@example.org'], {
    sender: `marie.dupont@${LOCAL_DOMAIN}`,
    source: 'submission',
  });
  const foreign = await queue.submit(unsigned, ['jean@example.org'], {
    sender: 'ext@example.net',
    source: 'forward',
  });
  assert.equal((await queue.showQueued(signed.id))?.dkimDomain, LOCAL_DOMAIN);
  assert.equal(
    (await queue.showQueued(foreign.id))?.dkimDomain,
    null,
    'nobody here can sign for example.net',
  );

  await fixture.runner().runOnce();
  const sent = fixture.agent.requests.find((r) => r.queueId === signed.id);
  assert.ok(sent);
  assert.deepEqual(await verifyWithMailauth(sent.content, key.dnsRecord), {
    result: 'pass',
    domain: LOCAL_DOMAIN,
  });
  const other = fixture.agent.requests.find((r) => r.queueId === foreign.id);
  assert.deepEqual(Buffer.from(other?.content ?? []), unsigned, 'unsigned mail leaves byte for byte');
});
