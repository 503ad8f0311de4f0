// Uploads in the mail domain: exact content and type, the per-account bounds, reads by other accounts, expiry
// and the blob reference each upload holds.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { auditBlobReferences } from './counter-audit.fixture.ts';
import { MAIL_LIMITS } from './mail-limits.ts';
import { type MailFixture, newAccount, openMailFixture, readAll, refusedWith } from './mail.fixture.ts';

const PDF = Buffer.from('%PDF-1.4\n% compte rendu du conseil\n\u00e9l\u00e8ves\n', 'utf8');

/** The parts as a stream that yields to the event loop between chunks, as a socket does. */
async function* chunks(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const part of parts) {
    await setImmediate();
    yield part;
  }
}

async function blobRow(fixture: MailFixture, uploadId: string) {
  const upload = await fixture.database.db
    .selectFrom('blob_uploads')
    .select('blob_id')
    .where('id', '=', uploadId)
    .executeTakeFirstOrThrow();
  const blob = await fixture.database.db
    .selectFrom('blobs')
    .select(['id', 'refcount', 'unreferenced_since'])
    .where('id', '=', upload.blob_id)
    .executeTakeFirstOrThrow();
  return { id: blob.id, refcount: Number(blob.refcount), unreferencedSince: blob.unreferenced_since };
}

test('an upload keeps its exact bytes, type and size, and reads whole or by range for its account only', async (t) => {
  const fixture = await openMailFixture(t);
  const paul = await newAccount(fixture);
  const marie = await newAccount(fixture);
  const upload = await fixture.mail.uploadBlob(
    paul.id,
    chunks(PDF.subarray(0, 10), PDF.subarray(10)),
    ' application/pdf; name="cr.pdf" ',
  );
  assert.match(upload.id, /^u[A-Za-z0-9_-]{16}$/);
  assert.deepEqual(upload, {
    id: upload.id,
    type: 'application/pdf; name="cr.pdf"',
    size: PDF.byteLength,
    createdAt: fixture.clock.now(),
  });
  assert.deepEqual(await fixture.mail.getUpload(paul.id, upload.id), upload);

  const read = await fixture.mail.readUpload(paul.id, upload.id);
  assert.ok(read);
  assert.deepEqual(read.upload, upload);
  assert.deepEqual(await readAll(read.content), PDF);
  const range = await fixture.mail.readUpload(paul.id, upload.id, { start: 4, end: 8 });
  assert.equal((await readAll(range?.content ?? chunks())).toString(), '-1.4');
  const clamped = await fixture.mail.readUpload(paul.id, upload.id, { start: 10, end: 1e9 });
  assert.deepEqual(await readAll(clamped?.content ?? chunks()), PDF.subarray(10));
  await refusedWith(
    fixture.mail.readUpload(paul.id, upload.id, { start: 5, end: 4 }),
    'invalid',
    'invalidRange',
  );

  assert.equal(await fixture.mail.getUpload(marie.id, upload.id), undefined, 'another account');
  assert.equal(await fixture.mail.readUpload(marie.id, upload.id), undefined);
  assert.equal(await fixture.mail.getUpload(paul.id, 'unothing'), undefined);
  await refusedWith(fixture.mail.uploadBlob('no-such-account', PDF, 'application/pdf'), 'notFound');
  await auditBlobReferences(fixture.database);
});

test('a media type is checked, trimmed and defaults to application/octet-stream', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const typeOf = async (type: string) => (await fixture.mail.uploadBlob(account.id, PDF, type)).type;
  assert.equal(await typeOf(''), 'application/octet-stream');
  assert.equal(await typeOf('   '), 'application/octet-stream');
  assert.equal(await typeOf('message/rfc822'), 'message/rfc822');
  assert.equal(await typeOf('text/plain;charset=utf-8'), 'text/plain;charset=utf-8');
  assert.equal(await typeOf('Image/PNG'), 'Image/PNG', 'kept as declared');
  assert.equal(
    await typeOf('application/vnd.oasis.opendocument.text'),
    'application/vnd.oasis.opendocument.text',
  );
  for (const bad of [
    'pdf',
    'application/',
    '/pdf',
    'text/plain; charset',
    'text/plain; charset="utf-8',
    'text/pl ain',
    'text/plain\r\nX-Injected: 1',
    'texte/é',
    `application/${'x'.repeat(300)}`,
  ])
    await refusedWith(fixture.mail.uploadBlob(account.id, PDF, bad), 'invalid', 'invalidMediaType');
  assert.equal(
    Number(
      (
        await fixture.database.db
          .selectFrom('blob_uploads')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    ),
    6,
    'no row for a refused type',
  );
});

test('content over the upload limit is refused while it is read, and leaves no upload', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  let chunksRead = 0;
  const mebibyte = new Uint8Array(1024 * 1024);
  async function* oversized() {
    for (let index = 0; index < 60; index++) {
      await setImmediate();
      chunksRead += 1;
      yield mebibyte;
    }
  }
  await refusedWith(fixture.mail.uploadBlob(account.id, oversized(), 'application/zip'), 'tooBig', 'tooBig');
  assert.equal(chunksRead, MAIL_LIMITS.maxUploadBytes / mebibyte.byteLength + 1, 'stopped at the limit');
  const exact = await fixture.mail.uploadBlob(
    account.id,
    chunks(new Uint8Array(MAIL_LIMITS.maxUploadBytes)),
    'application/zip',
  );
  assert.equal(exact.size, MAIL_LIMITS.maxUploadBytes);
  const rows = await fixture.database.db.selectFrom('blob_uploads').select('id').execute();
  assert.deepEqual(
    rows.map((row) => row.id),
    [exact.id],
  );
});

