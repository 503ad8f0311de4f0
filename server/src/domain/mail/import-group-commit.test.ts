import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { BlobStore, Database } from '#store';
import { auditBlobReferences, auditMailCounters } from './counter-audit.fixture.ts';
import type { ImportOutcome, ImportRequest } from './email.ts';
import { createImportGroupCommit } from './import-group-commit.ts';
import {
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
  type MailFixture,
} from './mail.fixture.ts';
import type { MailService } from './mail-service.ts';

/**
 * A mail service whose first write waits until `callers` messages have their blobs stored, so every caller has
 * queued before the first transaction starts. `writes` counts the write transactions.
 */
function gatedMail(fixture: MailFixture, callers: number): { mail: MailService; writes: () => number } {
  let puts = 0;
  let openGate: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const blobs: BlobStore = {
    ...fixture.blobs,
    put: async (content, options) => {
      const blob = await fixture.blobs.put(content, options);
      puts += 1;
      // Once the last caller's blob is stored, its import queues within this turn of the event loop.
      if (puts === callers) void nextTurn().then(openGate);
      return blob;
    },
  };
  const { database, writes } = countedDatabase(fixture.database, () => gate);
  return { mail: fixture.mailWith({ database, blobs }), writes };
}

/** `database` with its write transactions counted, each started once `beforeWrite` resolves. */
function countedDatabase(
  database: Database,
  beforeWrite: () => Promise<void> = () => Promise.resolve(),
): { database: Database; writes: () => number } {
  let writes = 0;
  const counted: Database = {
    dialect: database.dialect,
    db: database.db,
    search: database.search,
    readerLocation: database.readerLocation,
    write: async (work, options) => {
      writes += 1;
      await beforeWrite();
      return await database.write(work, options);
    },
    ping: () => database.ping(),
    close: () => database.close(),
  };
  return { database: counted, writes: () => writes };
}

/** One message for the account's inbox. */
function inboxRequest(accountId: string): ImportRequest {
  return { accountId, raw: rawMessage(), options: { mailboxRole: 'inbox' } };
}

function emailIds(outcomes: readonly ImportOutcome[]): string[] {
  return outcomes.flatMap((outcome) => (outcome.ok ? [outcome.email.emailId] : []));
}

test('concurrent grouped imports share one transaction, and each gets its own UIDs and outcomes', async (t) => {
  const fixture = await openMailFixture(t);
  const paul = await newAccount(fixture);
  const lea = await newAccount(fixture);
  const paulInbox = await mailboxByRole(fixture, paul.id, 'inbox');
  const leaInbox = await mailboxByRole(fixture, lea.id, 'inbox');
  const { mail, writes } = gatedMail(fixture, 5);
  const request = (accountId: string, mailboxId: string): ImportRequest => ({
    accountId,
    raw: rawMessage(),
    options: { mailboxIds: [mailboxId], keywords: ['$seen'] },
  });

  const results = await Promise.all([
    mail.importMessages([request(paul.id, paulInbox.id)], { isGrouped: true, isAtomic: true }),
    mail.importMessages([request(lea.id, leaInbox.id)], { isGrouped: true, isAtomic: true }),
    mail.importMessages([request(paul.id, paulInbox.id), request(paul.id, paulInbox.id)], {
      isGrouped: true,
      isAtomic: true,
    }),
    mail.importMessages([request(lea.id, leaInbox.id)], { isGrouped: true }),
  ]);
  assert.equal(writes(), 1, 'one transaction for every caller');
  assert.deepEqual(
    results.map((outcomes) => outcomes.map((outcome) => outcome.ok)),
    [[true], [true], [true, true], [true]],
  );
  const uidsOf = (outcomes: readonly ImportOutcome[]) =>
    outcomes.flatMap((outcome) => (outcome.ok ? outcome.email.uids.map(({ uid }) => uid) : []));
  // Each caller's UIDs ascend in its own order; callers follow one another (in the order they queued).
  const [paulOne, leaOne, paulTwo, leaTwo] = results.map(uidsOf);
  assert.deepEqual([...(paulOne ?? []), ...(paulTwo ?? [])].sort(), [1, 2, 3]);
  assert.equal((paulTwo?.[0] ?? 0) + 1, paulTwo?.[1]);
  assert.deepEqual([...(leaOne ?? []), ...(leaTwo ?? [])].sort(), [1, 2]);
  assert.equal((await mailboxByRole(fixture, paul.id, 'inbox')).uidNext, 4);
  assert.equal((await mailboxByRole(fixture, lea.id, 'inbox')).uidNext, 3);

  // The change log: one modseq per account for the shared transaction, every email created at it.
  for (const [account, outcomes] of [
    [paul, [...(results[0] ?? []), ...(results[2] ?? [])]],
    [lea, [...(results[1] ?? []), ...(results[3] ?? [])]],
  ] as const) {
    const modseqs = new Set(outcomes.map((outcome) => (outcome.ok ? outcome.email.modseq : 0)));
    assert.equal(modseqs.size, 1);
    const [modseq] = modseqs;
    const rows = await fixture.database.db
      .selectFrom('change_log')
      .select(['modseq', 'object_id'])
      .where('account_id', '=', account.id)
      .where('type', '=', 'Email')
      .execute();
    assert.deepEqual(
      rows.map((row) => `${Number(row.modseq)} ${row.object_id}`).sort(),
      emailIds(outcomes)
        .map((id) => `${modseq} ${id}`)
        .sort(),
    );
    assert.equal((await mailboxByRole(fixture, account.id, 'inbox')).highestModseq, modseq);
    await auditMailCounters(fixture.database, account.id);
  }
  await auditBlobReferences(fixture.database);
});

