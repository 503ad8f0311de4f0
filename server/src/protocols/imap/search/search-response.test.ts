import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchReply, sortResponse } from './search-response.ts';
import { fakeMailbox, matchesOf, programOf } from './search.fixture.ts';

/** UIDs 2, 5, 6, 7, 10, 11 at sequence numbers 1-6, MODSEQ = UID × 10. */
const { snapshot } = fakeMailbox(
  [2, 5, 6, 7, 10, 11].map((uid) => ({ uid, modseq: uid * 10, receivedAt: '2026-11-01T10:00:00Z' })),
);

interface Case {
  readonly program: string;
  readonly uids: readonly number[];
  readonly isUid?: boolean;
  readonly isRev2?: boolean;
  readonly response: string | undefined;
  /** The new `$`; undefined: unchanged. */
  readonly saved?: string;
  readonly why: string;
}

const CASES: readonly Case[] = [
  { program: 'ALL', uids: [5, 7, 10], response: '* SEARCH 2 4 5', why: 'rev1 SEARCH lists sequence numbers' },
  {
    program: 'ALL',
    uids: [5, 7, 10],
    isUid: true,
    response: '* SEARCH 5 7 10',
    why: 'UID SEARCH lists UIDs',
  },
  { program: 'ALL', uids: [], response: '* SEARCH', why: 'nothing found is an empty SEARCH' },
  {
    program: 'MODSEQ 50',
    uids: [5, 7],
    isUid: true,
    response: '* SEARCH 5 7 (MODSEQ 70)',
    why: 'the MODSEQ key adds the highest MODSEQ returned (RFC 7162 §3.1.5)',
  },
  { program: 'MODSEQ 500', uids: [], response: '* SEARCH', why: 'but not when nothing matched' },
  {
    program: 'RETURN (MIN COUNT) FLAGGED',
    uids: [5, 10, 11],
    response: '* ESEARCH (TAG "A1") MIN 2 COUNT 3',
    why: 'RFC 4731 example: MIN and COUNT',
  },
  {
    program: 'RETURN () FLAGGED',
    uids: [5, 10, 11],
    response: '* ESEARCH (TAG "A1") ALL 2,5:6',
    why: 'RETURN () means ALL, as a compact set',
  },
  {
    program: 'RETURN (MIN MAX COUNT ALL) FLAGGED',
    uids: [5, 7, 10],
    isUid: true,
    response: '* ESEARCH (TAG "A1") UID MIN 5 MAX 10 ALL 5,7,10 COUNT 3',
    why: 'UID ESEARCH says UID',
  },
  {
    program: 'RETURN (MIN MAX ALL COUNT) FLAGGED',
    uids: [],
    response: '* ESEARCH (TAG "A1") COUNT 0',
    why: 'no MIN, MAX or ALL when nothing matched, COUNT 0 still',
  },
  {
    program: 'RETURN (ALL) FLAGGED',
    uids: [],
    response: '* ESEARCH (TAG "A1")',
    why: 'an empty ALL is omitted',
  },
  {
    program: 'FLAGGED',
    uids: [6, 7],
    isUid: true,
    isRev2: true,
    response: '* ESEARCH (TAG "A1") UID ALL 6:7',
    why: 'IMAP4rev2 answers ESEARCH ALL without RETURN',
  },
  {
    program: 'RETURN (SAVE) FLAGGED',
    uids: [5, 6, 11],
    response: undefined,
    saved: '5:6,11',
    why: 'SAVE alone answers nothing and saves every match (RFC 5182)',
  },
  {
    program: 'RETURN (MIN SAVE) FLAGGED',
    uids: [5, 6, 11],
    response: '* ESEARCH (TAG "A1") MIN 2',
    saved: '5',
    why: 'SAVE with MIN saves only the minimum',
  },
  {
    program: 'RETURN (MIN MAX SAVE) FLAGGED',
    uids: [5, 6, 11],
    isUid: true,
    response: '* ESEARCH (TAG "A1") UID MIN 5 MAX 11',
    saved: '5,11',
    why: 'SAVE with MIN and MAX saves both',
  },
  {
    program: 'RETURN (MIN COUNT SAVE) FLAGGED',
    uids: [5, 6, 11],
    response: '* ESEARCH (TAG "A1") MIN 2 COUNT 3',
    saved: '5:6,11',
    why: 'with COUNT too, SAVE saves every match',
  },
  {
    program: 'RETURN (MAX) MODSEQ 1',
    uids: [5, 6, 11],
    response: '* ESEARCH (TAG "A1") MAX 6 MODSEQ 110',
    why: 'MODSEQ of what MAX returns',
  },
  {
    program: 'RETURN (MIN) MODSEQ 1',
    uids: [5, 6, 11],
    response: '* ESEARCH (TAG "A1") MIN 2 MODSEQ 50',
    why: 'MODSEQ of what MIN returns, not of every match',
  },
  {
    program: 'RETURN (COUNT) MODSEQ 1',
    uids: [5, 6, 11],
    response: '* ESEARCH (TAG "A1") COUNT 3 MODSEQ 110',
    why: 'MODSEQ of every match counted',
  },
];

describe('searchReply', () => {
  for (const testCase of CASES) {
    it(`${testCase.program} over UIDs [${testCase.uids.join(' ')}]: ${testCase.why}`, () => {
      const program = programOf(testCase.program);
      const reply = searchReply({
        tag: 'A1',
        isUid: testCase.isUid ?? false,
        returnOptions: program.returnOptions,
        isRev2: testCase.isRev2 ?? false,
        hasModseq: testCase.program.includes('MODSEQ'),
        matches: matchesOf(snapshot, testCase.uids),
      });
      assert.equal(reply.response?.toString('latin1'), testCase.response && `${testCase.response}\r\n`);
      assert.equal(reply.saved?.format(), testCase.saved);
    });
  }

  it('quotes the tag as a string', () => {
    const reply = searchReply({
      tag: 'a.1',
      isUid: false,
      returnOptions: programOf('RETURN (COUNT) ALL').returnOptions,
      isRev2: false,
      hasModseq: false,
      matches: [],
    });
    assert.equal(reply.response?.toString('latin1'), '* ESEARCH (TAG "a.1") COUNT 0\r\n');
  });
});

describe('sortResponse', () => {
  it('keeps the order given and adds MODSEQ when asked', () => {
    assert.equal(sortResponse([5, 2, 7]).toString('latin1'), '* SORT 5 2 7\r\n');
    assert.equal(sortResponse([5, 2], 90).toString('latin1'), '* SORT 5 2 (MODSEQ 90)\r\n');
    assert.equal(sortResponse([]).toString('latin1'), '* SORT\r\n');
  });
});
