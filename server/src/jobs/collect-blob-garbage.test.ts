import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, openJobsFixture, rawMessage } from './jobs.fixture.ts';

/** blobs.gc-grace's default. */
const GRACE_MS = DAY;

test('the blob job removes a destroyed email’s content and orphan files only after the grace period', async (t) => {
  const fixture = await openJobsFixture(t);
  const { mail, blobs } = fixture.services;
  const account = await fixture.newAccount();
  const kept = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const gone = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await mail.destroyEmails(account.id, [gone.emailId]);
  // Content written with no row pointing at it: what a crash between the blob write and the commit leaves.
  const orphan = await blobs.put(new TextEncoder().encode('never referenced'));

  fixture.clock.advance(GRACE_MS - HOUR);
  assert.deepEqual(await fixture.run('collect-blob-garbage'), {
    counts: { unreferenced: 0, orphans: 0, abandonedWrites: 0 },
    hasMore: false,
  });
  assert.ok(await blobs.has(gone.blobId), 'kept during the grace period');
  assert.ok(await blobs.has(orphan.id));

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('collect-blob-garbage'), {
    counts: { unreferenced: 1, orphans: 1, abandonedWrites: 0 },
    hasMore: false,
  });
  assert.equal(await blobs.has(gone.blobId), false);
  assert.equal(await blobs.has(orphan.id), false);
  assert.ok(await blobs.has(kept.blobId), 'referenced content stays');
  const bytes = await mail.getEmailBytes(account.id, kept.emailId);
  assert.ok(bytes, 'the kept email still reads');
});
