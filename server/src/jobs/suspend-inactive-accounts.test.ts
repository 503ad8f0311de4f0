import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { DAY, HOUR, openJobsFixture } from './jobs.fixture.ts';

const PASSWORD = 'cheval-agrafe-lune-42';

test('the inactivity job suspends the people unused for the period, and only them', async (t) => {
  const fixture = await openJobsFixture(t, { VERCORS_LIFECYCLE_INACTIVITY_SUSPENSION: '30d' });
  const { identity } = fixture.services;
  const gone = await fixture.newAccount();
  const here = await fixture.newAccount();
  await identity.setPassword(here.email, PASSWORD);

  fixture.clock.advance(20 * DAY);
  const login = await identity.verifyProtocolLogin(here.email, PASSWORD, {
    protocol: 'imap',
    remoteAddress: '198.51.100.7',
  });
  assert.ok(login.ok);
  fixture.clock.advance(10 * DAY - HOUR);
  assert.deepEqual(await fixture.run('suspend-inactive-accounts'), {
    counts: { suspended: 0 },
    hasMore: false,
  });

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('suspend-inactive-accounts'), {
    counts: { suspended: 1 },
    hasMore: false,
  });
  assert.equal((await identity.findAccount(gone.email))?.status, 'suspended');
  assert.equal((await identity.findAccount(here.email))?.status, 'active');
  const [event] = await listAuditEvents(fixture.services.database.db, {
    accountId: gone.id,
    types: ['account.suspended'],
  });
  assert.equal(event?.details.reason, 'inactivity');
  assert.deepEqual(await fixture.run('suspend-inactive-accounts'), {
    counts: { suspended: 0 },
    hasMore: false,
  });
});

test('by default the period is a year', async (t) => {
  const fixture = await openJobsFixture(t);
  const account = await fixture.newAccount();
  fixture.clock.advance(364 * DAY);
  assert.deepEqual(await fixture.run('suspend-inactive-accounts'), {
    counts: { suspended: 0 },
    hasMore: false,
  });
  fixture.clock.advance(2 * DAY);
  assert.deepEqual(await fixture.run('suspend-inactive-accounts'), {
    counts: { suspended: 1 },
    hasMore: false,
  });
  assert.equal((await fixture.services.identity.findAccount(account.email))?.statusReason, 'inactivity');
});
