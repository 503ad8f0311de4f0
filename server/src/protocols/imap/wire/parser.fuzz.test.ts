// Randomised test of the whole wire input path (Dovecot fuzz-imap-parser.c in spirit): real client commands,
// mutated, plus random bytes, fed in random chunks through CommandReader and parsed with ArgumentCursor the
// way command parsers will. Replay a failure with WIRE_FUZZ_SEED=<seed>; WIRE_FUZZ_COUNT sets the count.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ParseError } from '#core/errors';
import { ArgumentCursor } from './argument-cursor.ts';
import { CLIENT_COMMANDS } from './client-corpus.fixture.ts';
import { CommandReader, type RawCommand, type ReaderEvent } from './command-reader.ts';
import { DEFAULT_WIRE_LIMITS, type WireLimits, wireLimits } from './limits.ts';
import { decodeMailboxName, encodeMailboxName } from './mailbox-name.ts';
import { type BodySectionItem, expectBodySection } from './section-spec.ts';
import { seededRandom } from './wire.fixture.ts';
import { mutate, type MutationAlphabet, pick, type Random, randomBytes } from './fuzz-mutations.fixture.ts';

const SEED = Number(process.env.WIRE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Number(process.env.WIRE_FUZZ_COUNT ?? 20_000);
/** Stop early on a slow machine rather than time out: the count run is logged. */
const DEADLINE_MS = 25_000;
/** A literal the recovery step still fills in to check resynchronisation; beyond, it is skipped. */
const MAX_FILL_BYTES = 1 << 20;

const TIGHT = wireLimits({
  maxLineBytes: 512,
  maxLiteralBytes: 256,
  maxAppendBytes: 2048,
  maxLiterals: 4,
  maxListDepth: 8,
  maxArguments: 200,
  maxSequenceRanges: 64,
  inputHighWaterBytes: 1 << 20,
});

const TOKENS = [
  '{5}\r\n',
  '{5+}\r\n',
  '~{3}\r\n',
  '{0}\r\n',
  '{99999999999999999999+}\r\n',
  '{4097+}\r\n',
  '(',
  ')',
  '"',
  '\\',
  '\r\n',
  '\n',
  '\r',
  '\0',
  '*',
  '$',
  ' NIL',
  '[',
  ']',
  '<0.5>',
  '4294967296',
  'x'.repeat(600),
  '('.repeat(40),
  '\xff',
  '&',
  '&AOk-',
  'BODY[',
  ' ',
  ':',
  ',',
  '1:*',
  '\\Seen',
  'UID ',
  '"\\"',
  '\xc3\xa9',
];
const ALPHABET = 'AZaz09 (){}[]<>"\\*%$:,.+~-&\r\n\0\xe9\xff';
const MUTATIONS: MutationAlphabet = { tokens: TOKENS, alphabet: ALPHABET, alphabetShare: 0.8 };

interface FuzzSession {
  /** A fatal error was reported: the session would have closed the connection. */
  isClosed: boolean;
  /** Feeding the recovery bytes: refuse synchronising literals, as a client that gave up would expect. */
  isRecovering: boolean;
  isRawLinePending: boolean;
  last: ReaderEvent | undefined;
}

it(`survives ${COUNT} mutated and random inputs (seed ${SEED})`, { timeout: 120_000 }, (t) => {
  const random = seededRandom(SEED);
  const started = Date.now();
  let done = 0;
  for (; done < COUNT && Date.now() - started < DEADLINE_MS; done++) {
    const input = makeInput(random);
    const limits = random() < 0.5 ? TIGHT : DEFAULT_WIRE_LIMITS;
    try {
      runOne(input, limits, random);
    } catch (error) {
      const shown = JSON.stringify(input.toString('latin1').slice(0, 300));
      throw new Error(`input ${done} (WIRE_FUZZ_SEED=${SEED}): ${shown}`, { cause: error });
    }
  }
  t.diagnostic(`seed ${SEED}: ${done} inputs in ${Date.now() - started} ms`);
  assert.ok(done >= Math.min(COUNT, 1000), `only ${done} inputs ran before the deadline`);
});

function makeInput(random: Random): Buffer {
  const choice = random();
  if (choice < 0.15) return randomBytes(random, Math.floor(random() * 300), MUTATIONS);
  const count = choice < 0.3 ? 2 + Math.floor(random() * 3) : 1;
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const command = Buffer.from(pick(random, CLIENT_COMMANDS), 'latin1');
    parts.push(mutate(command, random, Math.floor(random() * 4), MUTATIONS));
  }
  return Buffer.concat(parts);
}

