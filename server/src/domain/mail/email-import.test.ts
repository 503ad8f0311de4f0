import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditBlobReferences, auditMailCounters } from './counter-audit.fixture.ts';
import {
  FIXTURE_START,
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  readAll,
  refusedWith,
} from './mail.fixture.ts';

test('an imported message keeps its metadata, so nothing needs reparsing to serve it', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const raw = rawMessage({
    subject: 'RE : Conseil de classe',
    from: 'Marie Dupont <marie.dupont@ac-grenoble.fr>',
    to: 'Jean Martin <jean.martin@ac-test.fr>',
    messageId: 'conseil-2@ac-grenoble.fr',
    inReplyTo: 'conseil-1@ac-grenoble.fr',
    references: ['conseil-1@ac-grenoble.fr'],
    body: 'Le conseil aura lieu jeudi.\r\n',
  });
  const receivedAt = new Date('2026-09-01T09:30:00Z');
  const imported = await fixture.mail.importMessage(account.id, raw, {
    mailboxIds: [inbox.id],
    keywords: ['$Seen', '$flagged'],
    receivedAt,
  });
  assert.deepEqual(imported.uids, [{ mailboxId: inbox.id, uidValidity: inbox.uidValidity, uid: 1 }]);
  assert.equal(imported.size, raw.byteLength);

  const [email] = await fixture.mail.getEmails(account.id, [imported.emailId]);
  assert.ok(email);
  assert.equal(email.subject, 'RE : Conseil de classe');
  assert.equal(email.normalizedSubject, 'conseil de classe');
  assert.deepEqual(email.from, [{ name: 'Marie Dupont', address: 'marie.dupont@ac-grenoble.fr' }]);
  assert.deepEqual(email.to, [{ name: 'Jean Martin', address: 'jean.martin@ac-test.fr' }]);
  assert.equal(email.messageId, 'conseil-2@ac-grenoble.fr');
  assert.deepEqual(email.inReplyTo, ['conseil-1@ac-grenoble.fr']);
  assert.deepEqual(email.references, ['conseil-1@ac-grenoble.fr']);
  assert.deepEqual(email.keywords, ['$flagged', '$seen']);
  assert.deepEqual(email.receivedAt, receivedAt);
  assert.deepEqual(email.sentAt, new Date('2026-09-01T08:00:00Z'));
  assert.match(email.preview, /Le conseil aura lieu jeudi/);
  assert.equal(email.hasAttachment, false);
  assert.deepEqual(email.mailboxUids, { [inbox.id]: 1 });
  assert.equal(email.threadId, imported.threadId);
  assert.equal(email.blobId, imported.blobId);
  assert.equal(email.modseq, imported.modseq);
  assert.ok(email.structure);
  assert.equal(email.structure.envelope.subject, 'RE : Conseil de classe');
  assert.equal(email.structure.structure.type, 'text');
  assert.equal(email.structure.headerSize, Buffer.from(raw).indexOf('\r\n\r\n') + 4);

  const [light] = await fixture.mail.getEmails(account.id, [imported.emailId], []);
  assert.equal(light?.structure, undefined, 'structure only when asked');
  assert.equal(light?.mailboxUids, undefined, 'mailboxes only when asked');
});

test('the raw bytes come back whole or by range, clamped to the message', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const raw = rawMessage();
  const { emailId } = await fixture.mail.importMessage(account.id, raw, { mailboxRole: 'inbox' });
  assert.deepEqual(await readAll(await fixture.mail.getEmailBytes(account.id, emailId)), Buffer.from(raw));
  assert.deepEqual(
    await readAll(await fixture.mail.getEmailBytes(account.id, emailId, { start: 6, end: 10 })),
    Buffer.from(raw).subarray(6, 10),
  );
  const tail = await readAll(
    await fixture.mail.getEmailBytes(account.id, emailId, { start: raw.length - 3, end: 10 ** 9 }),
  );
  assert.deepEqual(tail, Buffer.from(raw).subarray(raw.length - 3));
  await refusedWith(
    fixture.mail.getEmailBytes(account.id, emailId, { start: 5, end: 2 }),
    'invalid',
    'invalidRange',
  );
});

