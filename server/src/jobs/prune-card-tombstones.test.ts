import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, openJobsFixture, refusedWith } from './jobs.fixture.ts';

/** changelog.retention's default. */
const RETENTION_MS = 30 * DAY;

const card = (uid: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${uid}\r\nEND:VCARD\r\n`;

test('the card tombstone job prunes removed cards past the change log retention; older sync tokens are then refused', async (t) => {
  const fixture = await openJobsFixture(t);
  const { contacts } = fixture.services;
  const account = await fixture.newAccount();
  await contacts.putCard('system', account.id, 'contacts', 'a.vcf', card('a'));
  const token = (await contacts.changesSince('system', account.id, 'contacts', undefined)).modseq;
  await contacts.deleteCard('system', account.id, 'contacts', 'a.vcf');

  fixture.clock.advance(RETENTION_MS - HOUR);
  assert.deepEqual(await fixture.run('prune-card-tombstones'), { counts: { tombstones: 0 } });
  assert.deepEqual((await contacts.changesSince('system', account.id, 'contacts', token)).removed, ['a.vcf']);

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('prune-card-tombstones'), { counts: { tombstones: 1 } });
  await refusedWith(contacts.changesSince('system', account.id, 'contacts', token), 'cannotCalculateChanges');
  assert.deepEqual(await fixture.run('prune-card-tombstones'), { counts: { tombstones: 0 } }, 'idempotent');
});