/** Feed one input like a session would, check every invariant, then check the reader finds the next command. */
function runOne(input: Buffer, limits: WireLimits, random: Random): void {
  const reader = new CommandReader({ limits, isLiteralMinus: random() < 0.3 });
  const session: FuzzSession = {
    isClosed: false,
    isRecovering: false,
    isRawLinePending: false,
    last: undefined,
  };
  const heldLimit = limits.maxLineBytes + 1 + Math.max(limits.maxLiteralBytes, limits.maxAppendBytes) + 64;
  const push = (bytes: Buffer, chunkMax: number) => {
    for (let offset = 0; offset < bytes.length && !session.isClosed; ) {
      const size = 1 + Math.floor(random() * chunkMax);
      reader.push(bytes.subarray(offset, offset + size));
      offset += size;
      drain(reader, session, limits, random, size + 8);
      assert.ok(reader.heldBytes <= heldLimit, `held ${reader.heldBytes} > ${heldLimit}`);
      if (!session.isClosed)
        assert.equal(reader.unreadBytes, 0, 'input left unread while the reader wants more');
    }
  };
  push(input, random() < 0.2 ? 1 : 64);
  if (session.isClosed) return;
  // Recovery: finish whatever literal the input announced, end the line, then a valid command must be read.
  session.isRecovering = true;
  for (let round = 0; round < 8; round++) {
    const awaited = reader.awaitedLiteralBytes;
    if (awaited > MAX_FILL_BYTES) return;
    push(Buffer.alloc(awaited, 0x78), 4096);
    push(Buffer.from('\r\n'), 2);
    if (session.isClosed) return;
    if (reader.awaitedLiteralBytes === 0) break;
  }
  // After IDLE or AUTHENTICATE the next line is theirs (DONE, a SASL response), not a command.
  if (session.isRawLinePending) push(Buffer.from('DONE\r\n'), 3);
  push(Buffer.from('Z99 NOOP\r\n'), 3);
  if (session.isClosed) return;
  const last = session.last;
  assert.equal(
    last?.kind === 'command' ? `${last.command.tag} ${last.command.name}` : last?.kind,
    'Z99 NOOP',
  );
}

function drain(
  reader: CommandReader,
  session: FuzzSession,
  limits: WireLimits,
  random: Random,
  maxEvents: number,
): void {
  let events = 0;
  for (let event = reader.next(); event !== undefined; event = reader.next()) {
    assert.ok(++events <= maxEvents, 'more events than input bytes: the reader is looping');
    session.last = event;
    if (event.kind === 'line' || event.kind === 'error') session.isRawLinePending = false;
    if (event.kind === 'literalRequest') {
      if (!session.isRecovering && random() < 0.8) reader.acceptLiteral();
      else reader.rejectLiteral();
    } else if (event.kind === 'error') {
      assert.match(event.message, /^[\x20-\x7e]+$/, 'error text goes to the client on one line');
      if (event.isFatal) {
        session.isClosed = true;
        return;
      }
    } else if (event.kind === 'command') {
      parseLikeACommand(event.command, limits, random);
      if (event.command.name === 'IDLE' || event.command.name === 'AUTHENTICATE') {
        reader.readRawLine();
        session.isRawLinePending = true;
      }
    }
  }
}

