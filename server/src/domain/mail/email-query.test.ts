import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  mailboxByRole,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
  type MailFixture,
} from './mail.fixture.ts';

/** Five emails an hour apart: a thread of two, a flagged one with a large body, one in the archive. */
async function seed(fixture: MailFixture) {
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const at = (hours: number) => new Date(Date.UTC(2026, 8, 1, hours));
  const deliver = (
    fields: Parameters<typeof rawMessage>[0],
    hours: number,
    extra: { keywords?: string[]; archive?: boolean } = {},
  ) =>
    fixture.mail.importMessage(account.id, rawMessage(fields), {
      mailboxIds: extra.archive ? [archive.id] : [inbox.id],
      receivedAt: at(hours),
      keywords: extra.keywords ?? [],
    });
  const menu = await deliver(
    { subject: 'Menu de la cantine', from: 'cantine@ac-test.fr', messageId: 'menu@x' },
    1,
    { keywords: ['$seen'] },
  );
  const menuReply = await deliver(
    { subject: 'Re: Menu de la cantine', messageId: 'menu2@x', inReplyTo: 'menu@x' },
    2,
  );
  const report = await deliver(
    { subject: 'Rapport annuel', body: `Électricité du gymnase.\r\n${'données '.repeat(400)}\r\n` },
    3,
    {
      keywords: ['$flagged', '$seen'],
    },
  );
  const trip = await deliver(
    { subject: 'Sortie scolaire', from: 'Paul Durand <paul.durand@ac-grenoble.fr>' },
    4,
  );
  const archived = await deliver({ subject: 'Ancien rapport' }, 5, { archive: true, keywords: ['$seen'] });
  return { account, inbox, archive, menu, menuReply, report, trip, archived };
}

test('inMailbox lists newest first by default, with position, limit and total', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const all = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id },
    calculateTotal: true,
  });
  assert.deepEqual(all.ids, [s.trip.emailId, s.report.emailId, s.menuReply.emailId, s.menu.emailId]);
  assert.equal(all.total, 4);
  assert.deepEqual(all.threadIds[2], s.menu.threadId);
  const page = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id },
    position: 1,
    limit: 2,
  });
  assert.deepEqual(page.ids, [s.report.emailId, s.menuReply.emailId]);
  assert.equal(page.position, 1);
  const oldest = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id },
    sort: [{ property: 'receivedAt', isAscending: true }],
    limit: 1,
  });
  assert.deepEqual(oldest.ids, [s.menu.emailId]);
});

test('the account-wide list covers every mailbox', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const all = await fixture.mail.queryEmails(s.account.id, { calculateTotal: true });
  assert.equal(all.total, 5);
  assert.equal(all.ids[0], s.archived.emailId);
  const other = await newAccount(fixture);
  assert.deepEqual((await fixture.mail.queryEmails(other.id, { calculateTotal: true })).total, 0);
  assert.deepEqual((await fixture.mail.queryEmails(other.id, { filter: { inMailbox: s.inbox.id } })).ids, []);
});