test("a refused atomic caller stores nothing and fails none of the others' messages", async (t) => {
  const fixture = await openMailFixture(t);
  const small = await newAccount(fixture, { quotaBytes: 3000 });
  const other = await newAccount(fixture);
  const { mail, writes } = gatedMail(fixture, 4);
  const inSmall = (body?: string): ImportRequest => ({
    accountId: small.id,
    raw: rawMessage(body === undefined ? {} : { body }),
    options: { mailboxRole: 'inbox' },
  });
  const before = await mailChangesOf(fixture.database, small.id);

  const [refused, fits, elsewhere] = await Promise.allSettled([
    // Its second message is over the quota: the first must not be stored either (RFC 3502 §6.3.11).
    mail.importMessages([inSmall(), inSmall('x'.repeat(4000))], { isGrouped: true, isAtomic: true }),
    mail.importMessages([inSmall()], { isGrouped: true, isAtomic: true }),
    mail.importMessages([{ accountId: other.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } }], {
      isGrouped: true,
      isAtomic: true,
    }),
  ]);
  assert.equal(writes(), 1);
  assert.equal(refused?.status, 'rejected');
  await refusedWith(Promise.reject((refused as PromiseRejectedResult).reason as Error), 'overQuota');
  assert.equal(fits?.status, 'fulfilled');
  assert.equal(elsewhere?.status, 'fulfilled');
  const stored = fits.status === 'fulfilled' ? emailIds(fits.value) : [];
  assert.equal(stored.length, 1);

  const inbox = await mailboxByRole(fixture, small.id, 'inbox');
  assert.equal(inbox.totalEmails, 1);
  assert.equal(inbox.uidNext, 2, 'no UID was taken for the refused messages');
  const created = (await mailChangesOf(fixture.database, small.id))
    .slice(before.length)
    .filter((row) => row.endsWith('created Email'));
  assert.equal(created.length, 1, 'the change log holds only the stored email');
  await auditMailCounters(fixture.database, small.id);
  await auditMailCounters(fixture.database, other.id);
  await auditBlobReferences(fixture.database);
});

test("each caller's own rows see its own outcomes, and a refused copy fails only itself", async (t) => {
  const fixture = await openMailFixture(t);
  const small = await newAccount(fixture, { quotaBytes: 3000 });
  const other = await newAccount(fixture);
  const { mail, writes } = gatedMail(fixture, 4);
  const request = (accountId: string, body?: string): ImportRequest => ({
    accountId,
    raw: rawMessage(body === undefined ? {} : { body }),
    options: { mailboxRole: 'inbox' },
  });
  const seen: string[][] = [];
  const inTransaction = new Set<unknown>();
  /** What delivery does: its receipts, in the import's transaction, for the outcomes of its own copies. */
  const ownRows =
    (slot: number) =>
    (tx: unknown, outcomes: readonly ImportOutcome[]): Promise<void> => {
      inTransaction.add(tx);
      seen[slot] = outcomes.map((outcome) => (outcome.ok ? outcome.email.emailId : outcome.error.code));
      return Promise.resolve();
    };

  const results = await Promise.all([
    // Not atomic: the copy over the quota is an outcome of its own, the first copy is stored.
    mail.importMessages([request(small.id), request(small.id, 'x'.repeat(4000))], {
      isGrouped: true,
      beforeCommit: ownRows(0),
    }),
    mail.importMessages([request(other.id)], { isGrouped: true, beforeCommit: ownRows(1) }),
    mail.importMessages([request(other.id)], { isGrouped: true, beforeCommit: ownRows(2) }),
  ]);
  assert.equal(writes(), 1, 'one transaction for every caller');
  assert.equal(inTransaction.size, 1, 'every caller wrote its rows in that transaction');
  assert.deepEqual(
    results.map((outcomes) =>
      outcomes.map((outcome) => (outcome.ok ? outcome.email.emailId : outcome.error.code)),
    ),
    seen,
  );
  assert.deepEqual(
    seen.map((slot) => slot.map((value) => (value === 'overQuota' ? value : 'stored'))),
    [['stored', 'overQuota'], ['stored'], ['stored']],
  );
  assert.equal((await mailboxByRole(fixture, small.id, 'inbox')).totalEmails, 1);
  assert.equal((await mailboxByRole(fixture, other.id, 'inbox')).totalEmails, 2);
  await auditMailCounters(fixture.database, small.id);
  await auditMailCounters(fixture.database, other.id);
  await auditBlobReferences(fixture.database);
});