/** Parse as the command parsers will; anything but a ParseError is a bug. */
function parseLikeACommand(command: RawCommand, limits: WireLimits, random: Random): void {
  const cursor = new ArgumentCursor(command, limits);
  try {
    parseArguments(command.name, cursor, random() < 0.5);
    cursor.expectEnd();
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    assert.match(error.message, /^[\x20-\x7e]+$/, 'error text goes to the client on one line');
  }
}

function parseArguments(name: string, cursor: ArgumentCursor, utf8: boolean): void {
  switch (name) {
    case 'UID':
      cursor.expectSpace();
      return parseArguments(
        cursor.expectKeyword(['FETCH', 'STORE', 'COPY', 'MOVE', 'SEARCH', 'EXPUNGE'], 'UID command'),
        cursor,
        utf8,
      );
    case 'LOGIN':
      cursor.expectSpace();
      cursor.expectAstring('User name');
      cursor.expectSpace();
      cursor.expectAstringBytes('Password');
      return;
    case 'SELECT':
    case 'EXAMINE':
    case 'STATUS':
    case 'CREATE':
      cursor.expectSpace();
      roundTripMailbox(cursor.expectMailbox(), utf8);
      if (!cursor.isAtEnd) cursor.readRemaining();
      return;
    case 'FETCH':
      return parseFetch(cursor);
    case 'STORE':
      cursor.expectSpace();
      cursor.expectSequenceSet(true);
      cursor.expectSpace();
      cursor.optional((c) => {
        c.expectList((item) => item.readValue(), 'Store modifiers');
        c.expectSpace();
      });
      cursor.expectAtom('Store item');
      cursor.expectSpace();
      if (cursor.peekChar() === '(') cursor.expectFlagList();
      else cursor.expectFlag();
      return;
    case 'COPY':
    case 'MOVE':
      cursor.expectSpace();
      cursor.expectSequenceSet(true);
      cursor.expectSpace();
      roundTripMailbox(cursor.expectMailbox(), utf8);
      return;
    case 'APPEND':
      return parseAppend(cursor, utf8);
    case 'EXPUNGE':
      if (!cursor.isAtEnd) {
        cursor.expectSpace();
        cursor.expectSequenceSet(false);
      }
      return;
    default:
      cursor.readRemaining();
  }
}

function parseFetch(cursor: ArgumentCursor): void {
  cursor.expectSpace();
  cursor.expectSequenceSet(true);
  cursor.expectSpace();
  const readItem = (c: ArgumentCursor) => {
    const item = c.expectAtom('Fetch item', { stopAtBracket: true }).toUpperCase();
    if (c.peekChar() === '[' && /^(BODY|BODY\.PEEK|BINARY|BINARY\.PEEK|BINARY\.SIZE)$/.test(item)) {
      expectBodySection(c, item as BodySectionItem);
    }
  };
  if (cursor.peekChar() === '(') cursor.expectList(readItem, 'Fetch items', { allowEmpty: false });
  else readItem(cursor);
  if (!cursor.isAtEnd) {
    cursor.expectSpace();
    cursor.expectList((c) => c.readValue(), 'Fetch modifiers');
  }
}

function parseAppend(cursor: ArgumentCursor, utf8: boolean): void {
  cursor.expectSpace();
  roundTripMailbox(cursor.expectMailbox(), utf8);
  cursor.expectSpace();
  if (cursor.peekChar() === '(') {
    cursor.expectFlagList();
    cursor.expectSpace();
  }
  if (cursor.peekChar() === '"') {
    cursor.expectDateTime();
    cursor.expectSpace();
  }
  cursor.expectMessageLiteral();
}

/** A name that decodes must encode back to a name that decodes to the same thing. */
function roundTripMailbox(wire: string, utf8: boolean): void {
  const name = decodeMailboxName(wire, { utf8 });
  assert.equal(decodeMailboxName(encodeMailboxName(name, { utf8 }), { utf8 }), name);
}