test('keywords, dates, sizes, attachments and mailboxes filter without the text index', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const q = async (filter: Parameters<typeof fixture.mail.queryEmails>[1]['filter']) =>
    (
      await fixture.mail.queryEmails(s.account.id, {
        filter,
        sort: [{ property: 'receivedAt', isAscending: true }],
      })
    ).ids;
  assert.deepEqual(await q({ inMailbox: s.inbox.id, notKeyword: '$seen' }), [
    s.menuReply.emailId,
    s.trip.emailId,
  ]);
  assert.deepEqual(await q({ notKeyword: '$Seen' }), [s.menuReply.emailId, s.trip.emailId]);
  assert.deepEqual(await q({ inMailbox: s.inbox.id, hasKeyword: '$seen' }), [
    s.menu.emailId,
    s.report.emailId,
  ]);
  assert.deepEqual(await q({ hasKeyword: '$flagged' }), [s.report.emailId]);
  assert.deepEqual(
    await q({ after: new Date(Date.UTC(2026, 8, 1, 3)), before: new Date(Date.UTC(2026, 8, 1, 5)) }),
    [s.report.emailId, s.trip.emailId],
  );
  assert.deepEqual(await q({ minSize: 2_000 }), [s.report.emailId]);
  assert.deepEqual(await q({ inMailbox: s.inbox.id, maxSize: 2_000, hasKeyword: '$seen' }), [s.menu.emailId]);
  assert.deepEqual(await q({ inMailboxOtherThan: [s.inbox.id] }), [s.archived.emailId]);
  assert.deepEqual(await q({ inThread: s.menu.threadId }), [s.menu.emailId, s.menuReply.emailId]);
  assert.deepEqual(await q({ hasAttachment: true }), []);
  assert.deepEqual(await q({ operator: 'NOT', conditions: [{ inMailbox: s.inbox.id }] }), [
    s.archived.emailId,
  ]);
  assert.deepEqual(
    await q({ operator: 'OR', conditions: [{ hasKeyword: '$flagged' }, { inMailbox: s.archive.id }] }),
    [s.report.emailId, s.archived.emailId],
  );
});

test('full-text conditions come from the search index, alone or inside AND, OR and NOT', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const q = async (
    filter: Parameters<typeof fixture.mail.queryEmails>[1]['filter'],
    textMatch?: 'words' | 'substring',
  ) =>
    (
      await fixture.mail.queryEmails(s.account.id, {
        filter,
        sort: [{ property: 'receivedAt', isAscending: true }],
        calculateTotal: true,
        ...(textMatch && { textMatch }),
      })
    ).ids;
  assert.deepEqual(await q({ text: 'electricite' }), [s.report.emailId]);
  assert.deepEqual(await q({ subject: 'rapport' }), [s.report.emailId, s.archived.emailId]);
  assert.deepEqual(await q({ inMailbox: s.inbox.id, subject: 'rapport' }), [s.report.emailId]);
  assert.deepEqual(await q({ from: 'durand' }), [s.trip.emailId]);
  assert.deepEqual(await q({ from: 'ac-grenoble' }, 'substring'), [
    s.menuReply.emailId,
    s.report.emailId,
    s.trip.emailId,
    s.archived.emailId,
  ]);
  assert.deepEqual(
    await q({ operator: 'OR', conditions: [{ subject: 'sortie' }, { hasKeyword: '$flagged' }] }),
    [s.report.emailId, s.trip.emailId],
  );
  assert.deepEqual(
    await q({
      operator: 'AND',
      conditions: [{ inMailbox: s.inbox.id }, { operator: 'NOT', conditions: [{ subject: 'menu' }] }],
    }),
    [s.report.emailId, s.trip.emailId],
  );
  const counted = await fixture.mail.queryEmails(s.account.id, {
    filter: { subject: 'rapport' },
    calculateTotal: true,
    limit: 1,
  });
  assert.equal(counted.total, 2);
  assert.equal(counted.ids.length, 1);
});

test('collapseThreads keeps the first email of each thread in sort order', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const collapsed = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id },
    collapseThreads: true,
    calculateTotal: true,
  });
  assert.deepEqual(collapsed.ids, [s.trip.emailId, s.report.emailId, s.menuReply.emailId]);
  assert.equal(collapsed.total, 3);
  const counted = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id, notKeyword: '$flagged' },
    collapseThreads: true,
    calculateTotal: true,
  });
  assert.deepEqual(
    [counted.ids.length, counted.total],
    [2, 2],
    'counted from the rows when not a whole mailbox',
  );
  const withText = await fixture.mail.queryEmails(s.account.id, {
    filter: { text: 'cantine' },
    collapseThreads: true,
  });
  assert.deepEqual(withText.ids, [s.menuReply.emailId]);
});

