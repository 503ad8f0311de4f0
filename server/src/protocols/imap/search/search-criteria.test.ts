import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { usesModseq } from './search-criteria.ts';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS } from './search-limits.ts';
import { describeKey, programOf } from './search.fixture.ts';

/** [what follows `SEARCH `, the criteria as describeKey renders them]. */
const PROGRAMS: readonly (readonly [string, string])[] = [
  // Thunderbird's offline sync and its quick filter
  ['UNDELETED SINCE 1-Nov-2026', 'and(unflag(\\Deleted), since(2026-11-01))'],
  ['UNDELETED UNSEEN', 'and(unflag(\\Deleted), unflag(\\Seen))'],
  [
    'CHARSET UTF-8 OR FROM "marie" OR TO "marie" CC "marie"',
    'or(from("marie"), or(to("marie"), cc("marie")))',
  ],
  // iOS Mail
  ['1:* NOT DELETED', 'and(sequence(1:*), not(flag(\\Deleted)))'],
  ['UID 1:* NOT DELETED', 'and(uid(1:*), not(flag(\\Deleted)))'],
  // mbsync without UIDPLUS finds what it appended by its X-TUID header
  ['HEADER X-TUID 9mTsD5C+q3oG', 'header(X-TUID, "9mTsD5C+q3oG")'],
  // imapflow's compiled queries
  [
    'UID 1:* SEEN SINCE 2-Feb-2026 LARGER 1024',
    'and(uid(1:*), flag(\\Seen), since(2026-02-02), larger(1024))',
  ],
  ['OR SUBJECT "rapport" BODY "rapport"', 'or(subject("rapport"), body("rapport"))'],
  ['KEYWORD $Label1 UNKEYWORD $Junk', 'and(keyword($label1), unkeyword($junk))'],
  // Roundcube and the RFCs' own examples
  [
    'FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"',
    'and(flag(\\Flagged), since(1994-02-01), not(from("Smith")))',
  ],
  ['TEXT "string not in mailbox"', 'text("string not in mailbox")'],
  [
    'OR (SEEN FLAGGED) (LARGER 100 SMALLER 2000)',
    'or(and(flag(\\Seen), flag(\\Flagged)), and(larger(100), smaller(2000)))',
  ],
  ['(UNSEEN)', 'unflag(\\Seen)'],
  [
    'SENTBEFORE "5-Mar-2000" SENTON 6-mar-2000 SENTSINCE 07-MAR-2000',
    'and(sentbefore(2000-03-05), senton(2000-03-06), sentsince(2000-03-07))',
  ],
  ['BEFORE 1-Jan-2027 ON 31-Dec-2026', 'and(before(2027-01-01), on(2026-12-31))'],
  [
    'ANSWERED DRAFT UNANSWERED UNDRAFT UNFLAGGED',
    'and(flag(\\Answered), flag(\\Draft), unflag(\\Answered), unflag(\\Draft), unflag(\\Flagged))',
  ],
  ['ALL', 'all'],
  ['NEW OLD RECENT', 'and(new, old, recent)'],
  ['BCC x TO y', 'and(bcc("x"), to("y"))'],
  ['HEADER Message-ID "<menu@x>"', 'header(Message-ID, "<menu@x>")'],
  ['HEADER List-Id ""', 'header(List-Id, "")'],
  // RFC 5182: $ alone and behind UID
  ['$ SEEN', 'and(sequence($), flag(\\Seen))'],
  ['UID $', 'uid($)'],
  ['2,4:7,9,12:*', 'sequence(2,4:7,9,12:*)'],
  // RFC 7162 §3.1.5
  ['MODSEQ "/flags/\\\\draft" all 620162338', 'modseq(/flags/\\draft all 620162338)'],
  ['MODSEQ 0', 'modseq(0)'],
  // RFC 8474, RFC 5032
  [
    'EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9',
    'and(emailId(M6d99ac3275bb4e), threadId(T64b478a75b7ea9))',
  ],
  ['OLDER 3600 YOUNGER 60', 'and(older(3600), younger(60))'],
  // Lower case keys, as some scripts send them
  ['uid 5 not seen', 'and(uid(5), not(flag(\\Seen)))'],
];

describe('parseSearchProgram reads the keys real clients send', () => {
  for (const [text, expected] of PROGRAMS) {
    it(`reads ${text}`, () => {
      assert.equal(describeKey(programOf(text).criteria), expected);
    });
  }

  it('reads non-ASCII terms sent as UTF-8 literals (Thunderbird, K-9)', () => {
    const term = Buffer.from('école', 'utf8');
    const program = programOf(
      Buffer.concat([
        Buffer.from(`CHARSET UTF-8 SUBJECT {${term.length}}\r\n`),
        term,
        Buffer.from(' UNSEEN'),
      ]),
    );
    assert.equal(program.charset, 'UTF-8');
    assert.equal(describeKey(program.criteria), 'and(subject("école"), unflag(\\Seen))');
  });

  it('reads US-ASCII as a charset, in any case, quoted or not', () => {
    assert.equal(programOf('CHARSET us-ascii ALL').charset, 'US-ASCII');
    assert.equal(programOf('CHARSET "UTF-8" ALL').charset, 'UTF-8');
    assert.equal(programOf('ALL').charset, undefined);
  });
});

