// Email/query and Email/queryChanges over HTTP (RFC 8621 §4.4, §4.5; RFC 8620 §5.5, §5.6).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Answer, type JmapFixture, openJmapFixture, type Who } from '../jmap.fixture.ts';

interface Letter {
  readonly from: string;
  readonly subject: string;
  /** The Date: header (sentAt). */
  readonly date: string;
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly body: string;
  readonly hasAttachment?: boolean;
}

function letter(given: Letter): string {
  const head = [
    `From: ${given.from}`,
    'To: Paul Durand <paul@ac-test.fr>',
    `Subject: ${given.subject}`,
    `Date: ${given.date}`,
    `Message-ID: <${given.messageId}>`,
    ...(given.inReplyTo === undefined ? [] : [`In-Reply-To: <${given.inReplyTo}>`]),
    'MIME-Version: 1.0',
  ];
  if (given.hasAttachment !== true)
    return [...head, 'Content-Type: text/plain; charset=utf-8', '', given.body, ''].join('\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="limite"',
    '',
    '--limite',
    'Content-Type: text/plain; charset=utf-8',
    '',
    given.body,
    '--limite',
    'Content-Type: application/pdf; name="autorisation.pdf"',
    'Content-Disposition: attachment; filename="autorisation.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    ...Array.from({ length: 40 }, () => 'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K'),
    '--limite--',
    '',
  ].join('\n');
}

async function store(
  fixture: JmapFixture,
  who: Who,
  raw: string,
  options: { role?: 'inbox' | 'junk'; receivedAt: string; keywords?: string[] },
): Promise<string> {
  const email = await fixture.services.mail.importMessage(
    fixture.accounts[who],
    Buffer.from(raw.replace(/\r?\n/g, '\r\n')),
    {
      mailboxRole: options.role ?? 'inbox',
      receivedAt: new Date(options.receivedAt),
      keywords: options.keywords ?? [],
    },
  );
  return email.emailId;
}

const MARIE = 'Marie Curie <marie@ac-test.fr>';

/**
 * Paul's mail: a and its reply c in one thread, b with an attachment, d in junk. Received a, b, c, d in that
 * order; sent b, d, a, c; sizes a < d < c < b.
 */
async function paulsMail(fixture: JmapFixture) {
  const a = await store(
    fixture,
    'paul',
    letter({
      from: MARIE,
      subject: 'Conseil de classe des élèves',
      date: 'Sun, 03 Mar 2024 09:00:00 +0000',
      messageId: 'conseil@ac-test.fr',
      body: 'Bonjour, le conseil aura lieu mardi.',
    }),
    { receivedAt: '2024-03-01T10:00:00Z', keywords: ['$flagged'] },
  );
  const b = await store(
    fixture,
    'paul',
    letter({
      from: 'Jean Dupont <jean.dupont@ac-test.fr>',
      subject: 'Sortie scolaire à Grenoble',
      date: 'Fri, 01 Mar 2024 09:00:00 +0000',
      messageId: 'sortie@ac-test.fr',
      body: 'Merci de signer l’autorisation jointe.',
      hasAttachment: true,
    }),
    { receivedAt: '2024-03-02T10:00:00Z', keywords: ['$seen'] },
  );
  const c = await store(
    fixture,
    'paul',
    letter({
      from: MARIE,
      subject: 'Re: Conseil de classe des élèves',
      date: 'Mon, 04 Mar 2024 09:00:00 +0000',
      messageId: 'reponse@ac-test.fr',
      inReplyTo: 'conseil@ac-test.fr',
      body: `Entendu. ${'Ordre du jour à suivre. '.repeat(45)}`,
    }),
    { receivedAt: '2024-03-03T10:00:00Z' },
  );
  const d = await store(
    fixture,
    'paul',
    letter({
      from: 'Promo <promo@example.com>',
      subject: 'Promotion exceptionnelle',
      date: 'Sat, 02 Mar 2024 09:00:00 +0000',
      messageId: 'promo@example.com',
      body: 'Offre. '.repeat(70),
    }),
    { role: 'junk', receivedAt: '2024-03-04T10:00:00Z' },
  );
  return { a, b, c, d };
}

