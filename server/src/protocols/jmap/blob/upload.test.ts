// Blob upload over HTTP (RFC 8620 §6.1): the answer, the round trip through download, the account and size
// limits, and expiry; the per-process concurrency bound and the refusal mapping on the endpoint alone.

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { fixedClock } from '#core/clock';
import { DomainError, StoreError } from '#core/errors';
import { MAIL_LIMITS, type Upload } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { type Answer, type JmapFixture, openJmapFixture, readJson, type Who } from '../jmap.fixture.ts';
import type { JmapPrincipal } from '../method-context.ts';
import { createUploadEndpoint, type UploadMail } from './upload.ts';

/** Every octet value, twice, then a CRLF: what a text-mangling path would change. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
  Buffer.from(Array.from({ length: 256 }, (_, index) => 255 - index)),
  Buffer.from('\r\n'),
]);

function upload(
  fixture: JmapFixture,
  body: RequestInit['body'],
  options: { who?: Who; accountId?: string; type?: string; path?: string } = {},
): Promise<Response> {
  const who = options.who ?? 'paul';
  const headers: Record<string, string> = { authorization: fixture.authorization(who) };
  if (options.type !== undefined) headers['content-type'] = options.type;
  const path = options.path ?? `/jmap/upload/${options.accountId ?? fixture.accounts[who]}/`;
  return fetch(`${fixture.base}${path}`, {
    method: 'POST',
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function download(fixture: JmapFixture, blobId: string, who: Who = 'paul'): Promise<Response> {
  return await fetch(`${fixture.base}/jmap/download/${fixture.accounts[who]}/${blobId}/file?accept=x/y`, {
    headers: { authorization: fixture.authorization(who) },
  });
}

test('an upload answers 201 with its blob id, type and size, and downloads back byte for byte', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;

  const response = await upload(fixture, BINARY, { type: 'application/pdf' });
  assert.equal(response.status, 201);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = await readJson(response);
  assert.match(body.blobId, /^uu[A-Za-z0-9_-]{16}$/);
  assert.deepEqual(body, {
    accountId,
    blobId: body.blobId,
    type: 'application/pdf',
    size: BINARY.byteLength,
  });
  const back = await download(fixture, body.blobId);
  assert.equal(back.status, 200);
  assert.deepEqual(Buffer.from(await back.arrayBuffer()), BINARY);

  // No Content-Type: octets; the path without its final slash is the same resource.
  const plain = await readJson(
    await upload(fixture, BINARY.subarray(0, 3), { path: `/jmap/upload/${accountId}` }),
  );
  assert.deepEqual(plain, { accountId, blobId: plain.blobId, type: 'application/octet-stream', size: 3 });
  const empty = await readJson(
    await upload(fixture, new Uint8Array(0), { type: 'text/plain; charset=utf-8' }),
  );
  assert.deepEqual(empty, { accountId, blobId: empty.blobId, type: 'text/plain; charset=utf-8', size: 0 });
  assert.equal((await (await download(fixture, empty.blobId)).arrayBuffer()).byteLength, 0);

  // A streamed body (chunked, no Content-Length) arrives whole too.
  const streamed = await readJson(
    await upload(fixture, ReadableStream.from([BINARY.subarray(0, 100), BINARY.subarray(100)]), {
      type: 'image/png',
    }),
  );
  assert.equal(streamed.size, BINARY.byteLength);
  assert.deepEqual(Buffer.from(await (await download(fixture, streamed.blobId)).arrayBuffer()), BINARY);
  assert.notEqual(streamed.blobId, body.blobId, 'every upload has an id of its own');
});

test('an upload into another account, with a bad type or without a login is refused', async (t) => {
  const fixture = await openJmapFixture(t);
  const other = await upload(fixture, BINARY, { accountId: fixture.accounts.marie });
  assert.equal(other.status, 404);
  assert.deepEqual(await readJson(other), {
    type: 'about:blank',
    status: 404,
    detail: 'No such account for this user.',
  });
  assert.equal((await upload(fixture, BINARY, { accountId: 'nobody' })).status, 404);

  const bad = await upload(fixture, BINARY, { type: 'pas un type' });
  assert.equal(bad.status, 400);
  assert.equal((await readJson(bad)).detail, 'The Content-Type is not a valid media type.');

  const anonymous = await fetch(`${fixture.base}/jmap/upload/${fixture.accounts.paul}/`, {
    method: 'POST',
    body: BINARY,
  });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();

  // Paul's upload is his: Marie cannot download it, even by its id.
  const { blobId } = await readJson(await upload(fixture, BINARY));
  assert.equal((await download(fixture, blobId, 'marie')).status, 404);
  const asMarieForPaul = await fetch(`${fixture.base}/jmap/download/${fixture.accounts.paul}/${blobId}/f`, {
    headers: { authorization: fixture.authorization('marie') },
  });
  assert.equal(asMarieForPaul.status, 404);
  await asMarieForPaul.body?.cancel();
});

test('an upload past maxSizeUpload gets the limit problem, declared or streamed; the limit itself passes', async (t) => {
  assert.equal(
    JMAP_CORE_LIMITS.maxSizeUpload,
    MAIL_LIMITS.maxUploadBytes,
    'JMAP advertises the domain’s bound',
  );
  const fixture = await openJmapFixture(t);
  const limitProblem = {
    type: 'urn:ietf:params:jmap:error:limit',
    status: 413,
    detail: `Uploads are limited to ${JMAP_CORE_LIMITS.maxSizeUpload} bytes.`,
    limit: 'maxSizeUpload',
  };

  // Declared too large: answered at once, before any of the body is read.
  const declared = await new Promise<{ status: number; body: Answer }>((resolve, reject) => {
    const request = httpRequest(
      `${fixture.base}/jmap/upload/${fixture.accounts.paul}/`,
      {
        method: 'POST',
        headers: {
          authorization: fixture.authorization('paul'),
          'content-length': String(JMAP_CORE_LIMITS.maxSizeUpload + 1),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
          request.destroy();
        });
      },
    );
    request.on('error', reject);
    request.flushHeaders();
  });
  assert.deepEqual(declared, { status: 413, body: limitProblem });

  // Streamed without a length: counted while read, refused one octet past the limit.
  const mebibyte = new Uint8Array(1024 * 1024);
  let sent = 0;
  const oversized = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await setImmediate();
      if (sent < JMAP_CORE_LIMITS.maxSizeUpload) {
        sent += mebibyte.byteLength;
        controller.enqueue(mebibyte);
      } else {
        controller.enqueue(new Uint8Array(1));
        controller.close();
      }
    },
  });
  const streamed = await upload(fixture, oversized);
  assert.equal(streamed.status, 413);
  assert.deepEqual(await readJson(streamed), limitProblem);

  const exact = await upload(fixture, new Uint8Array(JMAP_CORE_LIMITS.maxSizeUpload));
  assert.equal(exact.status, 201);
  assert.equal((await readJson(exact)).size, JMAP_CORE_LIMITS.maxSizeUpload);
});

test('an upload is gone a day later: download, import and copy no longer find it', async (t) => {
  const clock = fixedClock(new Date());
  const fixture = await openJmapFixture(t, { clock });
  const message = Buffer.from('From: marie@ac-test.fr\r\nSubject: Brouillon\r\n\r\nBonjour\r\n');
  const { blobId } = await readJson(await upload(fixture, message, { type: 'message/rfc822' }));
  clock.advance(MAIL_LIMITS.uploadLifetimeMs);
  assert.equal((await download(fixture, blobId)).status, 200, 'a day old to the millisecond');

  clock.advance(1);
  const gone = await download(fixture, blobId);
  assert.equal(gone.status, 404);
  await gone.body?.cancel();
  const [mailbox] = await fixture.services.mail.listMailboxes(fixture.accounts.paul);
  const accountId = fixture.accounts.paul;
  const { responses } = await fixture.api(
    [
      [
        'Email/import',
        { accountId, emails: { a: { blobId, mailboxIds: { [mailbox?.id ?? '']: true } } } },
        'import',
      ],
      ['Blob/copy', { fromAccountId: accountId, accountId, blobIds: [blobId] }, 'copy'],
    ],
    { using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail] },
  );
  assert.deepEqual(responses[0]?.[1].notCreated, {
    a: { type: 'blobNotFound', description: `no blob ${blobId}` },
  });
  assert.deepEqual(responses[1]?.[1].notCopied, {
    [blobId]: { type: 'blobNotFound', description: `no blob ${blobId} in ${accountId}` },
  });
  assert.equal(await fixture.services.mail.expireUploads(clock.nowMs()), 1);
});

/** The endpoint alone, over a mail service whose uploads finish when the test says. */
function endpointWith(uploadBlob: UploadMail['uploadBlob']) {
  const endpoint = createUploadEndpoint({ uploadBlob });
  const principal = (accountId: string): JmapPrincipal => ({
    accountId,
    email: `${accountId}@x`,
    displayName: '',
  });
  return (accountId: string) =>
    endpoint(
      {
        accountId,
        contentType: 'text/plain',
        contentLength: '3',
        body: ReadableStream.from([Buffer.from('abc')]),
      },
      principal(accountId),
    );
}

