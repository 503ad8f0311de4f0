// SEARCH and UID SEARCH over a real socket: keys answered from the snapshot and from the index, ESEARCH, SAVE
// and `$`, CHARSET, MODSEQ, a search while another client expunges, and imapflow as a real client.
// The mailbox is search-mailbox.fixture.ts's: sequence numbers 1-5, UIDs 2-6.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { PAUL } from '../imap.fixture.ts';
import { openSearchMailbox } from './search-mailbox.fixture.ts';

test('SEARCH answers sequence numbers and UID SEARCH UIDs, matching text without case or accents', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'SEARCH ALL'), [
    '* SEARCH 1 2 3 4 5',
    'a1 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a2', 'SEARCH UNSEEN'), ['* SEARCH 2 3 5', 'a2 OK SEARCH completed']);
  assert.deepEqual(await client.command('a3', 'SEARCH FROM marie'), [
    '* SEARCH 1 4 5',
    'a3 OK SEARCH completed',
  ]);
  // "Réunion" is found by "reunion", and by a piece of it spanning two words.
  assert.deepEqual(await client.command('a4', 'SEARCH SUBJECT reunion'), [
    '* SEARCH 3',
    'a4 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a5', 'SEARCH SUBJECT "UNION PAR"'), [
    '* SEARCH 3',
    'a5 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a6', 'UID SEARCH FROM marie'), [
    '* SEARCH 2 5 6',
    'a6 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a7', 'UID SEARCH UID 4:* UNSEEN'), [
    '* SEARCH 4 6',
    'a7 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a8', 'SEARCH 2:* SEEN'), ['* SEARCH 4', 'a8 OK SEARCH completed']);
  assert.deepEqual(await client.command('a9', 'SEARCH SUBJECT "conseil de classe"'), [
    '* SEARCH',
    'a9 OK SEARCH completed',
  ]);
});

test('BEFORE and SINCE name Paris days, and OR and NOT combine keys', async (t) => {
  const { client } = await openSearchMailbox(t);
  // Message 2 arrived at 00:30 on 1 November in Paris, 23:30 on 31 October in UTC.
  assert.deepEqual(await client.command('b1', 'SEARCH SINCE 1-Nov-2026'), [
    '* SEARCH 2 3 4 5',
    'b1 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b2', 'SEARCH BEFORE 1-Nov-2026'), [
    '* SEARCH 1',
    'b2 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b3', 'SEARCH SINCE 1-Nov-2026 BEFORE 3-Nov-2026'), [
    '* SEARCH 2 3',
    'b3 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b4', 'SEARCH OR SEEN SUBJECT reunion'), [
    '* SEARCH 1 3 4',
    'b4 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b5', 'SEARCH NOT FROM marie'), [
    '* SEARCH 2 3',
    'b5 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b6', 'SEARCH NOT (UNSEEN FROM marie)'), [
    '* SEARCH 1 2 3 4',
    'b6 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('b7', 'SEARCH BEFORE 31-Feb-2026'), [
    'b7 BAD Invalid date "31-Feb-2026": expected an existing day such as 07-Jul-2024',
  ]);
});

test('RETURN options answer ESEARCH, and IMAP4rev2 gets ESEARCH without asking', async (t) => {
  const { client, connect } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'UID SEARCH RETURN (MIN MAX COUNT ALL) FROM marie'), [
    '* ESEARCH (TAG "a1") UID MIN 2 MAX 6 ALL 2,5:6 COUNT 3',
    'a1 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a2', 'SEARCH RETURN () UNSEEN'), [
    '* ESEARCH (TAG "a2") ALL 2:3,5',
    'a2 OK SEARCH completed',
  ]);
  // Nothing found: COUNT 0, and no MIN, MAX or ALL to report (RFC 4731 §3.1).
  assert.deepEqual(await client.command('a3', 'SEARCH RETURN (MIN COUNT) SUBJECT piscine'), [
    '* ESEARCH (TAG "a3") COUNT 0',
    'a3 OK SEARCH completed',
  ]);

  const rev2 = await connect();
  await rev2.command('e1', 'ENABLE IMAP4rev2');
  await rev2.command('e2', 'SELECT INBOX');
  assert.deepEqual(await rev2.command('e3', 'SEARCH UNSEEN'), [
    '* ESEARCH (TAG "e3") ALL 2:3,5',
    'e3 OK SEARCH completed',
  ]);
  assert.deepEqual(await rev2.command('e4', 'UID SEARCH FROM marie'), [
    '* ESEARCH (TAG "e4") UID ALL 2,5:6',
    'e4 OK UID SEARCH completed',
  ]);
});

