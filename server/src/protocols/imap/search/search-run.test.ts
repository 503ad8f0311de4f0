import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SequenceSet } from '../wire/sequence-set.ts';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import { type HeaderReader, runSearch } from './search-run.ts';
import {
  ACCOUNT_ID,
  type FakeEmail,
  fakeMailbox,
  MAILBOX_ID,
  programOf,
  queriedFilters,
} from './search.fixture.ts';

/** Six messages; UIDs 1-2 straddle midnight of 1 Nov in Paris (23:30 and 00:30 local). */
const EMAILS: readonly FakeEmail[] = [
  {
    uid: 1,
    keywords: ['$seen'],
    receivedAt: '2026-10-31T22:30:00Z',
    from: 'Marie Dupont <marie@ac-test.fr>',
    subject: 'Menu de la cantine',
    body: 'Le menu.',
  },
  {
    uid: 2,
    keywords: ['$seen', '$flagged'],
    receivedAt: '2026-10-31T23:30:00Z',
    from: 'paul@ac-test.fr',
    subject: 'Rapport annuel',
    size: 50_000,
  },
  {
    uid: 4,
    keywords: ['$deleted'],
    receivedAt: '2026-11-02T10:00:00Z',
    from: 'marie@ac-test.fr',
    subject: 'Re: Menu',
  },
  {
    uid: 5,
    receivedAt: '2026-11-03T10:00:00Z',
    from: 'cantine@ac-test.fr',
    subject: 'Sortie',
    body: 'Le rapport de sortie.',
  },
  {
    uid: 7,
    keywords: ['$answered'],
    modseq: 20,
    receivedAt: '2026-11-05T10:00:00Z',
    from: 'paul@ac-test.fr',
    subject: 'Rapport',
  },
  {
    uid: 9,
    keywords: ['$draft', '$label1'],
    receivedAt: '2026-11-06T10:00:00Z',
    from: 'marie@ac-test.fr',
    subject: 'Brouillon',
  },
];

const HEADERS: Readonly<Record<string, Record<string, string[]>>> = {
  e1: { 'message-id': ['<menu@x>'] },
  e4: { 'message-id': ['<re@x>'], 'in-reply-to': ['<menu@x>'] },
  e5: { 'message-id': ['<sortie@x>'], 'list-id': ['Cantine école <cantine.ac-test.fr>'] },
};

function fakeReader(): HeaderReader & { reads: string[] } {
  const reads: string[] = [];
  const reader = (emailId: string, fields: readonly string[]) => {
    reads.push(emailId);
    const all = HEADERS[emailId] ?? {};
    return Promise.resolve(new Map(fields.flatMap((field) => (all[field] ? [[field, all[field]]] : []))));
  };
  return Object.assign(reader, { reads });
}

