// Randomised sessions against the real listener (issue 4: no crash, no hang, bounded memory): a seeded PRNG
// builds command streams from real client commands (LOGIN, SELECT, FETCH with sections, STORE, SEARCH with
// OR/NOT, APPEND with literals of right and wrong sizes, IDLE/DONE...), mutates them, mixes in random bytes,
// NULs and huge lines, and sends them in random chunks before and after login. Every byte the server sends
// back is checked: each response starts with `* `, `+ ` or a tag we sent, literals in responses are skipped
// by their size, and no line holds a bare CR or LF. Afterwards the listener must still serve a clean session,
// the test process must have seen no unhandled rejection or uncaught exception, and the heap must be back
// within HEAP_GROWTH_BOUND of where it started.
// Replay with IMAP_SESSION_FUZZ_SEED=<seed>; IMAP_SESSION_FUZZ_COUNT sets the number of sessions.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MARIE, openImapFixture, PAUL } from './imap.fixture.ts';
import { CLIENT_COMMANDS } from './wire/client-corpus.fixture.ts';
import { seededRandom } from './wire/wire.fixture.ts';
import {
  mutate,
  type MutationAlphabet,
  pick,
  type Random,
  randomBytes,
} from './wire/fuzz-mutations.fixture.ts';

const SEED = Number(process.env.IMAP_SESSION_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Number(process.env.IMAP_SESSION_FUZZ_COUNT ?? 300);
/** Stop starting sessions after this (a slow machine runs fewer; the count run is logged). */
const DEADLINE_MS = 30_000;
/** Sessions in flight at once: under imap.max-connections-per-user (20) for the account they log in to. */
const CONCURRENCY = 8;
/** A session is over when the server has been quiet this long after our last byte... */
const QUIET_MS = 150;
/** ...or at the latest after this (a login delayed by the throttle, an IDLE without DONE). */
const SESSION_MAX_MS = 3_000;
/** Heap growth allowed over the whole run, measured after a full garbage collection. */
const HEAP_GROWTH_BOUND = 100 * 1024 * 1024;
/** Bytes of a line we keep to know its tag: tags are at most 256 bytes (wire/limits.ts). */
const TAG_PREFIX_BYTES = 300;

const MESSAGE = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: =?utf-8?q?R=C3=A9union?= de rentrée',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Bonjour, la réunion est jeudi.',
  '--b1',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQFBgcICQ==',
  '--b1--',
  '',
].join('\r\n');

/** An APPEND with a literal of `delta` octets more (or fewer) than the message has. */
function append(tag: string, delta: number, marker: '' | '+'): string {
  return `${tag} APPEND INBOX (\\Seen) {${Buffer.byteLength(MESSAGE) + delta}${marker}}\r\n${MESSAGE}\r\n`;
}

const PLAIN_NOBODY = Buffer.from('\0nobody@ac-test.fr\0wrong-password').toString('base64');

/** Before login: what clients send there, and what they must not get away with. */
const BEFORE_LOGIN = [
  'p1 CAPABILITY\r\n',
  'p2 NOOP\r\n',
  'p3 ID ("name" "fuzz" "version" "1")\r\n',
  'p4 LOGIN nobody@ac-test.fr wrong-password\r\n',
  `p5 AUTHENTICATE PLAIN ${PLAIN_NOBODY}\r\n`,
  `p6 AUTHENTICATE PLAIN\r\n${PLAIN_NOBODY}\r\n`,
  'p7 AUTHENTICATE PLAIN\r\n*\r\n',
  'p8 LOGIN {17}\r\nnobody@ac-test.fr {5}\r\nwrong\r\n',
  'p9 SELECT INBOX\r\n',
  'p10 STARTTLS\r\n',
  'p11 LOGIN "nobody@ac-test.fr" {99999999}\r\n',
];

