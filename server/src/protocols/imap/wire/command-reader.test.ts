import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandReader } from './command-reader.ts';
import { wireLimits } from './limits.ts';
import { feed, feedReader, renderEvents, seededRandom } from './wire.fixture.ts';

const SMALL = wireLimits({ maxLineBytes: 100, maxLiteralBytes: 50, maxAppendBytes: 400, maxLiterals: 3 });

const APPEND_TWO_LITERALS =
  'A1 APPEND {5}\r\nDraft (\\Seen) "14-Jul-2024 10:00:00 +0200" {22+}\r\nSubject: hi\r\n\r\nhello\r\n\r\nA2 NOOP\r\n';

describe('CommandReader framing', () => {
  const cases: { name: string; input: string; expected: string[]; options?: Parameters<typeof feed>[1] }[] = [
    {
      name: 'splits a line into tag, upper-cased name and the argument text after it',
      input: 'a001 login "user" "pass"\r\n',
      expected: ['command a001 LOGIN "user" "pass"'],
    },
    {
      name: 'accepts a bare LF as the end of a line and drops the CR of CRLF',
      input: 'A1 NOOP\nA2 NOOP\r\n',
      expected: ['command A1 NOOP', 'command A2 NOOP'],
    },
    {
      name: 'skips blank lines between commands instead of answering BAD',
      input: '\r\n\nA1 NOOP\r\n\r\n',
      expected: ['command A1 NOOP'],
    },
    {
      name: 'asks before a synchronising literal and reads it once accepted',
      input: 'A1 LOGIN {4}\r\nuser {2}\r\npw\r\n',
      expected: ['literal A1 LOGIN 4', 'literal A1 LOGIN 2', 'command A1 LOGIN {4}«user» {2}«pw»'],
    },
    {
      name: 'reads a LITERAL+ literal without asking',
      input: 'A1 LOGIN {4+}\r\nuser pw\r\n',
      expected: ['command A1 LOGIN {4+}«user» pw'],
    },
    {
      name: 'reads a literal8 and marks it binary',
      input: 'A1 APPEND INBOX ~{3}\r\na\0b\r\n',
      expected: ['literal A1 APPEND 3 binary', 'command A1 APPEND INBOX ~{3}«a\0b»'],
    },
    {
      name: 'completes a zero-length literal without waiting for octets',
      input: 'A1 LOGIN {0}\r\n {0+}\r\n\r\n',
      expected: ['literal A1 LOGIN 0', 'command A1 LOGIN {0}«» {0+}«»'],
    },
    {
      name: 'takes literal octets verbatim, CRLF and braces included',
      input: 'A1 X {8+}\r\n{1}\r\nA2 \r\n',
      expected: ['command A1 X {8+}«{1}\r\nA2 »'],
    },
    {
      name: 'passes 8-bit octets in a line through to the argument parser',
      input: 'A1 SELECT "Bo\xc3\xaete"\r\n',
      expected: ['command A1 SELECT "Bo\xc3\xaete"'],
    },
    {
      name: 'a rejected synchronising literal drops the command; the next line is a new command',
      input: 'A1 LOGIN {4}\r\nA2 NOOP\r\n',
      options: { onLiteral: () => 'reject' },
      expected: ['literal A1 LOGIN 4', 'command A2 NOOP'],
    },
  ];
  for (const { name, input, expected, options } of cases) {
    it(name, () => assert.deepEqual(renderEvents(feed(input, options)), expected));
  }

  it('frames a multi-literal APPEND the same at every split point, byte by byte and in random chunks', () => {
    const whole = renderEvents(feed(APPEND_TWO_LITERALS));
    assert.deepEqual(whole, [
      'literal A1 APPEND 5',
      'command A1 APPEND {5}«Draft» (\\Seen) "14-Jul-2024 10:00:00 +0200" {22+}«Subject: hi\r\n\r\nhello\r\n»',
      'command A2 NOOP',
    ]);
    for (let split = 1; split < APPEND_TWO_LITERALS.length; split++) {
      const events = feed(APPEND_TWO_LITERALS, { chunks: [split, APPEND_TWO_LITERALS.length] });
      assert.deepEqual(renderEvents(events), whole, `split at ${split}`);
    }
    assert.deepEqual(renderEvents(feed(APPEND_TWO_LITERALS, { chunks: [1] })), whole, 'byte by byte');
    const random = seededRandom(7);
    for (let run = 0; run < 200; run++) {
      const chunks = Array.from({ length: 8 }, () => 1 + Math.floor(random() * 12));
      assert.deepEqual(
        renderEvents(feed(APPEND_TWO_LITERALS, { chunks })),
        whole,
        `chunks ${chunks.join(',')}`,
      );
    }
  });
});