test('an email filed in several mailboxes has one UID in each, and counts in each', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [inbox.id] });
  const imported = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id, archive.id],
  });
  assert.deepEqual(
    imported.uids.map((u) => [u.mailboxId, u.uid]),
    [
      [inbox.id, 2],
      [archive.id, 1],
    ],
  );
  const status = await fixture.mail.mailboxStatus(account.id, inbox.id);
  assert.equal(status.totalEmails, 2);
  assert.equal(status.unreadEmails, 2);
  assert.equal(status.uidNext, 3);
  assert.equal(
    (await fixture.mail.getQuota(account.id)).used.messages,
    2,
    'an email counts once in the quota',
  );
  await auditMailCounters(fixture.database, account.id);
  await auditBlobReferences(fixture.database);
});

test('an import records Email and Thread created and Mailbox updated at one modseq, and publishes it', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const events: string[][] = [];
  fixture.services.events.subscribe((event) => {
    if (event.accountId === account.id) events.push([...event.types].sort());
  });
  const before = await mailChangesOf(fixture.database, account.id);
  const imported = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const after = (await mailChangesOf(fixture.database, account.id)).slice(before.length);
  assert.deepEqual(after.sort(), [
    `${imported.modseq} created Email`,
    `${imported.modseq} created Thread`,
    `${imported.modseq} updated Mailbox`,
  ]);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  assert.equal(inbox.highestModseq, imported.modseq);
  // Usage moved too: the quotas (JMAP Quota) changed in the same transaction.
  assert.deepEqual(events, [['Email', 'Mailbox', 'Quota', 'Thread']]);
});

test('an imported message is found through the search index', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { emailId } = await fixture.mail.importMessage(
    account.id,
    rawMessage({ subject: 'Réunion pédagogique', body: 'Ordre du jour : électricité du bâtiment B.\r\n' }),
    { mailboxRole: 'inbox' },
  );
  const found = await fixture.database.search.search(account.id, {
    field: 'body',
    value: 'electricite',
    match: 'words',
  });
  assert.deepEqual(found, [emailId]);
});

test('an import names its mailboxes by id or by role, never both, and at least one', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  await refusedWith(fixture.mail.importMessage(account.id, rawMessage(), {}), 'invalid', 'mailboxIdsOrRole');
  await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [inbox.id], mailboxRole: 'inbox' }),
    'invalid',
    'mailboxIdsOrRole',
  );
  await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [] }),
    'invalid',
    'noMailbox',
  );
  await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox', keywords: ['bad keyword'] }),
    'invalid',
    'invalidKeyword',
  );
  await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), {
      mailboxRole: 'inbox',
      receivedAt: new Date(Number.NaN),
    }),
    'invalid',
    'invalidReceivedAt',
  );
});

test('a mailbox of another account is not found, and nothing of the message is left', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const intruder = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  const details = await refusedWith(
    fixture.mail.importMessage(intruder.id, rawMessage(), { mailboxIds: [inbox.id] }),
    'notFound',
  );
  assert.deepEqual(details, { subject: 'mailbox', name: inbox.id });
  await refusedWith(
    fixture.mail.importMessage(intruder.id, rawMessage(), { mailboxIds: ['bnope'] }),
    'notFound',
  );
  await refusedWith(fixture.mail.importMessage('anope', rawMessage(), { mailboxRole: 'inbox' }), 'notFound');
  assert.deepEqual(await fixture.database.db.selectFrom('emails').select('id').execute(), []);
  assert.deepEqual(await fixture.database.db.selectFrom('blobs').select('id').execute(), []);
  assert.equal((await fixture.mail.getQuota(intruder.id)).used.messages, 0);
});

test('a batch imports each message or refuses it alone, in one transaction', async (t) => {
  const fixture = await openMailFixture(t);
  const alice = await newAccount(fixture);
  const bob = await newAccount(fixture, { quotaBytes: 100 });
  const outcomes = await fixture.mail.importMessages(
    [
      { accountId: alice.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } },
      { accountId: bob.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } },
      { accountId: 'anobody', raw: rawMessage(), options: { mailboxRole: 'inbox' } },
      { accountId: alice.id, raw: rawMessage(), options: { mailboxRole: 'sent', keywords: ['$seen'] } },
    ],
    { isDurable: true },
  );
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? 'ok' : o.error.code)),
    ['ok', 'overQuota', 'notFound', 'ok'],
  );
  const modseqs = outcomes.flatMap((o) => (o.ok ? [o.email.modseq] : []));
  assert.equal(new Set(modseqs).size, 1, 'one transaction: one modseq for the account');
  assert.equal((await mailboxByRole(fixture, alice.id, 'inbox')).totalEmails, 1);
  assert.equal((await mailboxByRole(fixture, alice.id, 'sent')).unreadEmails, 0);
  assert.equal((await mailboxByRole(fixture, bob.id, 'inbox')).totalEmails, 0);
  await auditMailCounters(fixture.database, alice.id);
  await auditMailCounters(fixture.database, bob.id);
});

