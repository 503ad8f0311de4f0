import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { ParseError } from '#core/errors';
import { wireLimits } from './limits.ts';
import { ArgumentCursor } from './argument-cursor.ts';
import { cursorOf, feed } from './wire.fixture.ts';

type Read = (cursor: ArgumentCursor) => unknown;

/** [arguments after the command name, what to read, the value, or the error message pattern]. */
type Case = readonly [string | Buffer, Read, unknown];

const latin1 = (bytes: string) => Buffer.from(bytes, 'latin1');
const atom: Read = (c) => c.expectAtom();
const astring: Read = (c) => c.expectAstring();
const nstring: Read = (c) => c.expectNstring();
const number: Read = (c) => c.expectNumber();
const nzNumber: Read = (c) => c.expectNzNumber();
const number64: Read = (c) => c.expectNumber64();
const sequence =
  (allowSearchResult: boolean): Read =>
  (c) =>
    c.expectSequenceSet(allowSearchResult).format();

function run(cases: readonly Case[]): void {
  for (const [args, read, expected] of cases) {
    const shown = typeof args === 'string' ? args : args.toString('latin1');
    const label = `${JSON.stringify(shown)} → ${inspect(expected, { breakLength: Number.POSITIVE_INFINITY })}`;
    it(label, () => {
      const cursor = cursorOf(args);
      if (expected instanceof RegExp) {
        assert.throws(
          () => {
            cursor.expectSpace();
            read(cursor);
            cursor.expectEnd();
          },
          (error: unknown) => error instanceof ParseError && expected.test(error.message),
        );
        return;
      }
      cursor.expectSpace();
      assert.deepEqual(read(cursor), expected);
      cursor.expectEnd();
    });
  }
}

