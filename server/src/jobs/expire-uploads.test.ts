import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { maintenanceJobs } from '../main.ts';
import { DAY, HOUR, openJobsFixture } from './jobs.fixture.ts';

test('the upload job deletes uploads a day old, after which the blob collector removes their content', async (t) => {
  // A short grace period, so the collector would remove an unreferenced upload long before it expires.
  const fixture = await openJobsFixture(t, { VERCORS_BLOBS_GC_GRACE: '1h' });
  const { mail, blobs, database } = fixture.services;
  const account = await fixture.newAccount();
  const content = new TextEncoder().encode('pièce jointe du brouillon');
  const upload = await mail.uploadBlob(account.id, content, 'text/plain; charset=utf-8');
  const { blob_id: blobId } = await database.db
    .selectFrom('blob_uploads')
    .select('blob_id')
    .where('id', '=', upload.id)
    .executeTakeFirstOrThrow();

  fixture.clock.advance(DAY - HOUR);
  assert.deepEqual(await fixture.run('expire-uploads'), { counts: { uploads: 0 } });
  assert.deepEqual(await fixture.run('collect-blob-garbage'), {
    counts: { unreferenced: 0, orphans: 0, abandonedWrites: 0 },
    hasMore: false,
  });
  assert.ok(await blobs.has(blobId), 'an upload’s content stays while the upload does');
  assert.ok(await mail.getUpload(account.id, upload.id));

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('expire-uploads'), { counts: { uploads: 1 } });
  assert.equal(await mail.getUpload(account.id, upload.id), undefined);
  assert.deepEqual(await fixture.run('expire-uploads'), { counts: { uploads: 0 } }, 'idempotent');
  assert.deepEqual((await fixture.run('collect-blob-garbage')).counts, {
    unreferenced: 0,
    orphans: 0,
    abandonedWrites: 0,
  });
  assert.ok(await blobs.has(blobId), 'kept for the grace period after the upload went');

  fixture.clock.advance(HOUR + 1);
  assert.deepEqual((await fixture.run('collect-blob-garbage')).counts, {
    unreferenced: 1,
    orphans: 0,
    abandonedWrites: 0,
  });
  assert.equal(await blobs.has(blobId), false);
});

test('the upload job runs hourly unless configured otherwise', async (t) => {
  const interval = async (env: Record<string, string>) => {
    const fixture = await openJobsFixture(t, env);
    return maintenanceJobs(fixture.services, silentLogger()).find((job) => job.name === 'expire-uploads')
      ?.intervalMs;
  };
  assert.equal(await interval({}), HOUR);
  assert.equal(await interval({ VERCORS_JOBS_EXPIRE_UPLOADS_INTERVAL: '10m' }), 10 * 60_000);
});