async function mailboxId(fixture: JmapFixture, who: Who, role: string): Promise<string> {
  const { responses } = await fixture.api(
    [['Mailbox/query', { accountId: fixture.accounts[who], filter: { role } }, 'm']],
    { who },
  );
  const id = responses[0]?.[1].ids[0];
  assert.equal(typeof id, 'string');
  return id;
}

/** Email/query as Paul; the response's arguments (or its error). */
async function queryAs(fixture: JmapFixture, args: Record<string, unknown>): Promise<Answer> {
  const { responses } = await fixture.api([
    ['Email/query', { accountId: fixture.accounts.paul, ...args }, 'q'],
  ]);
  return responses[0]?.[1];
}

test('Email/query filters by mailbox, keywords, dates, sizes and attachments', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, b, c, d } = await paulsMail(fixture);
  const inbox = await mailboxId(fixture, 'paul', 'inbox');
  const ids = async (filter: unknown) => (await queryAs(fixture, { filter })).ids;

  const all = await queryAs(fixture, {});
  // The default order is the newest received first.
  assert.deepEqual(all.ids, [d, c, b, a]);
  assert.equal(all.position, 0);
  assert.equal(all.canCalculateChanges, true);
  assert.match(all.queryState, /^[0-9]+$/);
  assert.equal(all.total, undefined);
  assert.deepEqual(await ids({ inMailbox: inbox }), [c, b, a]);
  assert.deepEqual(await ids({ inMailboxOtherThan: [inbox] }), [d]);
  assert.deepEqual(await ids({ hasKeyword: '$flagged' }), [a]);
  assert.deepEqual(await ids({ notKeyword: '$seen' }), [d, c, a]);
  assert.deepEqual(await ids({ hasKeyword: '$FLAGGED' }), [a], 'keywords are case-insensitive');
  assert.deepEqual(await ids({ hasAttachment: true }), [b]);
  assert.deepEqual(await ids({ hasAttachment: false }), [d, c, a]);

  // before is strictly before, after is at or after (RFC 8621 §4.4.1).
  assert.deepEqual(await ids({ before: '2024-03-02T10:00:00Z' }), [a]);
  assert.deepEqual(await ids({ after: '2024-03-02T10:00:00Z' }), [d, c, b]);
  assert.deepEqual(await ids({ after: '2024-03-02T00:00:00.000Z', before: '2024-03-03T10:00:00.5Z' }), [
    c,
    b,
  ]);

  const sizes = new Map(
    (await fixture.services.mail.getEmails(fixture.accounts.paul, [a, b, c, d], [])).map((email) => [
      email.id,
      email.size,
    ]),
  );
  const sizeOf = (id: string) => sizes.get(id) ?? assert.fail(`no size for ${id}`);
  assert.ok(sizeOf(a) < sizeOf(d) && sizeOf(d) < sizeOf(c) && sizeOf(c) < sizeOf(b), 'sizes as built');
  // minSize is at least, maxSize strictly less.
  assert.deepEqual(await ids({ minSize: sizeOf(c) }), [c, b]);
  assert.deepEqual(await ids({ maxSize: sizeOf(c) }), [d, a]);
  assert.deepEqual(await ids({ minSize: sizeOf(d), maxSize: sizeOf(b) }), [d, c]);
});