test('a caller whose own rows fail is retried alone: the others are stored, it leaves nothing', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { mail, writes } = gatedMail(fixture, 3);
  const request = () => inboxRequest(account.id);
  const failing = mail.importMessages([request()], {
    isGrouped: true,
    beforeCommit: () => Promise.reject(new Error('the caller could not write its own rows')),
  });
  const others = [
    mail.importMessages([request()], { isGrouped: true }),
    mail.importMessages([request()], { isGrouped: true, isAtomic: true }),
  ];
  await assert.rejects(failing, /could not write its own rows/);
  const stored = (await Promise.all(others)).flatMap(emailIds);
  assert.equal(stored.length, 2);
  // The shared transaction, then one of its own for each caller.
  assert.equal(writes(), 4);

  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  assert.equal(inbox.totalEmails, 2);
  const rows = await fixture.database.db.selectFrom('emails').select('id').execute();
  assert.deepEqual(rows.map((row) => row.id).sort(), [...stored].sort());
  await auditMailCounters(fixture.database, account.id);
  await auditBlobReferences(fixture.database);
});

test('a grouped import alone is one durable transaction, like an ungrouped one', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { mail, writes } = gatedMail(fixture, 1);
  const [outcome] = await mail.importMessages(
    [{ accountId: account.id, raw: rawMessage(), options: { mailboxRole: 'inbox' } }],
    { isGrouped: true, isAtomic: true },
  );
  assert.ok(outcome?.ok);
  assert.deepEqual(
    outcome.email.uids.map(({ uid }) => uid),
    [1],
  );
  assert.equal(writes(), 1);
  const found = await fixture.database.search.search(account.id, {
    field: 'body',
    value: 'numero',
    match: 'words',
  });
  assert.deepEqual(found, [outcome.email.emailId], 'indexed for search in the same transaction');
});

/** A group commit over the fixture's store, with its own bound on waiting for announced imports. */
function countedGroupCommit(fixture: MailFixture, announcedWaitMs: number) {
  const { database, writes } = countedDatabase(fixture.database);
  const groupCommit = createImportGroupCommit({ ...fixture.dependencies, database }, { announcedWaitMs });
  return { groupCommit, writes };
}

test('a transaction about to start waits for an announced import, which then shares it', {
  timeout: 30_000,
}, async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  // A bound far longer than the test: only the announced import's arrival ends the wait.
  const { groupCommit, writes } = countedGroupCommit(fixture, 60_000);
  const request = () => inboxRequest(account.id);

  // Nothing announced: an import goes at once.
  const [alone] = await groupCommit.importMessages([request()], {});
  assert.ok(alone?.ok);
  assert.equal(writes(), 1);

  // Withdrawing twice counts once: the second announcement below is still awaited.
  const withdrawn = groupCommit.announce();
  withdrawn.withdraw();
  withdrawn.withdraw();
  const announcement = groupCommit.announce();
  const first = groupCommit.importMessages([request()], {});
  await sleep(50);
  assert.equal(writes(), 1, 'the first import waits for the announced one');
  const [firstOutcomes, laterOutcomes] = await Promise.all([
    first,
    groupCommit.importMessages([request()], { announcement }),
  ]);
  assert.equal(writes(), 2, 'one transaction for both');
  const modseqs = [...firstOutcomes, ...laterOutcomes].map((outcome) =>
    outcome.ok ? outcome.email.modseq : outcome.error.code,
  );
  assert.equal(modseqs.length, 2);
  assert.equal(new Set(modseqs).size, 1, `one modseq for both: ${modseqs.join(', ')}`);
  await auditMailCounters(fixture.database, account.id);
});

test('an announcement that never comes holds a transaction only for its bound; one for no message is withdrawn', {
  timeout: 30_000,
}, async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const request = () => inboxRequest(account.id);
  const short = countedGroupCommit(fixture, 20);
  short.groupCommit.announce();
  const [outcome] = await short.groupCommit.importMessages([request()], {});
  assert.ok(outcome?.ok, 'stored once the bound passed');
  assert.equal(short.writes(), 1);

  // An import of nothing withdraws its announcement too (a delivery whose copies were all stored before).
  const long = countedGroupCommit(fixture, 60_000);
  const empty = long.groupCommit.announce();
  assert.deepEqual(await long.groupCommit.importMessages([], { announcement: empty }), []);
  const next = long.groupCommit.importMessages([request()], {});
  for (let polls = 0; polls < 1000 && long.writes() === 0; polls++) await sleep(10);
  assert.equal(long.writes(), 1, 'its transaction started: no announcement left to wait for');
  assert.ok((await next)[0]?.ok);
});
