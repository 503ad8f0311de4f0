import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { type BodySectionItem, expectBodySection, formatSection } from './section-spec.ts';
import { cursorOf } from './wire.fixture.ts';

/** Read `<item>[...]<...>` the way FETCH will: the item name, then its section. */
function readItem(text: string) {
  const cursor = cursorOf(` ${text}`);
  cursor.expectSpace();
  const item = cursor.expectAtom('Fetch item', { stopAtBracket: true }).toUpperCase() as BodySectionItem;
  const section = expectBodySection(cursor, item);
  cursor.expectEnd();
  return section;
}

describe('FETCH body sections', () => {
  const cases: [string, object][] = [
    ['BODY[]', { item: 'BODY', section: { part: [], text: undefined, fields: [] }, partial: undefined }],
    [
      'BODY.PEEK[]<0.2048>',
      {
        item: 'BODY.PEEK',
        section: { part: [], text: undefined, fields: [] },
        partial: { offset: 0, length: 2048 },
      },
    ],
    ['BODY[TEXT]', { item: 'BODY', section: { part: [], text: 'TEXT', fields: [] }, partial: undefined }],
    [
      'body.peek[header]',
      { item: 'BODY.PEEK', section: { part: [], text: 'HEADER', fields: [] }, partial: undefined },
    ],
    [
      'BODY.PEEK[1.2.MIME]',
      { item: 'BODY.PEEK', section: { part: [1, 2], text: 'MIME', fields: [] }, partial: undefined },
    ],
    [
      'BODY[3.HEADER]',
      { item: 'BODY', section: { part: [3], text: 'HEADER', fields: [] }, partial: undefined },
    ],
    [
      'BODY[4.2.2.1]<10.5>',
      {
        item: 'BODY',
        section: { part: [4, 2, 2, 1], text: undefined, fields: [] },
        partial: { offset: 10, length: 5 },
      },
    ],
    [
      'BODY.PEEK[HEADER.FIELDS (From To Message-ID)]<0.100>',
      {
        item: 'BODY.PEEK',
        section: { part: [], text: 'HEADER.FIELDS', fields: ['From', 'To', 'Message-ID'] },
        partial: { offset: 0, length: 100 },
      },
    ],
    [
      'BODY[2.HEADER.FIELDS.NOT ("Received" {7}\r\nX-Spam-)]',
      {
        item: 'BODY',
        section: { part: [2], text: 'HEADER.FIELDS.NOT', fields: ['Received', 'X-Spam-'] },
        partial: undefined,
      },
    ],
    [
      'BINARY[1]',
      { item: 'BINARY', section: { part: [1], text: undefined, fields: [] }, partial: undefined },
    ],
    [
      'BINARY.PEEK[1.2]<0.4096>',
      {
        item: 'BINARY.PEEK',
        section: { part: [1, 2], text: undefined, fields: [] },
        partial: { offset: 0, length: 4096 },
      },
    ],
    [
      'BINARY.SIZE[2]',
      { item: 'BINARY.SIZE', section: { part: [2], text: undefined, fields: [] }, partial: undefined },
    ],
    ['BINARY[]', { item: 'BINARY', section: { part: [], text: undefined, fields: [] }, partial: undefined }],
    [
      'BODY[]<9223372036854775807.1>',
      {
        item: 'BODY',
        section: { part: [], text: undefined, fields: [] },
        partial: { offset: 9_223_372_036_854_775_807, length: 1 },
      },
    ],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(readItem(text), expected));
  }

  const refused: [string, RegExp][] = [
    ['BODY[MIME]', /Invalid section "MIME"/],
    ['BODY[0]', /part numbers start at 1/],
    ['BODY[01]', /part numbers start at 1/],
    ['BODY[1.FOO]', /Invalid section "1.FOO"/],
    ['BODY[HEADER.FIELDS]', /^Space expected at "\]"/],
    ['BODY[HEADER.FIELDS ()]', /At least one item of header field list expected/],
    ['BODY[HEADER.FIELDS (Fr:om)]', /Invalid header field name "Fr:om"/],
    // `]` is an ASTRING-CHAR: the field name reads `From]` and the list never closes.
    ['BODY[HEADER.FIELDS (From]', /Space or "\)" in header field list expected at end of line/],
    ['BODY[TEXT', /Section "\]" expected at end of line/],
    ['BODY[]<0.0>', /Invalid partial "<0.0>"/],
    ['BODY[]<5>', /Invalid partial "<5>"/],
    ['BODY[]<9223372036854775808.1>', /Invalid partial/],
    ['BINARY[TEXT]', /part numbers start at 1/],
    ['BINARY.SIZE[1]<0.5>', /Unexpected extra arguments at "<0.5>"/],
    ['BODY', /Section "\[" expected at end of line/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)} with ${message.source}`, () => {
      assert.throws(
        () => readItem(text),
        (e: unknown) => e instanceof ParseError && message.test(e.message),
      );
    });
  }

  it('writes the section back for the FETCH response', () => {
    assert.equal(formatSection(readItem('BODY[1.2.MIME]').section), '1.2.MIME');
    assert.equal(formatSection(readItem('BODY[]').section), '');
    assert.equal(
      formatSection(readItem('BODY.PEEK[3.HEADER.FIELDS (From "X-%Odd")]').section),
      '3.HEADER.FIELDS (From "X-%Odd")',
    );
  });
});