async function search(
  program: string,
  options: { savedResult?: SequenceSet; limits?: SearchLimits; withoutReader?: boolean } = {},
) {
  const mailbox = fakeMailbox(EMAILS);
  const reader = fakeReader();
  const matches = await runSearch({
    criteria: programOf(program).criteria,
    snapshot: mailbox.snapshot,
    savedResult: options.savedResult,
    accountId: ACCOUNT_ID,
    mailboxId: MAILBOX_ID,
    queryEmails: (accountId, query) => mailbox.queryEmails(accountId, query),
    ...(options.withoutReader !== true && { readHeaders: reader }),
    timeZone: 'Europe/Paris',
    now: Date.parse('2026-11-06T12:00:00Z'),
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  return {
    uids: matches.map((match) => match.entry.uid),
    sequences: matches.map((match) => match.sequence),
    queries: queriedFilters(mailbox).length,
    reads: reader.reads.length,
  };
}

/** [program, matching UIDs, database queries made, what the case shows]. */
const SEARCHES: readonly (readonly [string, readonly number[], number, string])[] = [
  ['UNDELETED SINCE 1-Nov-2026', [2, 5, 7, 9], 1, 'Thunderbird: 00:30 in Paris is on 1 Nov, 23:30 is not'],
  ['1:* NOT DELETED', [1, 2, 5, 7, 9], 0, 'iOS: flags and sequence sets never query the store'],
  ['ON 1-Nov-2026', [2], 1, 'ON is the Paris day'],
  ['OR SEEN FROM marie', [1, 2, 4, 9], 1, 'OR of a flag and a full-text key'],
  ['NOT (SEEN FROM marie)', [2, 4, 5, 7, 9], 1, 'NOT over a mixed AND'],
  ['NOT OR DELETED BODY rapport', [1, 2, 7, 9], 1, 'NOT over a mixed OR'],
  ['UID 5:* NOT SUBJECT rapport', [5, 9], 1, 'UID range and a negated full-text key'],
  ['OR UID 1 FROM marie', [1, 4, 9], 1, 'the snapshot side of an OR can match alone'],
  ['UID 100 FROM marie', [], 0, 'no query when the snapshot already rules every message out'],
  ['UID 100', [], 0, 'a UID above every message matches nothing'],
  ['OR FROM marie OR SUBJECT sortie FROM paul', [1, 2, 4, 5, 7, 9], 1, 'one OR of database keys, one query'],
  ['OR (SEEN FROM marie) (UNSEEN FROM paul)', [1, 7], 2, 'two mixed subtrees, two queries'],
  ['SEEN TEXT cantine', [1], 1, 'TEXT over the whole message'],
  ['LARGER 10000', [2], 1, 'sizes are in the store'],
  ['MODSEQ 20', [7], 0, 'MODSEQ from the snapshot'],
  ['KEYWORD $Label1', [9], 0, 'keywords compare case-insensitively'],
  ['UNKEYWORD $label1 UNSEEN', [4, 5, 7], 0, 'UNKEYWORD and UNSEEN'],
  ['RECENT', [], 0, 'nothing is recent'],
  ['NEW', [], 0, 'nothing is new'],
  ['OLD', [1, 2, 4, 5, 7, 9], 0, 'everything is old'],
  ['EMAILID e5', [5], 0, 'EMAILID from the snapshot'],
  ['YOUNGER 270000', [5, 7, 9], 1, 'YOUNGER: the last 75 hours'],
  ['OLDER 270000', [1, 2, 4], 1, 'OLDER: before that'],
];

describe('runSearch combines the snapshot and the store exactly', () => {
  for (const [program, uids, queries, why] of SEARCHES) {
    it(`${program} → ${uids.join(' ') || 'nothing'}: ${why}`, async () => {
      const result = await search(program);
      assert.deepEqual(result.uids, uids);
      assert.equal(result.queries, queries);
    });
  }

  it('returns sequence numbers with the matches, in UID order', async () => {
    const result = await search('OR FLAGGED FROM marie');
    assert.deepEqual(result.uids, [1, 2, 4, 9]);
    assert.deepEqual(result.sequences, [1, 2, 3, 6]);
  });

  it('reads $ as the saved UIDs (RFC 5182)', async () => {
    assert.deepEqual((await search('$', { savedResult: SequenceSet.fromNumbers([4, 7]) })).uids, [4, 7]);
    assert.deepEqual(
      (await search('UID $ UNANSWERED', { savedResult: SequenceSet.fromNumbers([4, 7]) })).uids,
      [4],
    );
    assert.deepEqual((await search('$')).uids, []);
  });
});

describe('runSearch reads headers the index does not hold, for the undecided messages only', () => {
  const cases: readonly (readonly [string, readonly number[], number, string])[] = [
    ['HEADER Message-ID menu@x', [1], 6, 'every message is a candidate'],
    ['FROM marie HEADER In-Reply-To MENU@X', [4], 3, 'only the three from marie are read'],
    ['HEADER List-Id ""', [5], 6, 'an empty string matches the field present'],
    ['NOT HEADER List-Id ""', [1, 2, 4, 7, 9], 6, 'and NOT the field absent'],
    ['HEADER List-Id ECOLE', [5], 6, 'case and accents are folded'],
    ['OR SEEN HEADER Message-ID re@x', [1, 2, 4], 4, 'messages the OR already matched are not read'],
    ['UID 100 HEADER Message-ID x', [], 0, 'nothing is read when nothing can match'],
  ];
  for (const [program, uids, reads, why] of cases) {
    it(`${program} → ${uids.join(' ') || 'nothing'}: ${why}`, async () => {
      const result = await search(program);
      assert.deepEqual(result.uids, uids);
      assert.equal(result.reads, reads);
    });
  }
});

describe('runSearch refuses searches beyond its bounds with SearchError', () => {
  const refusal = (code: string, pattern: RegExp) => (error: unknown) =>
    error instanceof SearchError && error.code === code && pattern.test(error.message);

  it('refuses a HEADER search that would read more than maxHeaderReads messages (NO [LIMIT])', async () => {
    const limits = { ...DEFAULT_SEARCH_LIMITS, maxHeaderReads: 2 };
    await assert.rejects(
      search('HEADER Message-ID x', { limits }),
      refusal('limit', /would read 6 messages \(at most 2\)/),
    );
    assert.deepEqual((await search('UID 1:2 HEADER Message-ID menu', { limits })).uids, [1]);
  });

  it('refuses a HEADER search without a header reader (NO [CANNOT])', async () => {
    await assert.rejects(
      search('HEADER X-Foo y', { withoutReader: true }),
      refusal('cannot', /not available/),
    );
  });

  it('refuses a program needing more queries than maxDatabaseQueries', async () => {
    const limits = { ...DEFAULT_SEARCH_LIMITS, maxDatabaseQueries: 1 };
    await assert.rejects(
      search('OR (SEEN FROM a) (UNSEEN TO b)', { limits }),
      refusal('limit', /needs 2 database queries \(at most 1\)/),
    );
  });

  it('refuses rather than answer from a result the store may have cut', async () => {
    const mailbox = fakeMailbox(EMAILS);
    await assert.rejects(
      runSearch({
        criteria: programOf('FROM marie').criteria,
        snapshot: mailbox.snapshot,
        savedResult: undefined,
        accountId: ACCOUNT_ID,
        mailboxId: MAILBOX_ID,
        queryEmails: (_accountId, query) =>
          Promise.resolve({
            ids: Array.from({ length: query.limit ?? 0 }, (_, index) => `x${index}`),
            threadIds: [],
            position: 0,
          }),
        timeZone: 'Europe/Paris',
        now: 0,
      }),
      refusal('limit', /matches more than/),
    );
  });
});