describe('parseSearchProgram reads RETURN options', () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ['RETURN (MIN MAX COUNT SAVE) FLAGGED', 'min max count save'],
    ['RETURN () FLAGGED', 'all'],
    ['RETURN (ALL) ALL', 'all'],
    ['return (count) ALL', 'count'],
    ['RETURN (SAVE) CHARSET UTF-8 ALL', 'save'],
    ['FLAGGED', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text}`, () => {
      const options = programOf(text).returnOptions;
      const shown =
        options === undefined
          ? undefined
          : (['min', 'max', 'all', 'count', 'save'] as const).filter((name) => options[name]).join(' ');
      assert.equal(shown, expected);
    });
  }
});

describe('parseSearchProgram refuses malformed programs with precise errors', () => {
  const tooDeep = `${'NOT '.repeat(DEFAULT_SEARCH_LIMITS.maxDepth + 1)}ALL`;
  const tooMany = Array.from({ length: DEFAULT_SEARCH_LIMITS.maxKeys + 1 }, () => 'SEEN').join(' ');
  const cases: readonly (readonly [string, RegExp])[] = [
    ['FOO', /^Unknown search key "FOO"$/],
    ['', /^Search key expected at end of line$/],
    ['SEEN ', /^Search key expected at end of line$/],
    ['SEEN  FLAGGED', /^Search key expected at " FLAGGED"$/],
    ['NOT', /^Space expected at end of line$/],
    ['OR SEEN', /^Space expected at end of line$/],
    ['SINCE 32-Jan-2026', /^Invalid date "32-Jan-2026"/],
    ['SINCE 2026-01-01', /^Invalid date "2026-01-01"/],
    [
      'RETURN (PARTIAL 1:10) ALL',
      /^Search return option \(MIN, MAX, ALL, COUNT, SAVE\) expected at "PARTIAL/,
    ],
    ['RETURN ALL', /^Search return options in parentheses expected/],
    ['() ALL', /^At least one item of search keys expected/],
    ['(SEEN', /^Space or "\)" in search keys expected at end of line$/],
    ['UID 1,,2', /^Invalid sequence set "1,,2": a number is missing$/],
    ['0:4', /^Invalid sequence set "0:4"/],
    ['LARGER -1', /^Size \(0 to 2\^63-1\) expected/],
    ['OLDER 0', /^Interval in seconds \(1 to 4294967295\) expected/],
    ['KEYWORD \\Seen', /^Keyword expected at "\\Seen"$/],
    ['HEADER "Fo:o" x', /^Invalid header field name "Fo:o"$/],
    ['HEADER Subject', /^Space expected at end of line$/],
    ['EMAILID a.b', /^Invalid object id "a.b"$/],
    ['MODSEQ "/foo" all 1', /^Entry name "\/foo" does not start with \/flags\/$/],
    ['MODSEQ "/flags/\\\\seen" any 1', /^Entry type \(priv, shared, all\) expected at "any 1"$/],
    ['MODSEQ 9223372036854775808', /^Mod-sequence \(0 to 2\^63-1\) expected/],
    ['SEEN)', /^Space expected at "\)"$/],
    [tooDeep, /^Search keys nested too deep \(at most 32\)$/],
    [tooMany, /^Too many search keys \(at most 500\)$/],
    [`SUBJECT "${'x'.repeat(1001)}"`, /^Search string longer than 1000 characters$/],
  ];
  for (const [text, pattern] of cases) {
    it(`refuses ${text.length > 60 ? `${text.slice(0, 60)}…` : JSON.stringify(text)}`, () => {
      assert.throws(
        () => programOf(text),
        (error: unknown) => error instanceof ParseError && pattern.test(error.message),
      );
    });
  }

  it('refuses a string that is not UTF-8 whatever the charset says', () => {
    const program = Buffer.concat([Buffer.from('CHARSET UTF-8 BODY {2}\r\n'), Buffer.from([0xc3, 0x28])]);
    assert.throws(
      () => programOf(program),
      (error: unknown) =>
        error instanceof ParseError && /^Search string is not valid UTF-8$/.test(error.message),
    );
  });

  it('refuses other charsets with a typed error the command answers NO [BADCHARSET]', () => {
    for (const text of ['CHARSET ISO-8859-1 ALL', 'CHARSET "windows-1252" SUBJECT x']) {
      assert.throws(
        () => programOf(text),
        (error: unknown) => error instanceof SearchError && error.code === 'badCharset',
      );
    }
  });
});

describe('usesModseq', () => {
  it('finds MODSEQ anywhere in the tree, so the response carries the highest MODSEQ', () => {
    assert.equal(usesModseq(programOf('SEEN OR FLAGGED NOT (UID 1:4 MODSEQ 7)').criteria), true);
    assert.equal(usesModseq(programOf('SEEN OR FLAGGED NOT (UID 1:4)').criteria), false);
  });
});