describe('CommandReader limits', () => {
  const cases: { name: string; input: string; expected: string[]; options?: Parameters<typeof feed>[1] }[] = [
    {
      name: 'refuses a synchronising literal over the limit with TOOBIG before the client sends it',
      input: 'A1 LOGIN {51}\r\nA2 NOOP\r\n',
      expected: ['error literalTooBig A1 TOOBIG', 'command A2 NOOP'],
    },
    {
      name: 'counts off an oversized LITERAL+ literal and the rest of its command, then reads the next',
      input: `A1 LOGIN {60+}\r\n${'x'.repeat(60)} more {3+}\r\nA9 \r\nA2 NOOP\r\n`,
      expected: ['error literalTooBig A1 TOOBIG', 'command A2 NOOP'],
    },
    {
      name: 'holds APPEND to maxAppendBytes and every other command to maxLiteralBytes',
      input: `A1 APPEND x {300+}\r\n${'m'.repeat(300)}\r\nA2 LOGIN {300+}\r\n${'m'.repeat(300)}\r\nA3 NOOP\r\n`,
      expected: [
        `command A1 APPEND x {300+}«${'m'.repeat(300)}»`,
        'error literalTooBig A2 TOOBIG',
        'command A3 NOOP',
      ],
    },
    {
      name: "counts a MULTIAPPEND's messages together against the APPEND budget",
      input: `A1 APPEND x {300+}\r\n${'m'.repeat(300)} {200+}\r\n${'n'.repeat(200)}\r\nA2 NOOP\r\n`,
      expected: ['error literalTooBig A1 TOOBIG', 'command A2 NOOP'],
    },
    {
      name: 'counts every literal of a command against its budget',
      input: `A1 LOGIN {30+}\r\n${'u'.repeat(30)} {30+}\r\n${'p'.repeat(30)}\r\nA2 NOOP\r\n`,
      expected: ['error literalTooBig A1 TOOBIG', 'command A2 NOOP'],
    },
    {
      name: 'refuses a fourth literal when three are allowed, and skips the rest of the command',
      input: 'A1 X {1+}\r\na {1+}\r\nb {1+}\r\nc {1+}\r\nd\r\nA2 NOOP\r\n',
      expected: ['error tooManyLiterals A1', 'command A2 NOOP'],
    },
    {
      name: 'refuses a line over the limit with its tag, skips to its end, then reads the next command',
      input: `A1 SEARCH ${'x'.repeat(200)}\r\nA2 NOOP\r\n`,
      expected: ['error lineTooLong A1', 'command A2 NOOP'],
    },
    {
      name: 'counts off the LITERAL+ octets announced at the end of an overlong line',
      input: `A1 SEARCH ${'x'.repeat(200)} {5+}\r\nA3 X\r\nA2 NOOP\r\n`,
      expected: ['error lineTooLong A1', 'command A2 NOOP'],
    },
    {
      name: 'an overlong line ending in a LITERAL+ size too long to read is fatal',
      input: `A1 SEARCH ${'x'.repeat(200)} {${'9'.repeat(70)}+}\r\nA2 NOOP\r\n`,
      expected: ['error lineTooLong A1', 'error unreadableLiteral * TOOBIG fatal', 'command A2 NOOP'],
    },
    {
      name: 'counts the text of every line of a command against the line limit',
      input: `A1 X ${'a'.repeat(60)} {1+}\r\nb ${'c'.repeat(60)}\r\nA2 NOOP\r\n`,
      expected: ['error lineTooLong A1', 'command A2 NOOP'],
    },
    {
      name: 'refuses NUL in a command line and goes on with the next command',
      input: 'A1 LOGIN a\0b c\r\nA2 NOOP\r\n',
      expected: ['error nul A1', 'command A2 NOOP'],
    },
    {
      name: 'answers a line without a valid tag untagged',
      input: ' NOOP\r\n+ NOOP\r\n(A) NOOP\r\nA2 NOOP\r\n',
      expected: ['error badTag *', 'error badTag *', 'error badTag *', 'command A2 NOOP'],
    },
    {
      name: 'answers a tag without a valid command name by tag',
      input: 'A1\r\nA2 (X)\r\nA3 NOOP\r\n',
      expected: ['error badCommandName A1', 'error badCommandName A2', 'command A3 NOOP'],
    },
    {
      name: 'an unreadable synchronising literal size is refused; the client waits, so nothing is lost',
      input: `A1 LOGIN {${'9'.repeat(40)}}\r\nA2 NOOP\r\n`,
      expected: ['error unreadableLiteral A1 TOOBIG', 'command A2 NOOP'],
    },
    {
      name: 'an unreadable LITERAL+ size is fatal: nobody can tell where the next command starts',
      input: `A1 LOGIN {99999999999999999999+}\r\nA2 NOOP\r\n`,
      expected: ['error unreadableLiteral A1 TOOBIG fatal', 'command A2 NOOP'],
    },
    {
      name: 'with LITERAL- only, refuses non-synchronising literals over 4096 octets yet consumes them',
      input: `A1 APPEND x {4097+}\r\n${'m'.repeat(4097)}\r\nA2 APPEND x {4096+}\r\n${'m'.repeat(4096)}\r\nA3 NOOP\r\n`,
      options: { isLiteralMinus: true, limits: wireLimits({ maxAppendBytes: 10_000 }) },
      expected: [
        'error literalTooBig A1 TOOBIG',
        `command A2 APPEND x {4096+}«${'m'.repeat(4096)}»`,
        'command A3 NOOP',
      ],
    },
  ];
  for (const { name, input, expected, options } of cases) {
    it(name, () => {
      assert.deepEqual(renderEvents(feed(input, options ?? { limits: SMALL })), expected);
      assert.deepEqual(
        renderEvents(feed(input, { limits: SMALL, ...options, chunks: [1] })),
        expected,
        'byte by byte',
      );
    });
  }

  it('reports an overlong line as soon as the limit is passed, before its end arrives', () => {
    const reader = new CommandReader({ limits: SMALL });
    reader.push(Buffer.from(`A7 SEARCH ${'x'.repeat(150)}`));
    assert.deepEqual(renderEvents([reader.next()!]), ['error lineTooLong A7']);
    assert.equal(reader.next(), undefined);
  });

  it('holds no more than the line limit while an endless line trickles in byte by byte', () => {
    const reader = new CommandReader({ limits: SMALL });
    let peak = 0;
    for (let i = 0; i < 5000; i++) {
      reader.push(Buffer.from('y'));
      for (let event = reader.next(); event !== undefined; event = reader.next());
      peak = Math.max(peak, reader.heldBytes);
    }
    assert.ok(peak <= SMALL.maxLineBytes + 64, `peak ${peak}`);
  });

  it('refuses to read on while a literal request is unanswered', () => {
    const reader = new CommandReader();
    reader.push(Buffer.from('A1 LOGIN {4}\r\n'));
    assert.equal(reader.next()?.kind, 'literalRequest');
    assert.throws(() => reader.next(), /answer the literal request/);
  });
});