test('Email/query full-text conditions fold case and accents, and combine with AND, OR and NOT', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, b, c, d } = await paulsMail(fixture);
  // Marie's own mail about élèves is not Paul's to find.
  await fixture.deliver('marie', 'From: Paul <paul@ac-test.fr>\nSubject: Les élèves\n\nÉlèves.\n');
  const inbox = await mailboxId(fixture, 'paul', 'inbox');
  const ids = async (filter: unknown) => (await queryAs(fixture, { filter })).ids;

  assert.deepEqual(await ids({ text: 'eleves' }), [c, a]);
  assert.deepEqual(await ids({ text: 'ÉLÈVES' }), [c, a]);
  assert.deepEqual(await ids({ subject: 'grenoble' }), [b]);
  assert.deepEqual(await ids({ text: 'gren*' }), [b], 'a trailing * matches a prefix');
  assert.deepEqual(await ids({ text: 'gren' }), [], 'without *, words match whole');
  assert.deepEqual(await ids({ from: 'marie' }), [c, a]);
  assert.deepEqual(await ids({ from: 'jean.dupont@ac-test.fr' }), [b]);
  assert.deepEqual(await ids({ to: 'paul' }), [d, c, b, a]);
  assert.deepEqual(await ids({ body: 'mardi' }), [a]);
  assert.deepEqual(await ids({ body: 'grenoble' }), [], 'the subject is not the body');
  assert.deepEqual(await ids({ text: 'classe mardi' }), [a], 'every word must occur');

  assert.deepEqual(await ids({ operator: 'OR', conditions: [{ subject: 'grenoble' }, { body: 'mardi' }] }), [
    b,
    a,
  ]);
  assert.deepEqual(
    await ids({
      operator: 'AND',
      conditions: [{ inMailbox: inbox }, { operator: 'NOT', conditions: [{ from: 'marie' }] }],
    }),
    [b],
  );
  assert.deepEqual(
    await ids({ operator: 'AND', conditions: [{ text: 'conseil' }, { hasKeyword: '$flagged' }] }),
    [a],
  );
  // NOT is "none of": neither about élèves nor with an attachment.
  assert.deepEqual(
    await ids({ operator: 'NOT', conditions: [{ text: 'eleves' }, { hasAttachment: true }] }),
    [d],
  );
  assert.deepEqual(await ids({ operator: 'OR', conditions: [] }), []);
  assert.deepEqual(await ids({ operator: 'AND', conditions: [] }), [d, c, b, a]);
});

test('Email/query sorts by each property both ways and collapses threads', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, b, c, d } = await paulsMail(fixture);
  const inbox = await mailboxId(fixture, 'paul', 'inbox');
  const sorted = async (sort: unknown, extra: Record<string, unknown> = {}) =>
    (await queryAs(fixture, { sort, ...extra })).ids;

  assert.deepEqual(await sorted([{ property: 'receivedAt', isAscending: true }]), [a, b, c, d]);
  assert.deepEqual(await sorted([{ property: 'receivedAt' }]), [a, b, c, d], 'isAscending defaults to true');
  assert.deepEqual(await sorted([{ property: 'receivedAt', isAscending: false }]), [d, c, b, a]);
  assert.deepEqual(await sorted([{ property: 'sentAt', isAscending: true }]), [b, d, a, c]);
  assert.deepEqual(await sorted([{ property: 'sentAt', isAscending: false }]), [c, a, d, b]);
  assert.deepEqual(await sorted([{ property: 'size', isAscending: true }]), [a, d, c, b]);
  assert.deepEqual(await sorted([{ property: 'size', isAscending: false }]), [b, c, d, a]);
  // a and c share a base subject ("Re:" is not part of it): the second criterion orders them.
  assert.deepEqual(
    await sorted([
      { property: 'subject', collation: 'i;unicode-casemap' },
      { property: 'receivedAt', isAscending: false },
    ]),
    [c, a, d, b],
  );
  assert.deepEqual(
    await sorted([
      { property: 'subject', isAscending: false, collation: 'i;ascii-casemap' },
      { property: 'receivedAt', isAscending: true },
    ]),
    [b, d, a, c],
  );

  // One email per thread: the first in sort order.
  const newest = await queryAs(fixture, {
    filter: { inMailbox: inbox },
    collapseThreads: true,
    calculateTotal: true,
  });
  assert.deepEqual(newest.ids, [c, b]);
  assert.equal(newest.total, 2);
  assert.deepEqual(
    await sorted([{ property: 'receivedAt', isAscending: true }], {
      filter: { inMailbox: inbox },
      collapseThreads: true,
    }),
    [a, b],
  );
});

