import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { cursorOf } from '../wire/wire.fixture.ts';
import { type FetchRequest, parseFetchArguments, responseName } from './fetch-items.ts';

/** The arguments after `FETCH 1:*`, as the FETCH command hands them over (starting with the SP). */
function parse(args: string, isUid = false): FetchRequest {
  return parseFetchArguments(cursorOf(` ${args}`), { isUid });
}

const names = (request: FetchRequest) => request.items.map(responseName);

/** needsStructure, needsBytes, setsSeen, enablesCondstore as a string of 0/1. */
const flagsOf = (request: FetchRequest) =>
  [request.needsStructure, request.needsBytes, request.setsSeen, request.enablesCondstore]
    .map(Number)
    .join('');

describe('which items read the stored message', () => {
  const cases: [string, boolean][] = [
    ['BODY.PEEK[HEADER.FIELDS (From To Subject Date Message-ID)]', false],
    ['(UID FLAGS BODY.PEEK[HEADER.FIELDS (From)])', false],
    ['BODY.PEEK[HEADER.FIELDS (From Received)]', true],
    ['BODY.PEEK[HEADER.FIELDS.NOT (From)]', true],
    ['(BODY.PEEK[HEADER.FIELDS (From)] BODY.PEEK[]<0.10>)', true],
    ['BODY[]', true],
    ['RFC822.HEADER', true],
    ['(FLAGS ENVELOPE)', false],
  ];
  for (const [args, reads] of cases) {
    it(`${args}: ${reads ? 'reads it' : 'does not'}`, () => {
      assert.equal(parse(args).readsMessageBytes, reads);
    });
  }
});