/** After login (and usually SELECT INBOX). */
const AFTER_LOGIN = [
  's1 SELECT INBOX (CONDSTORE)\r\n',
  's2 EXAMINE INBOX\r\n',
  'f1 FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE BODYSTRUCTURE INTERNALDATE)\r\n',
  'f2 FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY.PEEK[1]<0.10> BINARY.PEEK[2] BODY[TEXT])\r\n',
  'f3 UID FETCH 1:* (BODY.PEEK[] MODSEQ EMAILID) (CHANGEDSINCE 1)\r\n',
  'f4 FETCH 1,2:3 (BODY.PEEK[1.MIME] BINARY.SIZE[1] RFC822.HEADER)\r\n',
  't1 STORE 1:* +FLAGS (\\Seen $Etiquette)\r\n',
  't2 UID STORE 1 -FLAGS.SILENT (\\Flagged)\r\n',
  't3 STORE 2 (UNCHANGEDSINCE 1) FLAGS (\\Deleted)\r\n',
  'q1 SEARCH OR FROM marie NOT SEEN\r\n',
  'q2 UID SEARCH RETURN (MIN MAX COUNT) OR (SUBJECT conseil) (NOT (LARGER 100)) SINCE 1-Jan-2020\r\n',
  'q3 SEARCH CHARSET UTF-8 TEXT {8}\r\nréunion\r\n',
  'q4 SORT (REVERSE ARRIVAL) UTF-8 ALL\r\n',
  'q5 THREAD REFERENCES UTF-8 NOT DELETED\r\n',
  'q6 SEARCH RETURN (SAVE) FLAGGED\r\nq7 FETCH $ (FLAGS)\r\n',
  append('a1', 0, ''),
  append('a2', -10, ''),
  append('a3', 10, '+'),
  append('a4', 0, '+'),
  'a5 APPEND INBOX {0}\r\n\r\n',
  'i1 IDLE\r\nDONE\r\n',
  'i2 IDLE\r\n',
  'i3 IDLE\r\nnot done\r\n',
  'x1 EXPUNGE\r\n',
  'x2 UID EXPUNGE 1:2\r\n',
  'c1 COPY 1 Archives\r\n',
  'c2 UID MOVE 1 Corbeille\r\n',
  'l1 LIST "" "*" RETURN (STATUS (MESSAGES UIDNEXT SIZE))\r\n',
  'l2 STATUS INBOX (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)\r\n',
  'e1 ENABLE QRESYNC UTF8=ACCEPT\r\n',
  'n1 NAMESPACE\r\n',
  'g1 GETQUOTAROOT INBOX\r\n',
  'r1 CREATE Fuzz/Sub\r\n',
  'r2 RENAME Fuzz/Sub Fuzz/Autre\r\n',
  'r3 DELETE Fuzz/Autre\r\n',
  'u1 UNSELECT\r\n',
  'k1 CLOSE\r\n',
  'z1 COMPRESS DEFLATE\r\n',
  'o1 LOGOUT\r\n',
];

const TOKENS = [
  '{5}\r\n',
  '{5+}\r\n',
  '~{3}\r\n',
  '{4294967296}\r\n',
  '(',
  ')',
  '"',
  '\\',
  '\r\n',
  '\n',
  '\0',
  '*',
  '$',
];
const ALPHABET = 'AZaz09 (){}[]<>"\\*%$:,.+~-&\r\n\0';
const MUTATIONS: MutationAlphabet = { tokens: TOKENS, alphabet: ALPHABET, alphabetShare: 0.7 };