test('Email/query windows by position, anchor and limit, and reports totals and lowered limits', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, b, c, d } = await paulsMail(fixture);
  const sort = [{ property: 'receivedAt', isAscending: true }];
  const window = (args: Record<string, unknown>) => queryAs(fixture, { sort, ...args });

  const middle = await window({ position: 1, limit: 2, calculateTotal: true });
  assert.deepEqual([middle.ids, middle.position, middle.total, middle.limit], [[b, c], 1, 4, undefined]);
  const last = await window({ position: -1 });
  assert.deepEqual([last.ids, last.position], [[d], 3]);
  const clamped = await window({ position: -10 });
  assert.deepEqual([clamped.ids, clamped.position], [[a, b, c, d], 0]);
  assert.deepEqual((await window({ position: 10 })).ids, []);

  const anchored = await window({ anchor: c, anchorOffset: -1, limit: 2, calculateTotal: true });
  assert.deepEqual([anchored.ids, anchored.position, anchored.total], [[b, c], 1, 4]);
  const ignoredPosition = await window({ anchor: b, position: 3, limit: 1 });
  assert.deepEqual([ignoredPosition.ids, ignoredPosition.position], [[b], 1], 'an anchor overrides position');
  const beforeStart = await window({ anchor: a, anchorOffset: -3, limit: 2 });
  assert.deepEqual([beforeStart.ids, beforeStart.position], [[a, b], 0]);
  const pastEnd = await window({ anchor: d, anchorOffset: 1 });
  assert.deepEqual([pastEnd.ids, pastEnd.position], [[], 4]);
  const missing = await window({ anchor: 'nowhere' });
  assert.equal(missing.type, 'anchorNotFound');

  // No limit, or one above the server's, is lowered to 1,000 and the response says so (RFC 8620 §5.5).
  assert.equal((await window({})).limit, 1000);
  assert.equal((await window({ limit: null })).limit, 1000);
  const large = await window({ limit: 5000 });
  assert.deepEqual([large.ids, large.limit], [[a, b, c, d], 1000]);
  assert.equal((await window({ limit: 1000 })).limit, undefined);
  assert.deepEqual((await window({ limit: 0, calculateTotal: true })).ids, []);
});

test('Email/query refuses what it cannot sort or filter by, and malformed arguments', async (t) => {
  const fixture = await openJmapFixture(t);
  await paulsMail(fixture);
  const typeOf = async (args: Record<string, unknown>) => (await queryAs(fixture, args)).type;
  const nested = (depth: number): unknown =>
    depth === 0 ? { text: 'x' } : { operator: 'AND', conditions: [nested(depth - 1)] };

  for (const property of ['from', 'to', 'hasKeyword', 'someInThreadHaveKeyword', 'colour'])
    assert.equal(await typeOf({ sort: [{ property, keyword: '$seen' }] }), 'unsupportedSort', property);
  assert.equal(
    await typeOf({ sort: [{ property: 'subject', collation: 'i;ascii-numeric' }] }),
    'unsupportedSort',
  );

  for (const filter of [
    { someInThreadHaveKeyword: '$flagged' },
    { allInThreadHaveKeyword: '$seen' },
    { noneInThreadHaveKeyword: '$seen' },
    { header: ['X-Priority', '1'] },
    { colour: 'red' },
    { operator: 'OR', conditions: [{ text: 'a' }, { attachmentName: 'x.pdf' }] },
    nested(17),
  ])
    assert.equal(await typeOf({ filter }), 'unsupportedFilter', JSON.stringify(filter).slice(0, 80));
  assert.equal(await typeOf({ filter: nested(16) }), undefined, 'sixteen levels are fine');

  for (const filter of [
    { before: '2024-03-01T10:00:00+01:00' },
    { before: '2024-02-30T10:00:00Z' },
    { after: '2024-03-01t10:00:00z' },
    { after: '2024-03-01' },
    { after: 1709287200000 },
    { hasKeyword: 'bad(keyword' },
    { notKeyword: '' },
    { minSize: -1 },
    { maxSize: 1.5 },
    { hasAttachment: 'yes' },
    { inMailbox: null },
    { inMailboxOtherThan: 'inbox' },
    { text: 'x'.repeat(1001) },
    { text: Array.from({ length: 65 }, (_, index) => `mot${index}`).join(' ') },
    { operator: 'XOR', conditions: [] },
    { operator: 'AND' },
    { operator: 'AND', conditions: [], text: 'x' },
    ['text', 'x'],
  ])
    assert.equal(await typeOf({ filter }), 'invalidArguments', JSON.stringify(filter).slice(0, 80));

  assert.equal(await typeOf({ position: 1.5 }), 'invalidArguments');
  assert.equal(await typeOf({ limit: -1 }), 'invalidArguments');
  assert.equal(await typeOf({ sort: [{ property: 'size', isAscending: 'yes' }] }), 'invalidArguments');
  assert.equal(await typeOf({ threads: true }), 'invalidArguments');
  assert.equal(await typeOf({ accountId: fixture.accounts.marie }), 'accountNotFound');
});