test('sorting by size, subject and date sent', async (t) => {
  const fixture = await openMailFixture(t);
  const s = await seed(fixture);
  const bySize = await fixture.mail.queryEmails(s.account.id, { sort: [{ property: 'size' }], limit: 1 });
  assert.deepEqual(bySize.ids, [s.report.emailId]);
  const bySubject = await fixture.mail.queryEmails(s.account.id, {
    filter: { inMailbox: s.inbox.id },
    sort: [
      { property: 'subject', isAscending: true },
      { property: 'receivedAt', isAscending: true },
    ],
  });
  assert.deepEqual(bySubject.ids, [s.menu.emailId, s.menuReply.emailId, s.report.emailId, s.trip.emailId]);
  const bySent = await fixture.mail.queryEmails(s.account.id, { sort: [{ property: 'sentAt' }] });
  assert.equal(bySent.ids.length, 5);
});

test('bad queries are refused', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  await refusedWith(fixture.mail.queryEmails(account.id, { position: -1 }), 'invalid', 'invalidPosition');
  await refusedWith(fixture.mail.queryEmails(account.id, { limit: 10 ** 9 }), 'invalid', 'invalidLimit');
  await refusedWith(
    fixture.mail.queryEmails(account.id, { filter: { hasKeyword: 'a b' } }),
    'invalid',
    'invalidKeyword',
  );
  await refusedWith(
    fixture.mail.queryEmails(account.id, { filter: { minSize: -3 } }),
    'invalid',
    'invalidSize',
  );
  await refusedWith(
    fixture.mail.queryEmails(account.id, { sort: [{ property: 'colour' as 'size' }] }),
    'invalid',
    'unsupportedSort',
  );
  let deep: Parameters<typeof fixture.mail.queryEmails>[1]['filter'] = { hasKeyword: '$seen' };
  for (let i = 0; i < 20; i++) deep = { operator: 'NOT', conditions: [deep] };
  await refusedWith(fixture.mail.queryEmails(account.id, { filter: deep }), 'limit', 'filterTooDeep');
});

test('a common word pages through the mailbox in batches, collapsed or not, with or without the total', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  // 1,500 messages a minute apart in threads of three; 4 in 5 say "conseil" (more than narrow the SQL).
  const requests = Array.from({ length: 1500 }, (_, index) => ({
    accountId: account.id,
    raw: rawMessage({
      subject: `${index % 3 === 0 ? '' : 'Re: '}Sujet ${Math.floor(index / 3)}`,
      messageId: `m${index}@x`,
      ...(index % 3 !== 0 && { inReplyTo: `m${index - (index % 3)}@x` }),
      body: index % 5 === 4 ? 'Rien a signaler.\r\n' : 'Le conseil de classe est jeudi.\r\n',
    }),
    options: { mailboxIds: [inbox.id], receivedAt: new Date(Date.UTC(2026, 8, 1) + index * 60_000) },
  }));
  const outcomes = [];
  for (let start = 0; start < requests.length; start += 500)
    outcomes.push(...(await fixture.mail.importMessages(requests.slice(start, start + 500))));
  const ids = outcomes.map((outcome) => (outcome.ok ? outcome.email.emailId : ''));
  const threadOf = new Map(
    outcomes.map((outcome) => (outcome.ok ? [outcome.email.emailId, outcome.email.threadId] : ['', ''])),
  );
  // Newest first, the messages with the word, and the first of each thread among them.
  const expected = ids.filter((_, index) => index % 5 !== 4).reverse();
  const seenThreads = new Set<string>();
  const expectedCollapsed = expected.filter((id) => {
    const thread = threadOf.get(id) as string;
    if (seenThreads.has(thread)) return false;
    seenThreads.add(thread);
    return true;
  });
  const filter = { inMailbox: inbox.id, text: 'conseil' };
  for (const [position, limit] of [
    [0, 50],
    [380, 50],
    [1150, 100],
  ] as const) {
    const page = await fixture.mail.queryEmails(account.id, { filter, position, limit });
    assert.deepEqual(page.ids, expected.slice(position, position + limit), `position ${position}`);
    const collapsed = await fixture.mail.queryEmails(account.id, {
      filter,
      position,
      limit,
      collapseThreads: true,
    });
    assert.deepEqual(
      collapsed.ids,
      expectedCollapsed.slice(position, position + limit),
      `collapsed ${position}`,
    );
  }
  const counted = await fixture.mail.queryEmails(account.id, {
    filter,
    limit: 10,
    calculateTotal: true,
    collapseThreads: true,
  });
  assert.deepEqual([counted.ids, counted.total], [expectedCollapsed.slice(0, 10), expectedCollapsed.length]);
  // Over the whole account, one text condition: the total is the index's count, the page the newest matches.
  const whole = await fixture.mail.queryEmails(account.id, {
    filter: { text: 'conseil' },
    position: 40,
    limit: 10,
    calculateTotal: true,
  });
  assert.deepEqual([whole.ids, whole.total], [expected.slice(40, 50), expected.length]);
  // Under a NOT, the word's 1,200 matches are tested batch by batch as well: the 300 without it remain.
  const without = await fixture.mail.queryEmails(account.id, {
    filter: { operator: 'NOT', conditions: [{ text: 'conseil' }] },
    limit: 500,
    calculateTotal: true,
  });
  const expectedWithout = ids.filter((_, index) => index % 5 === 4).reverse();
  assert.deepEqual([without.ids, without.total], [expectedWithout, 300]);
  // IMAP's substrings take the same path.
  const substring = await fixture.mail.queryEmails(account.id, {
    filter: { text: 'onsei' },
    textMatch: 'substring',
    limit: 1500,
  });
  assert.deepEqual(substring.ids, expected);
});