test('an import keeps the header cache, read back only when asked for', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage({ subject: 'Cantine' }), {
    mailboxRole: 'inbox',
  });
  const [withCache] = await fixture.mail.getEmails(account.id, [emailId], ['headerCache']);
  const cache = Buffer.from(withCache?.headerCache ?? []).toString('latin1');
  assert.match(
    cache,
    /^From: Marie Dupont <marie\.dupont@ac-grenoble\.fr>\r\nTo: .*\r\nSubject: Cantine\r\n/,
  );
  assert.ok(cache.endsWith('\r\n\r\n'), 'the blank line that ends the header is kept');
  assert.doesNotMatch(cache, /MIME-Version/, 'fields outside the cached set are left out');
  const [withoutCache] = await fixture.mail.getEmails(account.id, [emailId], []);
  assert.equal(withoutCache?.headerCache, undefined);
});

test('summaries carry the fields FETCH reads, in the order asked, and leave out other ids', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const first = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const second = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const foreign = await fixture.mail.importMessage(other.id, rawMessage(), { mailboxRole: 'inbox' });
  const ids = [second.emailId, foreign.emailId, first.emailId];
  const summaries = await fixture.mail.getEmailSummaries(account.id, ids, [
    'structure',
    'headerCache',
    'preview',
    'threadId',
  ]);
  const emails = await fixture.mail.getEmails(account.id, ids, ['structure', 'headerCache']);
  assert.deepEqual(
    summaries.map((summary) => summary.id),
    [second.emailId, first.emailId],
  );
  for (const [index, summary] of summaries.entries()) {
    const email = emails[index];
    assert.deepEqual(summary, {
      id: email?.id,
      threadId: email?.threadId,
      size: email?.size,
      receivedAt: email?.receivedAt,
      preview: email?.preview,
      structure: email?.structure,
      headerCache: email?.headerCache,
    });
  }
  const [bare] = await fixture.mail.getEmailSummaries(account.id, [first.emailId], []);
  assert.equal(bare?.structure, undefined);
  assert.equal(bare?.headerCache, undefined);
  assert.equal(bare?.preview, undefined);
  assert.equal(bare?.threadId, undefined);
});

test('summaries with the content detail read the same octets from the row as others from the blob store', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const small = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  // Past blobs.in-database-max (64 KiB): in a file, so its row has no content and the blob store reads it.
  const large = await fixture.mail.importMessage(account.id, rawMessage({ body: 'y'.repeat(70_000) }), {
    mailboxRole: 'inbox',
  });
  const foreign = await fixture.mail.importMessage(other.id, rawMessage(), { mailboxRole: 'inbox' });
  const ids = [small.emailId, large.emailId, foreign.emailId];
  const withContent = await fixture.mail.getEmailSummaries(account.id, ids, ['bytes', 'content']);
  const plain = await fixture.mail.getEmailSummaries(account.id, ids, ['bytes']);
  assert.deepEqual(
    withContent.map((summary) => summary.id),
    [small.emailId, large.emailId],
  );
  for (const [index, summary] of withContent.entries()) {
    const whole = await readAll(await fixture.mail.getEmailBytes(account.id, summary.id));
    const read = summary.readBytes;
    assert.ok(read !== undefined);
    assert.deepEqual(await readAll(await read()), whole);
    // The small one's octets came with its row; the large one's are only read by readBytes.
    const { content } = summary;
    assert.deepEqual(
      content === undefined ? undefined : Buffer.from(content),
      index === 0 ? whole : undefined,
    );
    assert.equal(plain[index]?.content, undefined);
    for (const range of [
      { start: 0, end: 10 },
      { start: 5, end: 5 },
      { start: whole.length - 3, end: whole.length + 100 },
      { start: whole.length + 1, end: whole.length + 9 },
    ]) {
      const expected = await readAll(await fixture.mail.getEmailBytes(account.id, summary.id, range));
      assert.deepEqual(await readAll(await read(range)), expected, `${index} ${range.start}-${range.end}`);
      const plainRead = plain[index]?.readBytes;
      assert.ok(plainRead !== undefined);
      assert.deepEqual(await readAll(await plainRead(range)), expected);
    }
    await assert.rejects(read({ start: 4, end: 2 }), (error: Error) => 'code' in error);
  }
});