test(`${COUNT} randomised sessions leave the server up, well-spoken and bounded (seed ${SEED})`, {
  timeout: 180_000,
}, async (t) => {
  const caught: unknown[] = [];
  const onCaught = (error: unknown) => caught.push(error);
  process.on('unhandledRejection', onCaught);
  process.on('uncaughtException', onCaught);
  t.after(() => {
    process.off('unhandledRejection', onCaught);
    process.off('uncaughtException', onCaught);
  });
  const fixture = await openImapFixture(t);
  await fixture.deliver('paul', MESSAGE);
  await fixture.deliver('paul', MESSAGE.replace('rentrée', 'conseil'), { keywords: ['$flagged'] });
  await fixture.deliver('paul', MESSAGE.replace('Marie', 'Jean'));
  const port = fixture.ports.imap;

  // Warm up (first connection, first login, code paths compiled) before the heap is measured.
  await cleanSession(fixture);
  const heapBefore = heapAfterGc();

  const started = Date.now();
  let next = 0;
  const stats = { sessions: 0, responses: 0, closedByServer: 0 };
  const problems: string[] = [];
  const worker = async () => {
    while (next < COUNT && Date.now() - started < DEADLINE_MS) {
      const index = next++;
      // A generator per session: sessions interleave by timing, and each must replay alone from the seed.
      const random = seededRandom((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
      const script = makeScript(random);
      const outcome = await runSession(port, index, script, random);
      stats.sessions++;
      stats.responses += outcome.responses;
      if (outcome.isClosedByServer) stats.closedByServer++;
      for (const problem of outcome.problems) {
        problems.push(`session ${index}: ${problem}; sent ${JSON.stringify(preview(script))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  t.diagnostic(
    `seed ${SEED}: ${stats.sessions} sessions, ${stats.responses} responses, ` +
      `${stats.closedByServer} closed by the server, in ${Date.now() - started} ms`,
  );

  assert.deepEqual(problems.slice(0, 5), [], `malformed responses (IMAP_SESSION_FUZZ_SEED=${SEED})`);
  await cleanSession(fixture);
  assert.deepEqual(caught, [], `unhandled errors in the process (IMAP_SESSION_FUZZ_SEED=${SEED})`);
  const growth = heapAfterGc() - heapBefore;
  t.diagnostic(`heap growth after the run: ${Math.round(growth / 1024 / 1024)} MiB`);
  assert.ok(growth < HEAP_GROWTH_BOUND, `heap grew by ${growth} bytes (IMAP_SESSION_FUZZ_SEED=${SEED})`);
  assert.ok(stats.sessions >= Math.min(COUNT, 50), `only ${stats.sessions} sessions ran before the deadline`);
});

/** The listener still works: a clean client logs in and selects its inbox. */
async function cleanSession(fixture: Awaited<ReturnType<typeof openImapFixture>>): Promise<void> {
  const client = await fixture.connectRaw();
  try {
    await client.readUntil((line) => line.startsWith('* OK'));
    assert.match(
      (await client.command('h1', `LOGIN ${MARIE.email} ${MARIE.password}`)).at(-1) ?? '',
      /^h1 OK /,
    );
    assert.match((await client.command('h2', 'SELECT INBOX')).at(-1) ?? '', /^h2 OK \[READ-WRITE\]/);
    assert.deepEqual(await client.command('h3', 'LOGOUT'), ['* BYE Logging out', 'h3 OK LOGOUT completed']);
  } finally {
    client.destroy();
  }
}

function heapAfterGc(): number {
  // The flag can be set at run time; the function then appears in new contexts.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// --- the client side --------------------------------------------------------------------------------------

interface Script {
  /** Sent first, whole, and answered before the rest: the login (slow: a password hash) and a SELECT. */
  readonly prologue: string;
  /** The tag whose reply ends the prologue. */
  readonly prologueTag: string | undefined;
  readonly body: readonly Buffer[];
}

function makeScript(random: Random): Script {
  const isLoggedIn = random() < 0.75;
  // Not mutated: a wrong password for the real account would lock it for the rest of the run.
  let prologue = isLoggedIn ? `L1 LOGIN ${PAUL.email} ${PAUL.password}\r\n` : '';
  if (isLoggedIn && random() < 0.7) prologue += 'L2 SELECT INBOX\r\n';
  const prologueTag = prologue === '' ? undefined : prologue.includes('L2 ') ? 'L2' : 'L1';
  const body: Buffer[] = [];
  const count = 1 + Math.floor(random() * 12);
  for (let n = 0; n < count; n++) body.push(makeItem(random, isLoggedIn));
  return { prologue, prologueTag, body };
}

function makeItem(random: Random, isLoggedIn: boolean): Buffer {
  const choice = random();
  if (choice < 0.08) return randomBytes(random, Math.floor(random() * 400), MUTATIONS);
  if (choice < 0.12) {
    // A huge line: past the 64 KiB line limit, with or without its end.
    const size = 60_000 + Math.floor(random() * 1_000_000);
    return Buffer.concat([
      Buffer.from('h1 NOOP '),
      Buffer.alloc(size, 'x'),
      Buffer.from(random() < 0.7 ? '\r\n' : ''),
    ]);
  }
  if (choice < 0.16) return Buffer.from(`n1 SEARCH TEXT "a\0b"\r\nn2 NOOP\0\r\n\0\0\0\r\n`, 'latin1');
  const source =
    choice < 0.3
      ? pick(random, CLIENT_COMMANDS)
      : isLoggedIn && random() < 0.85
        ? pick(random, AFTER_LOGIN)
        : pick(random, BEFORE_LOGIN);
  const command = Buffer.from(source, 'utf8');
  return random() < 0.4 ? command : mutate(command, random, 1 + Math.floor(random() * 3), MUTATIONS);
}

function preview(script: Script): string {
  return Buffer.concat(script.body.map((part) => part.subarray(0, 200)))
    .toString('latin1')
    .slice(0, 600);
}

interface SessionOutcome {
  readonly responses: number;
  readonly isClosedByServer: boolean;
  readonly problems: readonly string[];
}

/**
 * One session from its own loopback address (127.1.x.y; Linux answers on all of 127/8): the login throttle
 * counts failures per address, and the failures of one fuzz session must not lock the next ones out.
 */
async function runSession(
  port: number,
  index: number,
  script: Script,
  random: Random,
): Promise<SessionOutcome> {
  const localAddress = `127.1.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const tags = new SentTags();
  const checker = new ResponseChecker((tag) => tags.has(tag));
  let lastActivity = Date.now();
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => {
    lastActivity = Date.now();
    checker.push(chunk);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  await Promise.race([new Promise((resolve) => socket.once('connect', resolve)), closed]);
  const waitFor = async (isDone: () => boolean, since: number) => {
    while (!isClosed && !isDone() && Date.now() - since < SESSION_MAX_MS) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 10)), closed]);
    }
  };

  if (script.prologueTag !== undefined) {
    tags.add(Buffer.from(script.prologue));
    socket.write(script.prologue);
    await waitFor(() => checker.hasTagged(script.prologueTag!), Date.now());
  }
  const stream = Buffer.concat(script.body);
  for (let offset = 0; offset < stream.length && !isClosed; ) {
    const size = 1 + Math.floor(random() * (random() < 0.2 ? 16 : 65_536));
    const piece = stream.subarray(offset, offset + size);
    tags.add(piece);
    socket.write(piece);
    offset += size;
    if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sentAt = Date.now();
  lastActivity = Math.max(lastActivity, sentAt);
  await waitFor(() => Date.now() - lastActivity >= QUIET_MS, sentAt);
  const isClosedByServer = isClosed;
  socket.destroy();
  await closed;
  checker.end(isClosedByServer);
  return { responses: checker.responses, isClosedByServer, problems: checker.problems };
}

/**
 * The tags the server may echo: the first word of every line we sent (split at LF, as the server frames), the
 * line in progress included (a line too long is answered before its end).
 */
class SentTags {
  readonly #tags = new Set<string>();
  #current = '';

  add(piece: Buffer): void {
    const segments = piece.toString('latin1').split('\n');
    for (let n = 0; n < segments.length; n++) {
      const segment = segments[n]!;
      this.#current = (this.#current + segment).slice(0, TAG_PREFIX_BYTES);
      if (n < segments.length - 1) {
        this.#tags.add(tagOf(this.#current));
        this.#current = '';
      }
    }
  }

  has(tag: string): boolean {
    return this.#tags.has(tag) || tagOf(this.#current) === tag;
  }
}

function tagOf(line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const space = text.indexOf(' ');
  return space === -1 ? text : text.slice(0, space);
}

const CRLF = Buffer.from('\r\n');
const SWITCHES = / OK (DEFLATE active|Begin TLS negotiation now)$/;

/** Checks the server's bytes as a client parser would, up to a switch to TLS or deflate (then binary). */
class ResponseChecker {
  readonly problems: string[] = [];
  responses = 0;
  readonly #tagged = new Set<string>();
  readonly #isKnownTag: (tag: string) => boolean;
  #pending: Buffer = Buffer.alloc(0);
  #literalLeft = 0;
  /** After a literal, the rest of the same response follows. */
  #isInResponse = false;
  #isSwitched = false;

  constructor(isKnownTag: (tag: string) => boolean) {
    this.#isKnownTag = isKnownTag;
  }

  push(chunk: Buffer): void {
    if (this.#isSwitched) return;
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      if (this.#literalLeft > 0) {
        const taken = Math.min(this.#literalLeft, this.#pending.length);
        this.#pending = this.#pending.subarray(taken);
        this.#literalLeft -= taken;
        if (this.#literalLeft > 0) return;
      }
      const end = this.#pending.indexOf(CRLF);
      if (end === -1) return;
      const line = this.#pending.subarray(0, end).toString('latin1');
      this.#pending = this.#pending.subarray(end + 2);
      this.#checkLine(line);
      if (this.#isSwitched) return;
    }
  }

  /** A tagged reply to `tag` came. */
  hasTagged(tag: string): boolean {
    return this.#tagged.has(tag);
  }

  /** The connection is over: what is left must not be half a response. */
  end(isClosedByServer: boolean): void {
    if (this.#isSwitched || !isClosedByServer) return;
    if (this.#pending.length > 0 || this.#literalLeft > 0 || this.#isInResponse) {
      this.problems.push(
        `connection closed inside a response: ${JSON.stringify(this.#pending.toString('latin1').slice(0, 80))}`,
      );
    }
  }

  #checkLine(line: string): void {
    if (/[\r\n]/.test(line)) this.problems.push(`bare CR or LF in ${JSON.stringify(line.slice(0, 120))}`);
    const isUntagged = this.#isInResponse || line.startsWith('* ');
    if (!this.#isInResponse) {
      this.responses++;
      const tagged = /^(\S+) (OK|NO|BAD)( |$)/.exec(line);
      const isTagged = tagged !== null && this.#isKnownTag(tagged[1]!);
      const isContinuation = line === '+' || line.startsWith('+ ');
      if (!isUntagged && !isTagged && !isContinuation) {
        this.problems.push(`not a response: ${JSON.stringify(line.slice(0, 120))}`);
      }
      if (isTagged) this.#tagged.add(tagged[1]!);
      if (isTagged && SWITCHES.test(line)) this.#isSwitched = true;
    }
    // Only untagged responses carry literals; a tagged or continuation text ending in {n} is just text.
    const literal = isUntagged ? /~?\{(\d+)\}$/.exec(line) : null;
    this.#literalLeft = literal === null ? 0 : Number(literal[1]);
    this.#isInResponse = literal !== null;
  }
}