test('Email/query keeps to the account, and its ids feed a later call by result reference', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, c } = await paulsMail(fixture);
  await fixture.deliver('marie', 'From: Paul <paul@ac-test.fr>\nSubject: Les élèves\n\nÉlèves.\n');
  const mariesInbox = await mailboxId(fixture, 'marie', 'inbox');
  assert.deepEqual((await queryAs(fixture, { filter: { inMailbox: mariesInbox } })).ids, []);
  assert.deepEqual(
    (await queryAs(fixture, { filter: { inMailbox: mariesInbox }, calculateTotal: true })).total,
    0,
  );
  assert.equal((await queryAs(fixture, { filter: { inMailbox: 'no-such-mailbox' } })).ids.length, 0);

  const accountId = fixture.accounts.paul;
  const filter = { text: 'eleves' };
  const { responses } = await fixture.api([
    ['Email/query', { accountId, filter }, 'q'],
    [
      'SearchSnippet/get',
      { accountId, filter, '#emailIds': { resultOf: 'q', name: 'Email/query', path: '/ids' } },
      's',
    ],
  ]);
  assert.deepEqual(responses[0]?.[1].ids, [c, a]);
  assert.deepEqual(
    responses[1]?.[1].list.map((snippet: { emailId: string; subject: string }) => [
      snippet.emailId,
      snippet.subject,
    ]),
    [
      [c, 'Re: Conseil de classe des <mark>élèves</mark>'],
      [a, 'Conseil de classe des <mark>élèves</mark>'],
    ],
  );
  assert.equal(responses[1]?.[1].notFound, null);
});

/** The client's side of queryChanges (RFC 8620 §5.6): drop `removed`, then splice `added` in index order. */
function replay(ids: readonly string[], changes: Answer): string[] {
  const removed = new Set<string>(changes.removed);
  const result = ids.filter((id) => !removed.has(id));
  for (const { id, index } of changes.added as { id: string; index: number }[]) result.splice(index, 0, id);
  return result;
}

test('Email/queryChanges brings a client’s results up to date after deliveries, keywords and destruction', async (t) => {
  const fixture = await openJmapFixture(t);
  const { b, c } = await paulsMail(fixture);
  const { mail } = fixture.services;
  const accountId = fixture.accounts.paul;
  const inbox = await mailboxId(fixture, 'paul', 'inbox');
  const queries: Record<string, unknown>[] = [
    { filter: { inMailbox: inbox }, sort: [{ property: 'receivedAt', isAscending: false }] },
    { filter: { inMailbox: inbox, notKeyword: '$seen' }, sort: [{ property: 'size' }] },
    { filter: { text: 'conseil' }, sort: [{ property: 'sentAt' }] },
    { filter: { inMailbox: inbox }, collapseThreads: true },
  ];
  const before = await Promise.all(queries.map((args) => queryAs(fixture, args)));

  const late = await store(
    fixture,
    'paul',
    letter({
      from: MARIE,
      subject: 'Re: Conseil de classe des élèves',
      date: 'Tue, 05 Mar 2024 09:00:00 +0000',
      messageId: 'tard@ac-test.fr',
      inReplyTo: 'reponse@ac-test.fr',
      body: 'Et le conseil commence à 17 h.',
    }),
    { receivedAt: '2024-03-05T10:00:00Z' },
  );
  await mail.addKeywords(accountId, { emailIds: [c] }, ['$seen']);
  await mail.destroyEmails(accountId, [b]);

  for (const [index, args] of queries.entries()) {
    const old = before[index];
    const now = await queryAs(fixture, args);
    const { responses } = await fixture.api([
      [
        'Email/queryChanges',
        { accountId, ...args, sinceQueryState: old.queryState, calculateTotal: true },
        'c',
      ],
    ]);
    const [name, changes] = responses[0] ?? [];
    assert.equal(name, 'Email/queryChanges', JSON.stringify(changes));
    assert.equal(changes.oldQueryState, old.queryState);
    assert.equal(changes.newQueryState, now.queryState);
    assert.deepEqual(replay(old.ids, changes), now.ids, JSON.stringify(args));
    assert.equal(changes.total, now.ids.length);
    assert.ok(changes.removed.includes(b), 'a destroyed email is removed');
  }
  // The newest email arrives at the top of the plain inbox list; its thread's older emails leave the collapsed one.
  const plain = await fixture.api([
    ['Email/queryChanges', { accountId, ...queries[0], sinceQueryState: before[0].queryState }, 'c'],
  ]);
  assert.deepEqual(plain.responses[0]?.[1].added, [
    { id: late, index: 0 },
    { id: c, index: 1 },
  ]);
  const collapsed = await queryAs(fixture, queries[3] ?? {});
  assert.deepEqual(collapsed.ids, [late]);
  assert.ok(!before[3].ids.includes(late) && before[3].ids.includes(c));
});