test('SAVE keeps the result as $; a refused search with SAVE empties it, a malformed one leaves it', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'UID SEARCH RETURN (SAVE) FROM marie'), [
    'a1 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UID SEARCH UID $'), [
    '* SEARCH 2 5 6',
    'a2 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a3', 'SEARCH $ UNSEEN'), ['* SEARCH 5', 'a3 OK SEARCH completed']);
  // MIN with SAVE saves only the minimum (RFC 5182 §2.4): the UID of message 2.
  assert.deepEqual(await client.command('a4', 'SEARCH RETURN (SAVE MIN) UNSEEN'), [
    '* ESEARCH (TAG "a4") MIN 2',
    'a4 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a5', 'UID SEARCH $'), ['* SEARCH 3', 'a5 OK UID SEARCH completed']);

  // A syntax error is BAD and leaves $ alone.
  assert.match(
    (await client.command('b1', 'SEARCH RETURN (SAVE) FROBNICATE')).join('\n'),
    /^b1 BAD Unknown search key/,
  );
  assert.deepEqual(await client.command('b2', 'UID SEARCH $'), ['* SEARCH 3', 'b2 OK UID SEARCH completed']);
  // Seventeen index queries are past the bound: NO [LIMIT], and $ is emptied (RFC 5182 §2.1).
  const tooMany = Array.from({ length: 17 }, (_, index) => `(UID 1:* FROM nobody${index})`);
  const program = tooMany.slice(1).reduce((left, right) => `OR ${left} ${right}`, tooMany[0] ?? '');
  assert.deepEqual(await client.command('b3', `SEARCH RETURN (SAVE) ${program}`), [
    'b3 NO [LIMIT] Search needs 17 database queries (at most 16): simplify it',
  ]);
  assert.deepEqual(await client.command('b4', 'UID SEARCH $'), ['* SEARCH', 'b4 OK UID SEARCH completed']);

  // SELECT forgets $.
  await client.command('c1', 'UID SEARCH RETURN (SAVE) ALL');
  await client.command('c2', 'SELECT INBOX');
  assert.deepEqual(await client.command('c3', 'SEARCH $'), ['* SEARCH', 'c3 OK SEARCH completed']);
});

test('CHARSET UTF-8 takes a literal, and an unknown charset is NO [BADCHARSET]', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'SEARCH CHARSET UTF-8 SUBJECT {8+}\r\nréunion'), [
    '* SEARCH 3',
    'a1 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UID SEARCH CHARSET us-ascii BODY electricite'), [
    '* SEARCH 3',
    'a2 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a3', 'SEARCH CHARSET KOI8-R SUBJECT menu'), [
    'a3 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset',
  ]);
});

test('the MODSEQ key adds the highest MODSEQ found and turns CONDSTORE on', async (t) => {
  const { fixture, inboxId, client, connect } = await openSearchMailbox(t);
  const { mail } = fixture.services;
  const accountId = fixture.accounts.paul;
  const modseqs = (await mail.mailboxView(accountId, inboxId)).map((entry) => entry.modseq);
  const [, , third = 0, fourth = 0, fifth = 0] = modseqs;
  const { highestModseq } = await mail.mailboxStatus(accountId, inboxId);
  // The first CONDSTORE enabling command on a selected mailbox reports HIGHESTMODSEQ (RFC 7162 §3.1).
  assert.deepEqual(await client.command('a1', `SEARCH MODSEQ ${third}`), [
    `* OK [HIGHESTMODSEQ ${highestModseq}] Highest`,
    `* SEARCH 3 4 5 (MODSEQ ${Math.max(third, fourth, fifth)})`,
    'a1 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a2', `UID SEARCH MODSEQ ${fifth} FROM marie`), [
    `* SEARCH 6 (MODSEQ ${fifth})`,
    'a2 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a3', `SEARCH MODSEQ ${fifth + 1000}`), [
    '* SEARCH',
    'a3 OK SEARCH completed',
  ]);

  // Flag updates now carry MODSEQ (RFC 7162 §3.1.4); a session that never used it sees none.
  const other = await connect();
  await other.command('o1', 'SELECT INBOX');
  const update = await mail.addKeywords(accountId, { mailboxId: inboxId, uids: [2] }, ['$flagged']);
  const [after] = await mail.mailboxView(accountId, inboxId);
  assert.ok(update !== undefined && after !== undefined);
  assert.deepEqual(await client.command('a4', 'NOOP'), [
    `* 1 FETCH (UID 2 FLAGS (\\Flagged \\Seen) MODSEQ (${after.modseq}))`,
    'a4 OK NOOP completed',
  ]);
  assert.deepEqual(await other.command('o2', 'NOOP'), [
    '* 1 FETCH (FLAGS (\\Flagged \\Seen))',
    'o2 OK NOOP completed',
  ]);
});

