// COMPRESS=DEFLATE (RFC 4978) over a real socket: a raw client doing its own deflate sees every response whole
// (IDLE's continuation and pushes too), commands pipelined right after COMPRESS are inflated rather than lost,
// a second COMPRESS is NO [COMPRESSIONACTIVE], LOGOUT ends the deflate stream before the socket, broken
// compressed input closes the connection, a decompression bomb costs bounded memory, and imapflow, which
// compresses whenever it is offered, works through it. The refusals before compression are transcripts
// (transcripts/compress.txt).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { DeflateImapClient } from '../deflate-client.fixture.ts';
import { openImapFixture, PAUL, type ImapFixture } from '../imap.fixture.ts';

const MESSAGE = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Conseil de classe',
  '',
  ...Array.from({ length: 200 }, (_, n) => `Ligne ${n} : les bulletins du trimestre sont à signer.`),
  '',
].join('\r\n');

async function loggedIn(fixture: ImapFixture): Promise<DeflateImapClient> {
  const client = await DeflateImapClient.connect(fixture.ports.imap);
  await client.readUntil((line) => line.startsWith('* OK'));
  const login = await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  assert.match(login.at(-1) ?? '', /^a1 OK \[CAPABILITY .* COMPRESS=DEFLATE.*\] Logged in$/);
  return client;
}

async function compressed(fixture: ImapFixture): Promise<DeflateImapClient> {
  const client = await loggedIn(fixture);
  assert.deepEqual(await client.command('c1', 'COMPRESS DEFLATE'), ['c1 OK DEFLATE active']);
  client.compressWrites();
  client.inflateReads();
  return client;
}

test('after COMPRESS DEFLATE both directions are deflated, and responses arrive whole', async (t) => {
  const fixture = await openImapFixture(t);
  await fixture.deliver('paul', MESSAGE);
  const client = await compressed(fixture);
  t.after(() => client.destroy());

  const selected = await client.command('c2', 'SELECT INBOX');
  assert.ok(selected.includes('* 1 EXISTS'));
  assert.equal(selected.at(-1), 'c2 OK [READ-WRITE] SELECT completed');
  const fetched = await client.command('c3', 'FETCH 1 BODY.PEEK[]');
  assert.match(fetched[0] ?? '', /^\* 1 FETCH \(BODY\[\] \{\d+\}$/);
  assert.ok(fetched.includes('Ligne 199 : les bulletins du trimestre sont \xc3\xa0 signer.'));
  assert.equal(fetched.at(-1), 'c3 OK FETCH completed');
  assert.ok(client.compressedBytes * 4 < client.inflatedBytes, 'repetitive text compresses');

  assert.deepEqual(await client.command('c4', 'COMPRESS DEFLATE'), [
    'c4 NO [COMPRESSIONACTIVE] Compression already active',
  ]);
  // IDLE's continuation and the push are flushed on their own, without a command behind them.
  client.write('c5 IDLE\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('+')), ['+ idling']);
  await fixture.deliver('paul', MESSAGE.replace('Conseil', 'Réunion'));
  assert.deepEqual(await client.readUntil((line) => line.includes('EXISTS')), ['* 2 EXISTS']);
  client.write('DONE\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('c5 ')), ['c5 OK IDLE terminated']);

  assert.deepEqual(await client.command('c6', 'LOGOUT'), ['* BYE Logging out', 'c6 OK LOGOUT completed']);
  assert.ok(await client.closed(), 'the server closes after LOGOUT');
  assert.ok(client.isStreamEnded, 'the deflate stream was finished before the socket closed');
});

test('a BYE after COMPRESS is compressed, and ends the deflate stream', async (t) => {
  // A limit of 2 commands a minute (below the setting's minimum, for a short test): LOGIN and COMPRESS are
  // free, two NOOPs wait, the fifth command is past twice the limit and gets BYE, through the deflater.
  const fixture = await openImapFixture(t, { settings: { maxCommandsPerMinute: 2 } });
  const client = await compressed(fixture);
  t.after(() => client.destroy());
  assert.deepEqual(await client.command('c2', 'NOOP'), ['c2 OK NOOP completed']);
  assert.deepEqual(await client.command('c3', 'NOOP'), ['c3 OK NOOP completed']);
  client.write('c4 NOOP\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('* BYE')), ['* BYE Too many commands']);
  assert.ok(await client.closed(), 'the server closes after BYE');
  assert.ok(client.isStreamEnded, 'the deflate stream was finished before the socket closed');
});

test('commands sent in the same packet as COMPRESS are inflated, not read as plain text', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await loggedIn(fixture);
  t.after(() => client.destroy());
  await client.writeCompressAndPipeline('c1 COMPRESS DEFLATE\r\n', 'c2 NOOP\r\nc3 NAMESPACE\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('c1 ')), ['c1 OK DEFLATE active']);
  client.inflateReads();
  const lines = await client.readUntil((line) => line.startsWith('c3 '));
  assert.deepEqual(lines, [
    'c2 OK NOOP completed',
    '* NAMESPACE (("" "/")) NIL NIL',
    'c3 OK NAMESPACE completed',
  ]);
});

test('input that does not inflate closes the connection', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await loggedIn(fixture);
  t.after(() => client.destroy());
  assert.deepEqual(await client.command('c1', 'COMPRESS DEFLATE'), ['c1 OK DEFLATE active']);
  client.inflateReads();
  // A client that did not switch: plain text is not a deflate stream (invalid block type).
  client.write('c2 NOOP\r\n'.repeat(20));
  assert.ok(await client.closed(), 'the server hangs up');
});

test('a decompression bomb is read in bounded pieces: the line is refused and the session goes on', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await compressed(fixture);
  t.after(() => client.destroy());
  // 256 MiB of one line inflate from about 256 KiB: the reader refuses the line at 64 KiB and skips the rest
  // while holding at most its high-water mark (deflate-layer.test.ts checks the exact bound). What grows is
  // garbage the collector takes back, far below the bomb's size.
  const piece = Buffer.alloc(1024 * 1024, 'A');
  const before = process.memoryUsage();
  let peak = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss - before.rss);
  }, 5);
  t.after(() => clearInterval(sampler));
  client.write('x1 NOOP ');
  for (let sent = 0; sent < 256; sent++) client.write(piece);
  client.write('\r\nx2 NOOP\r\n');
  const lines = await client.readUntil((line) => line.startsWith('x2 '));
  clearInterval(sampler);
  assert.deepEqual(lines, ['x1 BAD Command line too long', 'x2 OK NOOP completed']);
  t.diagnostic(`rss peak +${Math.round(peak / 1024 / 1024)} MiB while 256 MiB inflated`);
  assert.ok(peak < 128 * 1024 * 1024, `rss grew by ${peak} bytes`);
});