describe('ArgumentCursor atoms and strings', () => {
  run([
    [' FLAGS', atom, 'FLAGS'],
    [
      ' BODY[TEXT]',
      (c) => [c.expectAtom('Item', { stopAtBracket: true }), c.expectAstring()],
      ['BODY', '[TEXT]'],
    ],
    [' (x', atom, /^Atom expected at "\(x"$/],
    [' ]', atom, /^Atom expected/],
    [' [Gmail]/Sent', astring, '[Gmail]/Sent'],
    [' "a b"', astring, 'a b'],
    [' "say \\"hi\\" \\\\o/"', astring, 'say "hi" \\o/'],
    [' "bad \\n escape"', astring, /\\" or \\\\ \(the only escapes in a quoted string\) expected/],
    [' "unterminated', astring, /^Closing quote of string expected at end of line$/],
    [' "Boîte"', astring, 'Boîte'],
    [' {4}\r\nuser', astring, 'user'],
    [latin1(' {2}\r\n\xff\xfe'), (c) => c.expectString(), Buffer.from([0xff, 0xfe])],
    [latin1(' "\xff"'), astring, /String is not valid UTF-8/],
    [latin1(' "\xff"'), (c) => c.expectString(), Buffer.from([0xff])],
    [' ~{3}\r\nabc', astring, /literal8 ~\{n\} is only for message data/],
    [' {3}\r\na\0b', (c) => c.expectString(), /holds a NUL octet/],
    [' ~{3}\r\na\0b', (c) => c.expectMessageLiteral().isBinary, true],
    [' "msg"', (c) => c.expectMessageLiteral(), /^Message literal expected/],
    [' NIL', nstring, null],
    [' nil', nstring, null],
    [' "NIL"', nstring, 'NIL'],
    [' NILS', nstring, /^String or NIL expected/],
    [' "a\rb"', astring, /Closing quote/],
    [' a b', astring, /^Unexpected extra arguments at " b"$/],
    [' INBOX', (c) => c.expectMailbox(), 'INBOX'],
    [' %/*', (c) => c.expectListMailbox(), '%/*'],
    [' ""', (c) => c.expectListMailbox(), ''],
    [' Boîte', astring, /^8-bit characters must be sent in a quoted string or a literal, at "\?\?te"$/],
  ]);
});

describe('ArgumentCursor numbers', () => {
  run([
    [' 0', number, 0],
    [' 4294967295', number, 4_294_967_295],
    [' 4294967296', number, /^Number \(0 to 4294967295\) expected at "4294967296"$/],
    [' 99999999999999999999', number, /^Number \(0 to 4294967295\) expected/],
    [' 007', number, 7],
    [' 12a', number, /^Number/],
    [' -1', number, /^Number/],
    [' 0', nzNumber, /^Non-zero number \(1 to 4294967295\) expected/],
    [' 01', nzNumber, /^Non-zero number/],
    [' 9223372036854775807', number64, 9_223_372_036_854_775_807n],
    [' 9223372036854775808', number64, /^Number \(0 to 2\^63-1\) expected/],
    [' 0', (c) => c.expectNumber64('Modseq', { isNonZero: true }), /^Modseq \(1 to 2\^63-1\) expected/],
  ]);
});

describe('ArgumentCursor sequence sets, dates and flags', () => {
  run([
    [' 1:3,5,7:*', sequence(false), '1:3,5,7:*'],
    [' 5,1,2:3', sequence(false), '1:3,5'],
    [' *:4', sequence(false), '4:*'],
    [' $', sequence(true), '$'],
    [' $', sequence(false), /the saved search result \(\$\) is not allowed here/],
    [' 1,$', sequence(true), /Invalid sequence set "1,\$"/],
    [' 4294967296', sequence(false), /4294967296 is greater than 4294967295/],
    [' 0:3', sequence(false), /"0" is not a number/],
    [' 1:3a', sequence(false), /^Sequence set expected at "1:3a"$/],
    [' (1)', sequence(false), /^Sequence set expected/],
    [
      ' "17-Jul-1996 02:44:25 -0700"',
      (c) => c.expectDateTime(),
      { epochMs: 837_596_665_000, zoneMinutes: -420 },
    ],
    [' " 7-Jul-1996 02:44:25 +0000"', (c) => c.expectDateTime().epochMs, 836_707_465_000],
    [' 17-Jul-1996', (c) => c.expectDateTime(), /^Date-time \("dd-Mon-yyyy hh:mm:ss \+zzzz"\) expected/],
    [' 1-Feb-2024', (c) => c.expectDate(), { year: 2024, month: 2, day: 1 }],
    [' "1-feb-2024"', (c) => c.expectDate(), { year: 2024, month: 2, day: 1 }],
    [' 30-Feb-2024', (c) => c.expectDate(), /Invalid date "30-Feb-2024"/],
    [' \\seen', (c) => c.expectFlag(), '\\Seen'],
    [' \\X-Custom', (c) => c.expectFlag(), '\\X-Custom'],
    [' $Forwarded', (c) => c.expectFlag(), '$Forwarded'],
    [' \\*', (c) => c.expectFlag(), /^Flag expected at "\\\*"$/],
    [' \\*', (c) => c.expectFlag({ allowWildcard: true }), '\\*'],
    [' (\\Seen \\deleted $Junk)', (c) => c.expectFlagList(), ['\\Seen', '\\Deleted', '$Junk']],
    [' ()', (c) => c.expectFlagList(), []],
    [' (\\Seen', (c) => c.expectFlagList(), /^Space or "\)" in flag list expected at end of line$/],
    [' \\Seen', (c) => c.expectFlagList(), /^Flag list in parentheses expected/],
    [' (\\Seen  \\Draft)', (c) => c.expectFlagList(), /^Flag expected at " \\Draft\)"$/],
  ]);
});

describe('ArgumentCursor lists and generic values', () => {
  it('reads any argument as a tree: atoms, NIL, strings, literals, nested lists', () => {
    const cursor = cursorOf(' (a (b "c") NIL {1}\r\nd) x');
    const [list, last] = cursor.readRemaining();
    assert.deepEqual(list, {
      type: 'list',
      items: [
        { type: 'atom', value: 'a' },
        {
          type: 'list',
          items: [
            { type: 'atom', value: 'b' },
            { type: 'string', value: Buffer.from('c'), form: 'quoted' },
          ],
        },
        { type: 'nil' },
        { type: 'string', value: Buffer.from('d'), form: 'literal' },
      ],
    });
    assert.deepEqual(last, { type: 'atom', value: 'x' });
  });

  it('keeps a FETCH section whole when read without its grammar', () => {
    const values = cursorOf(' (BODY.PEEK[HEADER.FIELDS (From To)]<0.100> UID)').readRemaining();
    assert.deepEqual(values[0], {
      type: 'list',
      items: [
        { type: 'atom', value: 'BODY.PEEK[HEADER.FIELDS (From To)]<0.100>' },
        { type: 'atom', value: 'UID' },
      ],
    });
  });

  const errors: [string, RegExp][] = [
    [' (a b', /^Space or "\)" in list expected at end of line$/],
    [' a)', /^Space expected at "\)"$/],
    [' )', /^Argument expected at "\)"$/],
    [' ((a)', /^Space or "\)" in list expected at end of line$/],
    [' BODY[TEXT', /^"\]" expected at end of line$/],
    [' "x" "y', /^Closing quote of string expected at end of line$/],
  ];
  for (const [args, message] of errors) {
    it(`refuses unbalanced input ${JSON.stringify(args)} with ${message}`, () => {
      assert.throws(
        () => cursorOf(args).readRemaining(),
        (e: unknown) => e instanceof ParseError && message.test(e.message),
      );
    });
  }

  it('refuses lists nested deeper than maxListDepth with a limit error', () => {
    const limits = wireLimits({ maxListDepth: 4 });
    assert.equal(cursorOf(` ${'('.repeat(4)}${')'.repeat(4)}`, limits).readRemaining().length, 1);
    assert.throws(
      () => cursorOf(` ${'('.repeat(5)}${')'.repeat(5)}`, limits).readRemaining(),
      (e: unknown) =>
        e instanceof ParseError && e.code === 'limit' && /nested too deep \(at most 4\)/.test(e.message),
    );
    const deep = ` ${'('.repeat(10_000)}${')'.repeat(10_000)}`;
    assert.throws(
      () => cursorOf(deep).readRemaining(),
      (e: unknown) => e instanceof ParseError && e.code === 'limit',
    );
  });

  it('refuses more tokens than maxArguments with a limit error', () => {
    const limits = wireLimits({ maxArguments: 10 });
    assert.equal(cursorOf(' a b c d e f g h i j', limits).readRemaining().length, 10);
    assert.throws(
      () => cursorOf(' a b c d e f g h i j k', limits).readRemaining(),
      (e: unknown) => e instanceof ParseError && e.code === 'limit',
    );
  });

  it('expectList refuses an empty list when asked to', () => {
    const cursor = cursorOf(' ()');
    cursor.expectSpace();
    assert.throws(
      () => cursor.expectList((c) => c.expectAtom(), 'Header field list', { allowEmpty: false }),
      /At least one item of header field list expected/,
    );
  });

  it('optional() rewinds after a syntax error and lets the grammar try something else', () => {
    const cursor = cursorOf(' "17-Jul-1996 02:44:25 +0000" {3}\r\nmsg');
    cursor.expectSpace();
    assert.equal(
      cursor.optional((c) => c.expectFlagList()),
      undefined,
    );
    assert.equal(cursor.optional((c) => c.expectDateTime())?.zoneMinutes, 0);
    cursor.expectSpace();
    assert.equal(cursor.expectMessageLiteral().bytes.toString(), 'msg');
    cursor.expectEnd();
  });

  it('expectKeyword matches case-insensitively and names the choices when it fails', () => {
    const cursor = cursorOf(' uidnext FOO');
    cursor.expectSpace();
    assert.equal(cursor.expectKeyword(['MESSAGES', 'UIDNEXT'], 'Status item'), 'UIDNEXT');
    cursor.expectSpace();
    assert.throws(
      () => cursor.expectKeyword(['MESSAGES', 'UIDNEXT'], 'Status item'),
      /^ParseError: Status item \(MESSAGES, UIDNEXT\) expected at "FOO"$/,
    );
  });

  it('peekKeyword looks at the next atom without consuming it', () => {
    const cursor = cursorOf(' body.peek[]');
    cursor.expectSpace();
    assert.equal(cursor.peekKeyword(), 'BODY.PEEK');
    assert.equal(cursor.expectAtom('Item', { stopAtBracket: true }), 'body.peek');
  });

  it('shows only printable ASCII of the client input in error messages', () => {
    assert.throws(
      () => cursorOf(' (\x01\x1b[31m').readRemaining(),
      /^ParseError: Argument expected at "\?\?\[31m"$/,
    );
  });
});

describe('ArgumentCursor over framed commands', () => {
  it('parses an APPEND framed byte by byte: mailbox literal, flags, date, message literal', () => {
    const message = 'Subject: hi\r\n\r\nhello\r\n';
    const input = `A1 APPEND {5}\r\nDraft (\\Seen $Sent) "14-Jul-2024 10:00:00 +0200" {${message.length}+}\r\n${message}\r\n`;
    const [event] = feed(input, { chunks: [1] }).filter((e) => e.kind === 'command');
    assert.equal(event?.kind, 'command');
    if (event?.kind !== 'command') return;
    const cursor = new ArgumentCursor(event.command);
    cursor.expectSpace();
    assert.equal(cursor.expectMailbox(), 'Draft');
    cursor.expectSpace();
    assert.deepEqual(cursor.expectFlagList(), ['\\Seen', '$Sent']);
    cursor.expectSpace();
    assert.equal(new Date(cursor.expectDateTime().epochMs).toISOString(), '2024-07-14T08:00:00.000Z');
    cursor.expectSpace();
    assert.deepEqual(cursor.expectMessageLiteral(), { bytes: Buffer.from(message), isBinary: false });
    cursor.expectEnd();
  });
});