const DONE: Upload = { id: 'u1', type: 'text/plain', size: 3, createdAt: new Date(0) };

test('at most maxConcurrentUpload uploads run at once per account in a process', async () => {
  const waiting: (() => void)[] = [];
  const started: string[] = [];
  const send = endpointWith(async (accountId, content) => {
    for await (const chunk of content as AsyncIterable<Uint8Array>) assert.equal(chunk.byteLength, 3);
    started.push(accountId);
    if (accountId === 'paul') await new Promise<void>((resolve) => waiting.push(resolve));
    return DONE;
  });
  const running = Array.from({ length: JMAP_CORE_LIMITS.maxConcurrentUpload }, () => send('paul'));
  while (waiting.length < JMAP_CORE_LIMITS.maxConcurrentUpload) await setImmediate();

  const refused = await send('paul');
  assert.equal(refused.status, 429);
  assert.deepEqual(await refused.json(), {
    type: 'urn:ietf:params:jmap:error:limit',
    status: 429,
    detail: 'Too many uploads at once for this account.',
    limit: 'maxConcurrentUpload',
  });
  assert.equal((await send('marie')).status, 201, 'another account has its own bound');

  waiting.shift()?.();
  assert.equal((await running[0])?.status, 201);
  const next = send('paul');
  while (waiting.length < JMAP_CORE_LIMITS.maxConcurrentUpload) await setImmediate();
  for (const release of waiting.splice(0)) release();
  for (const response of [...running.slice(1), next]) assert.equal((await response).status, 201);
  assert.equal(
    started.filter((accountId) => accountId === 'paul').length,
    JMAP_CORE_LIMITS.maxConcurrentUpload + 1,
  );
});