describe('FETCH item lists', () => {
  const cases: [string, string, string[], string][] = [
    ['ALL expands to its four items', 'ALL', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'], '1000'],
    ['FAST needs neither structure nor bytes', 'fast', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'], '0000'],
    ['FULL adds BODY', 'FULL', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'], '1000'],
    ['a single item stands without parentheses', 'uid', ['UID'], '0000'],
    ['a list keeps the order asked', '(RFC822.SIZE UID FLAGS)', ['RFC822.SIZE', 'UID', 'FLAGS'], '0000'],
    ['BODY without a section is the structure', '(BODY BODYSTRUCTURE)', ['BODY', 'BODYSTRUCTURE'], '1000'],
    ['BODY[] sets \\Seen and needs no structure', 'BODY[]', ['BODY[]'], '0110'],
    ['BODY.PEEK[] does not set \\Seen and answers as BODY[]', 'BODY.PEEK[]<0.2048>', ['BODY[]<0>'], '0100'],
    ['BODY[TEXT] needs the structure', 'BODY[TEXT]', ['BODY[TEXT]'], '1110'],
    [
      'a header field list is echoed in the response name; cached fields need no structure',
      'BODY.PEEK[HEADER.FIELDS (From "To")]',
      ['BODY[HEADER.FIELDS (From To)]'],
      '0100',
    ],
    [
      'a header field the cache does not keep needs the structure',
      'BODY.PEEK[HEADER.FIELDS (From Received)]',
      ['BODY[HEADER.FIELDS (From Received)]'],
      '1100',
    ],
    ['BODY[1] and BODY.PEEK[1] are one item', '(BODY.PEEK[1] BODY[1])', ['BODY[1]'], '1100'],
    ['repeated items are sent once', '(UID FLAGS UID)', ['UID', 'FLAGS'], '0000'],
    [
      'BINARY sets \\Seen, BINARY.PEEK does not',
      '(BINARY.PEEK[1] BINARY[2]<0.10>)',
      ['BINARY[1]', 'BINARY[2]<0>'],
      '1110',
    ],
    ['BINARY.SIZE reads the part but sets nothing', 'BINARY.SIZE[1.2]', ['BINARY.SIZE[1.2]'], '1100'],
    ['RFC822 is BODY[] with \\Seen', 'RFC822', ['RFC822'], '0110'],
    ['RFC822.HEADER does not set \\Seen', 'RFC822.HEADER', ['RFC822.HEADER'], '1100'],
    ['RFC822.TEXT sets \\Seen', 'RFC822.TEXT', ['RFC822.TEXT'], '1110'],
    ['MODSEQ enables CONDSTORE', '(FLAGS MODSEQ)', ['FLAGS', 'MODSEQ'], '0001'],
    [
      'object ids and dates need no message data',
      '(EMAILID THREADID SAVEDATE)',
      ['EMAILID', 'THREADID', 'SAVEDATE'],
      '0000',
    ],
    ['PREVIEW takes LAZY', '(UID PREVIEW (LAZY))', ['UID', 'PREVIEW'], '0000'],
    ['CHANGEDSINCE adds MODSEQ', '(FLAGS) (CHANGEDSINCE 12345)', ['FLAGS', 'MODSEQ'], '0001'],
    ['PREVIEW followed by modifiers is not LAZY', 'PREVIEW (CHANGEDSINCE 0)', ['PREVIEW', 'MODSEQ'], '0001'],
  ];
  for (const [behaviour, args, expected, flags] of cases) {
    it(behaviour, () => {
      const request = parse(args);
      assert.deepEqual(names(request), expected);
      assert.equal(flagsOf(request), flags);
    });
  }

  it('reads CHANGEDSINCE and VANISHED for UID FETCH', () => {
    const request = parse('(UID FLAGS) (CHANGEDSINCE 9223372036854775807 VANISHED)', true);
    assert.equal(request.changedSince, 9223372036854775807n);
    assert.equal(request.isVanished, true);
  });

  it('says whether PREVIEW may be lazy', () => {
    assert.deepEqual(parse('(PREVIEW (LAZY))').items, [{ kind: 'PREVIEW', isLazy: true }]);
    assert.deepEqual(parse('PREVIEW').items, [{ kind: 'PREVIEW', isLazy: false }]);
  });

  it('keeps the section and partial of a body item', () => {
    assert.deepEqual(parse('BODY.PEEK[1.2.MIME]<10.20>').items, [
      {
        kind: 'section',
        section: {
          item: 'BODY.PEEK',
          section: { part: [1, 2], text: 'MIME', fields: [] },
          partial: { offset: 10, length: 20 },
        },
        name: 'BODY[1.2.MIME]<10>',
      },
    ]);
  });
});

describe('FETCH item errors', () => {
  const cases: [string, string, RegExp, boolean?][] = [
    [
      'an unknown item is named, with what is known',
      '(UID FOO)',
      /^Unknown fetch item "FOO": expected ALL, FAST, FULL or UID, FLAGS/,
    ],
    ['a macro inside a list is refused', '(ALL UID)', /^ALL is a macro: it cannot be inside a list/],
    ['BINARY without a section is refused', 'BINARY', /^BINARY needs a section: BINARY\[…\]/],
    ['BODY.PEEK without a section is refused', '(BODY.PEEK)', /^BODY\.PEEK needs a section/],
    ['a section after an item that takes none is refused', 'UID[1]', /^Fetch item UID takes no \[section\]/],
    ['an empty list is refused', '()', /^At least one item of fetch item list expected/],
    [
      'an unknown modifier is refused',
      'UID (FOO)',
      /^Unknown fetch modifier "FOO": expected CHANGEDSINCE or VANISHED/,
    ],
    ['VANISHED alone is refused', 'UID (VANISHED)', /^VANISHED needs CHANGEDSINCE/, true],
    [
      'VANISHED outside UID FETCH is refused',
      'UID (CHANGEDSINCE 1 VANISHED)',
      /^VANISHED is a UID FETCH modifier/,
    ],
    [
      'a repeated modifier is refused',
      'UID (CHANGEDSINCE 1 CHANGEDSINCE 2)',
      /^Fetch modifier CHANGEDSINCE given twice/,
    ],
    [
      'a CHANGEDSINCE without a number is refused',
      'UID (CHANGEDSINCE x)',
      /^CHANGEDSINCE mod-sequence \(0 to 2\^63-1\) expected/,
    ],
    ['text after the modifiers is refused', 'UID (CHANGEDSINCE 1) more', /^Unexpected extra arguments/],
    ['a missing item list is refused', '', /^Fetch item expected at end of line/],
    ['a bad section is refused by the section reader', 'BODY[FOO]', /^Invalid section "FOO"/],
  ];
  for (const [behaviour, args, message, isUid] of cases) {
    it(behaviour, () => {
      assert.throws(
        () => parse(args, isUid ?? false),
        (error: unknown) => error instanceof ParseError && message.test(error.message),
      );
    });
  }
});
