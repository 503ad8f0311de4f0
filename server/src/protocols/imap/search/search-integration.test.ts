// SEARCH, SORT and THREAD over the real mail service on the backend under test (SQLite unless
// VERCORS_TEST_BACKEND says otherwise), built through main.ts as production is: the snapshot from
// mailboxView, database keys through queryEmails and the full-text index, HEADER through the blob store.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { silentLogger } from '#core/log';
import { openServices, readConfig, type Services } from '../../../main.ts';
import { openTestDatabase } from '../../../test-support/test-database.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import { createHeaderReader } from './header-reader.ts';
import { usesModseq } from './search-criteria.ts';
import { searchReply, sortResponse } from './search-response.ts';
import { runSearch } from './search-run.ts';
import { programOf } from './search.fixture.ts';
import { cursorOf } from '../wire/wire.fixture.ts';
import { parseSortProgram, parseThreadProgram } from './sort-criteria.ts';
import { runSort } from './sort-run.ts';
import { runThread, threadResponse } from './thread-run.ts';

async function openServicesFor(t: TestContext): Promise<Services> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-imap-search-'));
  const services = await openServices(
    readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env }),
    silentLogger(),
  );
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  return services;
}

function raw(headers: readonly string[], body: string): Uint8Array {
  return Buffer.from(
    [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'),
  );
}

/** Four messages in the inbox: UIDs 1-4 in this order. */
async function seed(services: Services) {
  await services.identity.addDomain('ac-test.fr');
  const account = await services.identity.createAccount({ email: 'paul@ac-test.fr', displayName: 'Paul' });
  await services.mail.ensureDefaultMailboxes(account.id);
  const inbox = (await services.mail.listMailboxes(account.id)).find((mailbox) => mailbox.role === 'inbox')!;
  const deliver = (message: Uint8Array, receivedAt: string, keywords: string[] = []) =>
    services.mail.importMessage(account.id, message, {
      mailboxIds: [inbox.id],
      receivedAt: new Date(receivedAt),
      keywords,
    });
  // 23:30 on 31 Oct in Paris
  await deliver(
    raw(
      [
        'From: Marie Dupont <marie.dupont@ac-grenoble.fr>',
        'To: paul@ac-test.fr',
        'Subject: Menu de la cantine',
        'Date: Sat, 31 Oct 2026 23:00:00 +0100',
        'Message-ID: <menu@ac-grenoble.fr>',
      ],
      'Le menu de la semaine.',
    ),
    '2026-10-31T22:30:00Z',
    ['$seen'],
  );
  // 00:30 on 1 Nov in Paris
  await deliver(
    raw(
      [
        'From: Paul Durand <paul@ac-test.fr>',
        'To: marie.dupont@ac-grenoble.fr',
        'Subject: Re: Menu de la cantine',
        'Date: Sun, 01 Nov 2026 00:20:00 +0100',
        'Message-ID: <re-menu@ac-test.fr>',
        'In-Reply-To: <menu@ac-grenoble.fr>',
        'References: <menu@ac-grenoble.fr>',
      ],
      'Électricité du gymnase : coupure jeudi.',
    ),
    '2026-10-31T23:30:00Z',
  );
  await deliver(
    raw(
      [
        'From: Bureau des parents <parents@ac-test.fr>',
        'To: paul@ac-test.fr',
        'Subject: Réunion parents-professeurs',
        'Date: Mon, 02 Nov 2026 09:00:00 +0100',
        'Message-ID: <reunion@ac-test.fr>',
        'List-Id: =?utf-8?q?Parents_d=27=C3=A9l=C3=A8ves?= <parents.ac-test.fr>',
      ],
      'Ordre du jour joint.',
    ),
    '2026-11-02T08:00:00Z',
    ['$deleted'],
  );
  await deliver(
    raw(
      [
        'From: Marie Dupont <marie.dupont@ac-grenoble.fr>',
        'To: paul@ac-test.fr',
        'Subject: Rapport annuel',
        'Date: Tue, 03 Nov 2026 09:00:00 +0100',
        'Message-ID: <rapport@ac-grenoble.fr>',
      ],
      `Le rapport.\r\n${'données '.repeat(2000)}`,
    ),
    '2026-11-03T08:00:00Z',
    ['$flagged'],
  );
  const snapshot = await services.mail.mailboxView(account.id, inbox.id);
  return { accountId: account.id, mailboxId: inbox.id, snapshot };
}

test('SEARCH, SORT and THREAD answer over the real mail service', async (t) => {
  const services = await openServicesFor(t);
  const { accountId, mailboxId, snapshot } = await seed(services);
  assert.deepEqual(
    snapshot.map((entry) => entry.uid),
    [1, 2, 3, 4],
  );
  const search = async (program: string, savedResult?: SequenceSet) => {
    const matches = await runSearch({
      criteria: programOf(program).criteria,
      snapshot,
      savedResult,
      accountId,
      mailboxId,
      queryEmails: (account, query) => services.mail.queryEmails(account, query),
      readHeaders: createHeaderReader(services.mail, accountId),
      timeZone: 'Europe/Paris',
      now: Date.parse('2026-11-04T12:00:00Z'),
    });
    return matches.map((match) => match.entry.uid);
  };

  // Database keys, the Paris day, flags from the snapshot
  const searches: readonly (readonly [string, readonly number[]])[] = [
    ['UNDELETED SINCE 1-Nov-2026', [2, 4]],
    ['ON 31-Oct-2026', [1]],
    ['SENTON 1-Nov-2026', [2]],
    ['OR SEEN FROM marie', [1, 4]],
    ['NOT (UNSEEN FROM marie)', [1, 2, 3]],
    ['TEXT cantine', [1, 2]],
    ['BODY electricite', [2]],
    ['NOT BODY gymnase', [1, 3, 4]],
    ['SUBJECT "réunion"', [3]],
    ['LARGER 10000', [4]],
    ['HEADER Message-ID "<menu@ac-grenoble.fr>"', [1]],
    ['HEADER In-Reply-To menu@ac-grenoble FROM paul', [2]],
    ['HEADER List-Id "élèves"', [3]],
    ['HEADER List-Id ""', [3]],
    ['HEADER FROM "Marie Dupont"', [1, 4]],
    ['YOUNGER 216000', [3, 4]],
  ];
  for (const [program, uids] of searches) {
    assert.deepEqual(await search(program), uids, program);
  }

  // EMAILID and THREADID from what the store says of UID 2
  const [email] = await services.mail.getEmails(accountId, [snapshot[1]!.emailId], []);
  assert.deepEqual(await search(`EMAILID ${email!.id}`), [2]);
  assert.deepEqual(await search(`THREADID ${email!.threadId}`), [1, 2]);

  // ESEARCH with SAVE, then $
  const program = programOf('RETURN (MIN COUNT SAVE) UNDELETED');
  const matches = await runSearch({
    criteria: program.criteria,
    snapshot,
    savedResult: undefined,
    accountId,
    mailboxId,
    queryEmails: (account, query) => services.mail.queryEmails(account, query),
    timeZone: 'Europe/Paris',
    now: Date.now(),
  });
  const reply = searchReply({
    tag: 'A7',
    isUid: true,
    returnOptions: program.returnOptions,
    isRev2: false,
    hasModseq: usesModseq(program.criteria),
    matches,
  });
  assert.equal(reply.response?.toString('latin1'), '* ESEARCH (TAG "A7") UID MIN 1 COUNT 3\r\n');
  assert.equal(reply.saved?.format(), '1:2,4');
  assert.deepEqual(await search('$ FLAGGED', reply.saved), [4]);

  // SORT and THREAD read the stored rows
  const readMessages = (ids: readonly string[]) => services.mail.getEmails(accountId, ids, []);
  const sortCursor = cursorOf(' (SUBJECT REVERSE DATE) UTF-8 ALL');
  sortCursor.expectSpace();
  const sortProgram = parseSortProgram(sortCursor);
  const all = await runSearch({
    criteria: sortProgram.search,
    snapshot,
    savedResult: undefined,
    accountId,
    mailboxId,
    queryEmails: (account, query) => services.mail.queryEmails(account, query),
    timeZone: 'Europe/Paris',
    now: Date.now(),
  });
  const sorted = await runSort(sortProgram.criteria, all, readMessages);
  assert.equal(sortResponse(sorted.map((match) => match.sequence)).toString('latin1'), '* SORT 2 1 4 3\r\n');

  const threadCursor = cursorOf(' REFERENCES UTF-8 ALL');
  threadCursor.expectSpace();
  const threads = await runThread({
    algorithm: parseThreadProgram(threadCursor).algorithm,
    matches: all,
    isUid: false,
    readMessages,
  });
  assert.equal(threadResponse(threads).toString('latin1'), '* THREAD (1 2)(3)(4)\r\n');
});