test('refusals of the domain and the store become problems; anything else is left to the HTTP app', async () => {
  const answer = async (error: Error) => {
    const response = await endpointWith(() => Promise.reject(error))('paul');
    return { status: response.status, body: (await response.json()) as Answer };
  };
  const limit = (reason: string) =>
    new DomainError('limit', 'too many', { details: { subject: 'upload', name: '', reason, max: 1 } });
  assert.deepEqual(await answer(limit('tooManyUploads')), {
    status: 400,
    body: {
      type: 'urn:ietf:params:jmap:error:limit',
      status: 400,
      detail: 'This account holds too many uploads; try tomorrow.',
      limit: 'maxPendingUploads',
    },
  });
  assert.equal((await answer(limit('uploadsTooLarge'))).body.limit, 'maxPendingUploadBytes');
  assert.deepEqual((await answer(new DomainError('tooBig', 'big'))).body.limit, 'maxSizeUpload');
  assert.equal((await answer(new DomainError('tooBig', 'big'))).status, 413);
  assert.equal((await answer(new StoreError('unavailable', 'disk gone'))).status, 503);
  assert.equal((await answer(new StoreError('busy', 'locked'))).status, 503);
  await assert.rejects(answer(new Error('bug')), /bug/);
  await assert.rejects(answer(new DomainError('forbidden', 'no')), /no/);
});