test('while another client expunges, SEARCH keeps the numbering and UID SEARCH reports EXPUNGE first', async (t) => {
  const { fixture, inboxId, client } = await openSearchMailbox(t);
  // Message 2 (UID 3, Paul's reply) goes, as a JMAP client or another IMAP session would make it go.
  await fixture.services.mail.expunge(fixture.accounts.paul, inboxId, [3]);
  // Not found by a key the index answers; still there for the snapshot's keys; no EXPUNGE under SEARCH.
  assert.deepEqual(await client.command('a1', 'SEARCH FROM paul'), ['* SEARCH', 'a1 OK SEARCH completed']);
  assert.deepEqual(await client.command('a2', 'SEARCH ALL'), [
    '* SEARCH 1 2 3 4 5',
    'a2 OK SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a3', 'SEARCH NOT FROM marie'), [
    '* SEARCH 2 3',
    'a3 OK SEARCH completed',
  ]);
  // UID SEARCH may send EXPUNGE, and does before searching: the UID of a message gone is not returned.
  assert.deepEqual(await client.command('a4', 'UID SEARCH ALL'), [
    '* 2 EXPUNGE',
    '* SEARCH 2 4 5 6',
    'a4 OK UID SEARCH completed',
  ]);
  assert.deepEqual(await client.command('a5', 'SEARCH FROM marie'), [
    '* SEARCH 1 3 4',
    'a5 OK SEARCH completed',
  ]);
});

test('a search first reports the flags and messages other clients changed, and sees them', async (t) => {
  const { fixture, inboxId, client } = await openSearchMailbox(t);
  const { mail } = fixture.services;
  await mail.addKeywords(fixture.accounts.paul, { mailboxId: inboxId, uids: [3] }, ['$seen']);
  assert.deepEqual(await client.command('a1', 'SEARCH UNSEEN'), [
    '* 2 FETCH (FLAGS (\\Seen))',
    '* SEARCH 3 5',
    'a1 OK SEARCH completed',
  ]);
  await fixture.deliver('paul', 'From: marie.dupont@ac-grenoble.fr\nSubject: Sortie au musée\n\nJeudi.\n');
  assert.deepEqual(await client.command('a2', 'UID SEARCH FROM marie UNSEEN'), [
    '* 6 EXISTS',
    '* SEARCH 6 7',
    'a2 OK UID SEARCH completed',
  ]);
});

test('SEARCH needs a selected mailbox', async (t) => {
  const { connect } = await openSearchMailbox(t);
  const client = await connect();
  assert.deepEqual(await client.command('a1', 'SEARCH ALL'), ['a1 BAD Select a mailbox first']);
  assert.deepEqual(await client.command('a2', 'UID SEARCH ALL'), ['a2 BAD Select a mailbox first']);
});

test('imapflow searches by sender with UID SEARCH', async (t) => {
  const { fixture } = await openSearchMailbox(t);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: fixture.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: PAUL.email, pass: PAUL.password },
    logger: false,
  });
  await client.connect();
  t.after(() => client.close());
  const lock = await client.getMailboxLock('INBOX');
  try {
    assert.deepEqual(await client.search({ from: 'marie' }, { uid: true }), [2, 5, 6]);
    assert.deepEqual(await client.search({ seen: false, subject: 'réunion' }), [3]);
    assert.deepEqual(
      await client.search({ since: new Date('2026-11-02T12:00:00Z') }, { uid: true }),
      [4, 5, 6],
    );
  } finally {
    lock.release();
  }
  await client.logout();
});