test('imapflow compresses when offered, and reads, appends, stores and idles through it', async (t) => {
  const fixture = await openImapFixture(t);
  await fixture.deliver('paul', MESSAGE);
  const raw: { compress?: boolean }[] = [];
  const quiet = () => undefined;
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: fixture.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: PAUL.email, pass: PAUL.password },
    disableCompression: false,
    logRaw: true,
    logger: {
      debug: quiet,
      info: quiet,
      warn: quiet,
      error: quiet,
      trace: (entry: object) => raw.push(entry),
    },
  });
  await client.connect();
  t.after(() => client.close());
  const lock = await client.getMailboxLock('INBOX');
  try {
    const message = await client.fetchOne('1', { source: true, envelope: true });
    assert.ok(message !== false);
    assert.equal(message.envelope?.subject, 'Conseil de classe');
    assert.equal(message.source?.toString('utf8'), MESSAGE);
    const appended = await client.append('INBOX', MESSAGE.replace('Conseil', 'Sortie'), ['\\Seen']);
    assert.ok(appended !== false && appended.uid === 2);
    await client.messageFlagsAdd({ uid: '1:2' }, ['\\Flagged'], { uid: true });
    const flags = await client.fetchAll('1:*', { flags: true });
    assert.deepEqual(
      flags.map((entry) => [...(entry.flags ?? [])].sort()),
      [['\\Flagged'], ['\\Flagged', '\\Seen']],
    );
    const exists = new Promise<number>((resolve) => {
      client.on('exists', (update: { count: number }) => resolve(update.count));
    });
    const idle = client.idle();
    await fixture.deliver('paul', MESSAGE.replace('Conseil', 'Réunion'));
    assert.equal(await exists, 3);
    void idle;
  } finally {
    lock.release();
  }
  assert.ok(
    raw.some((entry) => entry.compress === true),
    'imapflow wrote through its deflate stream',
  );
  await client.logout();
});