test('an account holds at most maxPendingUploads uploads and maxPendingUploadBytes bytes of them', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const first = await fixture.mail.uploadBlob(account.id, PDF, 'application/pdf');
  const { id: blobId } = await blobRow(fixture, first.id);
  // The other uploads, as rows: making 999 real ones would only slow the test.
  const seed = async (count: number, size: number, accountId = account.id) => {
    await fixture.database.write(async (tx) => {
      const now = fixture.clock.nowMs();
      const rows = Array.from({ length: count }, (_, index) => ({
        id: `useed${accountId}${index}`,
        account_id: accountId,
        blob_id: blobId,
        type: 'application/pdf',
        size,
        created_at: now,
      }));
      for (let start = 0; start < rows.length; start += 100)
        await tx.db
          .insertInto('blob_uploads')
          .values(rows.slice(start, start + 100))
          .execute();
      await tx.db
        .updateTable('blobs')
        .set((eb) => ({ refcount: eb('refcount', '+', count) }))
        .where('id', '=', blobId)
        .execute();
    });
  };
  await seed(MAIL_LIMITS.maxPendingUploads - 1, 1);
  await refusedWith(fixture.mail.uploadBlob(account.id, PDF, 'application/pdf'), 'limit', 'tooManyUploads');
  // Another account has its own bounds.
  await fixture.mail.uploadBlob(other.id, PDF, 'application/pdf');

  // A day later the seeded uploads have expired: they no longer count, even before the job deletes them.
  fixture.clock.advance(MAIL_LIMITS.uploadLifetimeMs + 1);
  await fixture.mail.uploadBlob(account.id, PDF, 'application/pdf');
  await seed(1, MAIL_LIMITS.maxPendingUploadBytes - 10, other.id);
  await refusedWith(
    fixture.mail.uploadBlob(other.id, new Uint8Array(11), 'application/octet-stream'),
    'limit',
    'uploadsTooLarge',
  );
  const last = await fixture.mail.uploadBlob(other.id, new Uint8Array(10), 'application/octet-stream');
  assert.equal(last.size, 10);
  await auditBlobReferences(fixture.database);
});

test('an upload reads as gone after a day; expiry deletes it and drops its blob reference', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const old = await fixture.mail.uploadBlob(account.id, PDF, 'application/pdf');
  fixture.clock.advance(MAIL_LIMITS.uploadLifetimeMs / 2);
  // The same content again: one blob, two references.
  const recent = await fixture.mail.uploadBlob(account.id, PDF, 'application/pdf');
  const shared = await blobRow(fixture, old.id);
  assert.deepEqual(shared, { id: shared.id, refcount: 2, unreferencedSince: null });

  fixture.clock.advance(MAIL_LIMITS.uploadLifetimeMs / 2 - 1);
  assert.equal(await fixture.mail.expireUploads(fixture.clock.nowMs()), 0, 'a day old to the millisecond');
  assert.ok(await fixture.mail.getUpload(account.id, old.id));

  fixture.clock.advance(2);
  assert.equal(await fixture.mail.getUpload(account.id, old.id), undefined, 'gone before the job runs');
  assert.equal(await fixture.mail.readUpload(account.id, old.id), undefined);
  assert.equal(await fixture.mail.expireUploads(fixture.clock.nowMs()), 1);
  assert.deepEqual(await blobRow(fixture, recent.id), {
    id: shared.id,
    refcount: 1,
    unreferencedSince: null,
  });
  assert.ok(await fixture.mail.getUpload(account.id, recent.id));
  await auditBlobReferences(fixture.database);

  fixture.clock.advance(MAIL_LIMITS.uploadLifetimeMs);
  assert.equal(await fixture.mail.expireUploads(fixture.clock.nowMs()), 1);
  const blob = await fixture.database.db
    .selectFrom('blobs')
    .select(['refcount', 'unreferenced_since'])
    .where('id', '=', shared.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { refcount: Number(blob.refcount), unreferencedSince: Number(blob.unreferenced_since) },
    { refcount: 0, unreferencedSince: fixture.clock.nowMs() },
    'collectable after the grace period',
  );
  assert.equal(await fixture.mail.expireUploads(fixture.clock.nowMs()), 0, 'idempotent');
  await auditBlobReferences(fixture.database);
});

test('expiry works through more uploads than one batch', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const uploads = [];
  for (let index = 0; index < 3; index++)
    uploads.push(await fixture.mail.uploadBlob(account.id, Buffer.from(`pièce ${index}`), 'text/plain'));
  const { id: blobId } = await blobRow(fixture, uploads[0]?.id ?? '');
  await fixture.database.write(async (tx) => {
    for (let start = 0; start < 1200; start += 100)
      await tx.db
        .insertInto('blob_uploads')
        .values(
          Array.from({ length: 100 }, (_, index) => ({
            id: `useed${start + index}`,
            account_id: account.id,
            blob_id: blobId,
            type: 'text/plain',
            size: 1,
            created_at: fixture.clock.nowMs(),
          })),
        )
        .execute();
    await tx.db
      .updateTable('blobs')
      .set((eb) => ({ refcount: eb('refcount', '+', 1200) }))
      .where('id', '=', blobId)
      .execute();
  });
  fixture.clock.advance(MAIL_LIMITS.uploadLifetimeMs + 1);
  assert.equal(await fixture.mail.expireUploads(fixture.clock.nowMs()), 1203);
  assert.deepEqual(await fixture.database.db.selectFrom('blob_uploads').select('id').execute(), []);
  await auditBlobReferences(fixture.database);
});
