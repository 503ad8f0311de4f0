import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECEIPT_RETENTION_MS } from '#domain/delivery';
import { HOUR, openJobsFixture, rawMessage } from './jobs.fixture.ts';

test('the receipt job forgets deliveries past the retention, so only then is a resend stored again', async (t) => {
  const fixture = await openJobsFixture(t);
  const account = await fixture.newAccount();
  const raw = rawMessage();
  const deliver = async () => {
    const result = await fixture.services.inbound.deliverInbound({
      envelope: {
        mailFrom: 'alice@example.org',
        rcptTo: [{ address: account.email }],
        remoteAddress: '192.0.2.10',
        helo: 'mx.example.org',
        isExtended: true,
        isTls: false,
        isAuthenticated: false,
        isSmtpUtf8: false,
        sessionId: 'jobs-test',
      },
      raw,
    });
    const [recipient] = result.recipients;
    assert.equal(recipient?.status, 'delivered');
    return recipient.isDuplicate;
  };

  assert.equal(await deliver(), false, 'first delivery is stored');
  assert.equal(await deliver(), true, 'a resend is recognised');
  fixture.clock.advance(RECEIPT_RETENTION_MS - HOUR);
  assert.deepEqual(await fixture.run('prune-receipts'), { counts: { receipts: 0 } });
  assert.equal(await deliver(), true, 'still recognised within the retention');

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('prune-receipts'), { counts: { receipts: 1 } });
  assert.equal(await deliver(), false, 'forgotten: stored again');
});