test('Email/queryChanges re-elects a collapsed thread’s email when only a sibling changed', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a, b } = await paulsMail(fixture);
  const accountId = fixture.accounts.paul;
  const inbox = await mailboxId(fixture, 'paul', 'inbox');
  const args = {
    filter: { inMailbox: inbox, notKeyword: '$seen' },
    sort: [{ property: 'receivedAt', isAscending: true }],
    collapseThreads: true,
  };
  const old = await queryAs(fixture, args);
  // a (the thread's oldest, unread) stands for its thread; reading it hands the thread to c.
  assert.deepEqual(old.ids.slice(0, 1), [a]);
  await fixture.services.mail.addKeywords(accountId, { emailIds: [a] }, ['$seen']);
  const now = await queryAs(fixture, args);
  const { responses } = await fixture.api([
    ['Email/queryChanges', { accountId, ...args, sinceQueryState: old.queryState }, 'c'],
  ]);
  assert.deepEqual(replay(old.ids, responses[0]?.[1]), now.ids);
  assert.notDeepEqual(now.ids, old.ids);
  assert.ok(!now.ids.includes(b), 'b was read from the start');
});

test('Email/queryChanges refuses unknown states, too many changes and what Email/query refuses', async (t) => {
  const fixture = await openJmapFixture(t);
  const { a } = await paulsMail(fixture);
  const accountId = fixture.accounts.paul;
  const current = await queryAs(fixture, {});
  await fixture.services.mail.addKeywords(accountId, { emailIds: [a] }, ['$seen']);
  const future = String(Number(current.queryState) + 1000);
  const { responses } = await fixture.api([
    ['Email/queryChanges', { accountId, sinceQueryState: 'yesterday' }, 'a'],
    ['Email/queryChanges', { accountId, sinceQueryState: future }, 'b'],
    ['Email/queryChanges', { accountId, sinceQueryState: current.queryState, maxChanges: 1 }, 'c'],
    ['Email/queryChanges', { accountId, sinceQueryState: current.queryState, maxChanges: 2 }, 'd'],
    [
      'Email/queryChanges',
      { accountId, sinceQueryState: current.queryState, sort: [{ property: 'from' }] },
      'e',
    ],
    [
      'Email/queryChanges',
      { accountId, sinceQueryState: current.queryState, filter: { header: ['X'] } },
      'f',
    ],
    ['Email/queryChanges', { accountId: fixture.accounts.marie, sinceQueryState: current.queryState }, 'g'],
  ]);
  assert.deepEqual(
    responses.map(([name, args]) => (name === 'error' ? args.type : name)),
    [
      'cannotCalculateChanges',
      'cannotCalculateChanges',
      'tooManyChanges',
      'Email/queryChanges',
      'unsupportedSort',
      'unsupportedFilter',
      'accountNotFound',
    ],
  );
  // a changed: removed once, and back at its place (the oldest of four).
  assert.deepEqual(responses[3]?.[1].removed, [a]);
  assert.deepEqual(responses[3]?.[1].added, [{ id: a, index: 3 }]);

  const now = await queryAs(fixture, {});
  const unchanged = await fixture.api([
    ['Email/queryChanges', { accountId, sinceQueryState: now.queryState, calculateTotal: true }, 'u'],
  ]);
  const answer = unchanged.responses[0]?.[1];
  assert.deepEqual([answer.removed, answer.added, answer.total], [[], [], 4]);
  assert.equal(answer.newQueryState, now.queryState);
});