test('an atomic batch stores every message or none: the first refusal is thrown', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 3000 });
  const small = { accountId: account.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } } as const;
  const big = { ...small, raw: rawMessage({ body: 'x'.repeat(4000) }) };
  await refusedWith(
    fixture.mail.importMessages([small, big, small], { isDurable: true, isAtomic: true }),
    'overQuota',
  );
  assert.equal((await mailboxByRole(fixture, account.id, 'inbox')).totalEmails, 0);
  assert.deepEqual(await fixture.database.db.selectFrom('emails').select('id').execute(), []);
  await auditMailCounters(fixture.database, account.id);

  const outcomes = await fixture.mail.importMessages([small, small], { isAtomic: true });
  assert.deepEqual(
    outcomes.map((o) => o.ok),
    [true, true],
  );
  assert.equal((await mailboxByRole(fixture, account.id, 'inbox')).totalEmails, 2);
});

test("the caller's beforeCommit rows commit with the batch, and its failure leaves nothing of it", async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const request = { accountId: account.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } } as const;
  await assert.rejects(
    fixture.mail.importMessages([request], {
      isDurable: true,
      beforeCommit: async (tx, outcomes) => {
        assert.deepEqual(
          outcomes.map((o) => o.ok),
          [true],
        );
        // Inside the transaction the copy is there to see.
        assert.equal((await tx.db.selectFrom('emails').select('id').execute()).length, 1);
        throw new Error('the caller could not write its own rows');
      },
    }),
    /could not write its own rows/,
  );
  assert.deepEqual(await fixture.database.db.selectFrom('emails').select('id').execute(), []);
  assert.equal((await mailboxByRole(fixture, account.id, 'inbox')).totalEmails, 0);
  await auditMailCounters(fixture.database, account.id);

  let seen: string[] = [];
  const [outcome] = await fixture.mail.importMessages([request], {
    beforeCommit: (_tx, outcomes) => {
      seen = outcomes.flatMap((o) => (o.ok ? [o.email.emailId] : []));
      return Promise.resolve();
    },
  });
  assert.ok(outcome?.ok);
  assert.deepEqual(seen, [outcome.email.emailId]);
});

test('identical messages share one blob with one reference each', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const raw = rawMessage();
  const first = await fixture.mail.importMessage(account.id, raw, { mailboxRole: 'inbox' });
  const second = await fixture.mail.importMessage(account.id, raw, { mailboxRole: 'inbox' });
  assert.notEqual(first.emailId, second.emailId);
  assert.equal(first.blobId, second.blobId);
  assert.equal(first.threadId, second.threadId, 'the same Message-ID is the same conversation');
  const blob = await fixture.database.db.selectFrom('blobs').select('refcount').executeTakeFirstOrThrow();
  assert.equal(Number(blob.refcount), 2);
  assert.deepEqual((await fixture.mail.getEmails(account.id, [first.emailId]))[0]?.receivedAt, FIXTURE_START);
});

test('emails of another account are not found by any read', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const { emailId, threadId } = await fixture.mail.importMessage(owner.id, rawMessage(), {
    mailboxRole: 'inbox',
  });
  assert.deepEqual(await fixture.mail.getEmails(other.id, [emailId]), []);
  assert.deepEqual(await fixture.mail.getThreads(other.id, [threadId]), []);
  await refusedWith(fixture.mail.getEmailBytes(other.id, emailId), 'notFound');
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  await refusedWith(fixture.mail.mailboxView(other.id, inbox.id), 'notFound');
  await refusedWith(fixture.mail.mailboxStatus(other.id, inbox.id), 'notFound');
  assert.equal(await fixture.mail.getMailbox(other.id, inbox.id), undefined);
});