describe('CommandReader modes and input', () => {
  it('delivers the next line raw when asked (IDLE then DONE), then frames commands again', () => {
    const reader = new CommandReader();
    reader.push(Buffer.from('A1 IDLE\r\nDONE\r\nA2 NOOP {3}\r\n'));
    assert.deepEqual(renderEvents([reader.next()!]), ['command A1 IDLE']);
    reader.readRawLine();
    assert.deepEqual(renderEvents([reader.next()!, reader.next()!]), ['line DONE', 'literal A2 NOOP 3']);
  });

  it('delivers an empty raw line (an empty SASL response) and raw lines with literal-like ends', () => {
    const reader = new CommandReader();
    reader.push(Buffer.from('\r\nabc{5+}\r\n'));
    reader.readRawLine();
    const first = reader.next();
    reader.readRawLine();
    assert.deepEqual(renderEvents([first!, reader.next()!]), ['line ', 'line abc{5+}']);
  });

  it('refuses a raw line over the limit, skips it, and frames commands after it', () => {
    const reader = new CommandReader({ limits: SMALL });
    reader.readRawLine();
    const events = feedReader(reader, Buffer.from(`${'z'.repeat(300)}{5+}\r\nA2 NOOP\r\n`), { chunks: [7] });
    assert.deepEqual(renderEvents(events), ['error lineTooLong *', 'command A2 NOOP']);
  });

  it('asks the session to pause the socket past the high-water mark', () => {
    const reader = new CommandReader({ limits: wireLimits({ inputHighWaterBytes: 10 }) });
    assert.equal(reader.push(Buffer.from('A1 NOOP\r\n')), true);
    assert.equal(reader.push(Buffer.from('A2 NOOP\r\n')), false);
    reader.next();
    reader.next();
    assert.equal(reader.unreadBytes, 0);
  });

  it('hands back bytes pipelined after STARTTLS so the session can drop them', () => {
    const reader = new CommandReader();
    reader.push(Buffer.from('A1 STARTTLS\r\nA2 LOGIN'));
    reader.push(Buffer.from(' a b\r\n'));
    assert.deepEqual(renderEvents([reader.next()!]), ['command A1 STARTTLS']);
    assert.equal(reader.takeUnread().toString(), 'A2 LOGIN a b\r\n');
    assert.equal(reader.next(), undefined);
  });

  it('keeps literal octets as slices of the input when they arrive in one chunk', () => {
    const input = Buffer.from(`A1 APPEND x {5000+}\r\n${'m'.repeat(5000)}\r\n`);
    const [event] = feed(input);
    assert.equal(event?.kind, 'command');
    if (event?.kind === 'command') assert.equal(event.command.literals[0]!.bytes.buffer, input.buffer);
  });
});