test('a deep collapsed page of a whole mailbox comes from its kept order, read again after any change', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  // 2,400 messages a minute apart in threads of two: 1,200 conversations, deeper than DEEP_PAGE.
  const message = (index: number, minute: number) => ({
    accountId: account.id,
    raw: rawMessage({
      subject: `${index % 2 === 0 ? '' : 'Re: '}Sujet ${Math.floor(index / 2)}`,
      messageId: `d${index}@x`,
      ...(index % 2 !== 0 && { inReplyTo: `d${index - 1}@x` }),
    }),
    options: { mailboxIds: [inbox.id], receivedAt: new Date(Date.UTC(2026, 8, 1) + minute * 60_000) },
  });
  const outcomes = [];
  for (let start = 0; start < 2400; start += 500) {
    const batch = Array.from({ length: Math.min(500, 2400 - start) }, (_, offset) =>
      message(start + offset, start + offset),
    );
    outcomes.push(...(await fixture.mail.importMessages(batch)));
  }
  const ids = outcomes.map((outcome) => (outcome.ok ? outcome.email.emailId : ''));
  // Newest first, one per thread: the reply of each pair (odd indexes), newest pair first.
  const expected = ids.filter((_, index) => index % 2 === 1).reverse();
  const filter = { inMailbox: inbox.id };
  const deep = (position: number) =>
    fixture.mail.queryEmails(account.id, {
      filter,
      position,
      limit: 50,
      collapseThreads: true,
      calculateTotal: true,
    });
  assert.deepEqual((await deep(1100)).ids, expected.slice(1100, 1150));
  assert.deepEqual((await deep(1150)).ids, expected.slice(1150, 1200));
  assert.equal((await deep(1150)).total, 1200);
  // A third message in the oldest conversation: it becomes the newest, everything after it moves down one.
  const [late] = await fixture.mail.importMessages([
    {
      accountId: account.id,
      raw: rawMessage({ subject: 'Re: Sujet 0', messageId: 'late@x', inReplyTo: 'd1@x' }),
      options: { mailboxIds: [inbox.id], receivedAt: new Date(Date.UTC(2026, 8, 3)) },
    },
  ]);
  assert.ok(late?.ok);
  const moved = [late.email.emailId, ...expected.filter((id) => id !== ids[1])];
  assert.deepEqual((await deep(1100)).ids, moved.slice(1100, 1150));
  assert.deepEqual((await deep(1150)).ids, moved.slice(1150, 1200));
  // The shallow pages, read without the kept order, agree with it.
  const top = await fixture.mail.queryEmails(account.id, { filter, limit: 50, collapseThreads: true });
  assert.deepEqual(top.ids, moved.slice(0, 50));
});
