// FETCH and UID FETCH over a real socket: the exact lines of the metadata items, ENVELOPE and BODYSTRUCTURE,
// literal octets of BODY[] and its partial form, \Seen set by BODY[…] but not BODY.PEEK[…] nor in EXAMINE,
// HEADER.FIELDS, BINARY and its refusals, CHANGEDSINCE and VANISHED, and the errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture, PAUL } from '../imap.fixture.ts';
import {
  ByteClient,
  CONSEIL,
  replaceBlobRead,
  spyOnMail,
  store,
  WITH_ATTACHMENT,
} from './fetch-command.fixture.ts';
import { mailboxIdOf, openMailbox, viewOf } from './message-commands.fixture.ts';

const SUMMER = new Date('2025-09-01T06:30:05Z');
const WINTER = new Date('2025-01-15T10:00:00Z');
const MARIE = '("Marie Curie" NIL "marie" "ac-test.fr")';

test('FETCH answers UID, FLAGS, INTERNALDATE in Paris time and RFC822.SIZE', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL, { receivedAt: SUMMER, keywords: ['$seen', '$forwarded', 'urgent'] });
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  const { client } = await openMailbox(fixture);
  // +0200 in summer and +0100 in winter: the offset of Europe/Paris at each message's own instant.
  assert.deepEqual(await client.command('f1', 'FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)'), [
    '* 1 FETCH (UID 1 FLAGS (\\Seen $Forwarded urgent) INTERNALDATE "01-Sep-2025 08:30:05 +0200" RFC822.SIZE 188)',
    '* 2 FETCH (UID 2 FLAGS () INTERNALDATE "15-Jan-2025 11:00:00 +0100" RFC822.SIZE 429)',
    'f1 OK FETCH completed',
  ]);
  // UID FETCH always sends UID, first; FAST is FLAGS INTERNALDATE RFC822.SIZE.
  assert.deepEqual(await client.command('f2', 'UID FETCH 2 FAST'), [
    '* 2 FETCH (UID 2 FLAGS () INTERNALDATE "15-Jan-2025 11:00:00 +0100" RFC822.SIZE 429)',
    'f2 OK UID FETCH completed',
  ]);
  const [emailId] = (await viewOf(fixture, 'inbox')).map((entry) => entry.emailId);
  const objectIds = await client.command('f3', 'FETCH 1 (EMAILID PREVIEW SAVEDATE)');
  assert.deepEqual(objectIds, [
    `* 1 FETCH (EMAILID (${emailId}) PREVIEW "Jeudi 17 h." SAVEDATE NIL)`,
    'f3 OK FETCH completed',
  ]);
  // THREADID reads the thread column only when asked: it is the email's thread.
  const [email] = await fixture.services.mail.getEmails(fixture.accounts.paul, [emailId ?? '']);
  assert.ok(email !== undefined);
  assert.deepEqual(await client.command('f4', 'FETCH 1 (THREADID RFC822.SIZE)'), [
    `* 1 FETCH (THREADID (${email.threadId}) RFC822.SIZE 188)`,
    'f4 OK FETCH completed',
  ]);
});

test('PREVIEW and header fields come together for a message whose header is too large to cache', async (t) => {
  const fixture = await openImapFixture(t);
  // 21 KB of References: over the header cache's bound, so the fields are read from the message.
  const references = Array.from({ length: 1000 }, (_, index) => `<ref${index}@ac-test.fr>`).join('\r\n ');
  await store(fixture, CONSEIL.replace('\r\n\r\n', `\r\nReferences: ${references}\r\n\r\n`), {
    receivedAt: SUMMER,
  });
  await store(fixture, CONSEIL, { receivedAt: SUMMER });
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('f1', 'FETCH 1:2 (PREVIEW BODY.PEEK[HEADER.FIELDS (SUBJECT)])'), [
    '* 1 FETCH (PREVIEW "Jeudi 17 h." BODY[HEADER.FIELDS (SUBJECT)] {30}',
    'Subject: Conseil de classe',
    '',
    ')',
    '* 2 FETCH (PREVIEW "Jeudi 17 h." BODY[HEADER.FIELDS (SUBJECT)] {30}',
    'Subject: Conseil de classe',
    '',
    ')',
    'f1 OK FETCH completed',
  ]);
});

test('ENVELOPE, BODYSTRUCTURE and BODY describe the message as stored', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL, { receivedAt: SUMMER });
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('f1', 'FETCH 1:2 ENVELOPE'), [
    `* 1 FETCH (ENVELOPE ("Mon, 1 Sep 2025 08:30:00 +0200" "Conseil de classe" (${MARIE}) (${MARIE}) (${MARIE}) (("Paul Durand" NIL "paul" "ac-test.fr")) NIL NIL NIL "<conseil@ac-test.fr>"))`,
    `* 2 FETCH (ENVELOPE ("Wed, 15 Jan 2025 11:00:00 +0100" "Emploi du temps" (${MARIE}) (${MARIE}) (${MARIE}) ((NIL NIL "paul" "ac-test.fr")) NIL NIL NIL NIL))`,
    'f1 OK FETCH completed',
  ]);
  const text = '"text" "plain" ("charset" "utf-8") NIL NIL "QUOTED-PRINTABLE" 21 1';
  const binary = '"application" "octet-stream" ("name" "edt.bin") NIL NIL "BASE64" 12';
  assert.deepEqual(await client.command('f2', 'FETCH 1:2 BODYSTRUCTURE'), [
    '* 1 FETCH (BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 13 1 NIL NIL NIL NIL))',
    `* 2 FETCH (BODYSTRUCTURE ((${text} NIL NIL NIL NIL)(${binary} NIL NIL NIL NIL) "mixed" ("boundary" "b1") NIL NIL NIL))`,
    'f2 OK FETCH completed',
  ]);
  assert.deepEqual(await client.command('f3', 'UID FETCH 2 BODY'), [
    `* 2 FETCH (UID 2 BODY ((${text})(${binary}) "mixed"))`,
    'f3 OK UID FETCH completed',
  ]);
});

test('BODY[] sends the stored octets as a literal, and <0.10> a part of them', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL, { receivedAt: SUMMER, keywords: ['$seen'] });
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  const whole = await client.command('f1', 'FETCH 1 BODY[]');
  assert.equal(
    whole.toString('utf8'),
    `* 1 FETCH (BODY[] {${Buffer.byteLength(CONSEIL)}}\r\n${CONSEIL})\r\nf1 OK FETCH completed\r\n`,
  );
  assert.equal(
    (await client.command('f2', 'UID FETCH 1 BODY.PEEK[]<0.10>')).toString('utf8'),
    '* 1 FETCH (UID 1 BODY[]<0> {10}\r\nFrom: Mari)\r\nf2 OK UID FETCH completed\r\n',
  );
  // A partial past the end is empty; RFC822.HEADER is the header block with its blank line.
  assert.equal(
    (await client.command('f3', 'FETCH 1 (BODY.PEEK[TEXT]<100.5> RFC822.HEADER)')).toString('utf8'),
    `* 1 FETCH (BODY[TEXT]<100> "" RFC822.HEADER {175}\r\n${CONSEIL.slice(0, 175)})\r\nf3 OK FETCH completed\r\n`,
  );
});

test('BODY[] of several messages looks their rows up once, and reads the bytes from the blobs they name', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL);
  await store(fixture, WITH_ATTACHMENT);
  const spy = spyOnMail(fixture);
  t.after(() => spy.restore());
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  const reply = (await client.command('f1', 'FETCH 1:2 (BODY.PEEK[] BODY.PEEK[]<5.10>)')).toString('utf8');
  assert.equal(
    reply,
    `* 1 FETCH (BODY[] {${Buffer.byteLength(CONSEIL)}}\r\n${CONSEIL} BODY[]<5> {10}\r\n${CONSEIL.slice(5, 15)})\r\n` +
      `* 2 FETCH (BODY[] {${Buffer.byteLength(WITH_ATTACHMENT)}}\r\n${WITH_ATTACHMENT} ` +
      `BODY[]<5> {10}\r\n${WITH_ATTACHMENT.slice(5, 15)})\r\nf1 OK FETCH completed\r\n`,
  );
  assert.deepEqual(
    spy.calls.filter((call) => call.startsWith('getEmail')),
    ['getEmailSummaries'],
  );
});

test('BODY[…] sets \\Seen and reports FLAGS, BODY.PEEK[…] and EXAMINE do not', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER, keywords: ['$seen'] });
  const { client: reader } = await openMailbox(fixture, { examine: true });
  assert.deepEqual(await reader.command('e1', 'FETCH 1 BODY[1]'), [
    '* 1 FETCH (BODY[1] {21}',
    'Salle B12 =C3=A0 8 h.)',
    'e1 OK FETCH completed',
  ]);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('f1', 'FETCH 1 BODY.PEEK[1]'), [
    '* 1 FETCH (BODY[1] {21}',
    'Salle B12 =C3=A0 8 h.)',
    'f1 OK FETCH completed',
  ]);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.keywords),
    [[], ['$seen']],
  );
  // Message 2 was already seen: no FLAGS for it, nothing changes.
  assert.deepEqual(await client.command('f2', 'FETCH 1:2 BODY[1]'), [
    '* 1 FETCH (FLAGS (\\Seen) BODY[1] {21}',
    'Salle B12 =C3=A0 8 h.)',
    '* 2 FETCH (BODY[1] {21}',
    'Salle B12 =C3=A0 8 h.)',
    'f2 OK FETCH completed',
  ]);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.keywords),
    [['$seen'], ['$seen']],
  );
  // The session took its own change: the next command reports nothing more about it.
  assert.deepEqual(await client.command('f3', 'NOOP'), ['f3 OK NOOP completed']);
  // The reader, which examined the mailbox, hears of it as an ordinary flag change.
  assert.deepEqual(await reader.command('e2', 'NOOP'), [
    '* 1 FETCH (FLAGS (\\Seen))',
    'e2 OK NOOP completed',
  ]);
});

test('cached header fields come from the database, and match what the message gives', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  await store(fixture, CONSEIL, { receivedAt: SUMMER });
  // The second email predates the cache (stored before migration 7, so migration 25 made no copy of it in
  // membership_headers): it is read from the message.
  const [, second] = await viewOf(fixture, 'inbox');
  await fixture.services.database.write(async (tx) => {
    await tx.db
      .updateTable('emails')
      .set({ header_cache: null })
      .where('id', '=', second?.emailId ?? '')
      .execute();
    await tx.db
      .deleteFrom('membership_headers')
      .where('uid', '=', second?.uid ?? 0)
      .execute();
  });
  const opened: string[] = [];
  replaceBlobRead(fixture, (original) => (id, range) => {
    opened.push(id);
    return original(id, range);
  });
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('f1', 'FETCH 1:2 BODY.PEEK[HEADER.FIELDS (SUBJECT from)]<0.200>'), [
    '* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT from)]<0> {66}',
    'From: Marie Curie <marie@ac-test.fr>',
    'Subject: Emploi du temps',
    '',
    ')',
    '* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT from)]<0> {68}',
    'From: Marie Curie <marie@ac-test.fr>',
    'Subject: Conseil de classe',
    '',
    ')',
    'f1 OK FETCH completed',
  ]);
  assert.equal(opened.length, 1, 'only the email without a cache was opened');
});

test('HEADER.FIELDS and HEADER.FIELDS.NOT filter the header block', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('f1', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject FROM x-absent)]'), [
    '* 1 FETCH (BODY[HEADER.FIELDS (Subject FROM x-absent)] {66}',
    'From: Marie Curie <marie@ac-test.fr>',
    'Subject: Emploi du temps',
    '',
    ')',
    'f1 OK FETCH completed',
  ]);
  assert.deepEqual(
    await client.command('f2', 'FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (From Subject Date MIME-Version)]'),
    [
      '* 1 FETCH (BODY[HEADER.FIELDS.NOT (From Subject Date MIME-Version)] {69}',
      'To: paul@ac-test.fr',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      ')',
      'f2 OK FETCH completed',
    ],
  );
  assert.deepEqual(await client.command('f3', 'FETCH 1 BODY.PEEK[2.MIME]'), [
    '* 1 FETCH (BODY[2.MIME] {93}',
    'Content-Type: application/octet-stream; name="edt.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    ')',
    'f3 OK FETCH completed',
  ]);
});

test('BINARY decodes a part (literal8 when it holds NUL); BINARY[] and unknown encodings are refused', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, WITH_ATTACHMENT, { receivedAt: WINTER });
  await store(fixture, WITH_ATTACHMENT.replace('Transfer-Encoding: base64', 'Transfer-Encoding: x-uuencode'));
  const client = await ByteClient.open(fixture.ports.imap);
  t.after(() => client.destroy());
  assert.equal(
    (await client.command('f1', 'FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2] BINARY.PEEK[1])')).toString('utf8'),
    '* 1 FETCH (BINARY[2] ~{9}\r\nBonjour\u0000! BINARY.SIZE[2] 9 BINARY[1] {17}\r\nSalle B12 à 8 h.)\r\n' +
      'f1 OK FETCH completed\r\n',
  );
  assert.equal(
    (await client.command('f2', 'FETCH 1 BINARY.PEEK[]')).toString('utf8'),
    'f2 NO [CANNOT] BINARY[] of a whole message is not supported: fetch BINARY[n] of its parts\r\n',
  );
  // Message 1 is answered, then message 2 refuses the FETCH: \Seen is set on 1 only.
  assert.equal(
    (await client.command('f3', 'FETCH 1:2 (BINARY[2] BINARY[1]<0.5>)')).toString('utf8'),
    '* 1 FETCH (FLAGS (\\Seen) BINARY[2] ~{9}\r\nBonjour\u0000! BINARY[1]<0> {5}\r\nSalle)\r\n' +
      'f3 NO [UNKNOWN-CTE] Cannot decode Content-Transfer-Encoding "x-uuencode"\r\n',
  );
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.keywords),
    [['$seen'], []],
  );
});

test('CHANGEDSINCE sends only what changed, with MODSEQ, and enables CONDSTORE', async (t) => {
  const fixture = await openImapFixture(t);
  for (let index = 0; index < 3; index++) await store(fixture, CONSEIL, { receivedAt: SUMMER });
  const { client, lines } = await openMailbox(fixture);
  const highest = Number(/HIGHESTMODSEQ (\d+)/.exec(lines.join('\n'))?.[1]);
  const before = await viewOf(fixture, 'inbox');
  await client.command('s1', 'STORE 2 +FLAGS.SILENT (\\Flagged)');
  const flagged = (await viewOf(fixture, 'inbox'))[1]?.modseq;
  const changed = await client.command('f1', `FETCH 1:* (FLAGS) (CHANGEDSINCE ${highest})`);
  // The first CONDSTORE-enabling command is told HIGHESTMODSEQ (the STORE's, once its change was reported).
  assert.match(changed[0] ?? '', /^\* OK \[HIGHESTMODSEQ \d+\] CONDSTORE enabled$/);
  assert.deepEqual(changed.slice(1), [
    `* 2 FETCH (FLAGS (\\Flagged) MODSEQ (${flagged}))`,
    'f1 OK FETCH completed',
  ]);
  assert.deepEqual(await client.command('f2', `UID FETCH 1:* (UID) (CHANGEDSINCE ${before[1]?.modseq})`), [
    `* 2 FETCH (UID 2 MODSEQ (${flagged}))`,
    `* 3 FETCH (UID 3 MODSEQ (${before[2]?.modseq}))`,
    'f2 OK UID FETCH completed',
  ]);
  assert.deepEqual(await client.command('f3', 'FETCH 1:* UID (CHANGEDSINCE 9223372036854775807)'), [
    'f3 OK FETCH completed',
  ]);
  // With CONDSTORE on, the FLAGS a BODY[…] fetch changes come with UID and the new MODSEQ (RFC 7162 §3.1).
  const reply = await client.command('f4', 'FETCH 3 (BODY[]<0.4>)');
  const seen = (await viewOf(fixture, 'inbox'))[2]?.modseq;
  assert.deepEqual(reply, [
    `* 3 FETCH (UID 3 FLAGS (\\Seen) BODY[]<0> {4}`,
    `From MODSEQ (${seen}))`,
    'f4 OK FETCH completed',
  ]);
});

test('UID FETCH … VANISHED reports expunged UIDs first, and needs QRESYNC', async (t) => {
  const fixture = await openImapFixture(t);
  for (let index = 0; index < 4; index++) await store(fixture, CONSEIL, { receivedAt: SUMMER });
  const { client: plain } = await openMailbox(fixture);
  assert.deepEqual(await plain.command('v1', 'UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)'), [
    'v1 BAD VANISHED needs ENABLE QRESYNC first',
  ]);
  assert.match(
    (await plain.command('v2', 'FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)')).at(-1) ?? '',
    /^v2 BAD /,
  );

  const inbox = await mailboxIdOf(fixture, 'inbox');
  const { highestModseq } = await fixture.services.mail.mailboxStatus(fixture.accounts.paul, inbox);
  await fixture.services.mail.expunge(fixture.accounts.paul, inbox, [2, 4]);
  const { client } = await openMailbox(fixture, { enable: 'QRESYNC' });
  const view = await viewOf(fixture, 'inbox');
  assert.deepEqual(
    await client.command('v3', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${highestModseq} VANISHED)`),
    ['* VANISHED (EARLIER) 2,4', 'v3 OK UID FETCH completed'],
  );
  // Only UIDs of the set are named; older changes come as FETCH data.
  assert.deepEqual(await client.command('v4', 'UID FETCH 3:4 (FLAGS) (CHANGEDSINCE 1 VANISHED)'), [
    '* VANISHED (EARLIER) 4',
    `* 2 FETCH (UID 3 FLAGS () MODSEQ (${view[1]?.modseq}))`,
    'v4 OK UID FETCH completed',
  ]);
});

test('FETCH refuses numbers beyond EXISTS and bad syntax; UID FETCH ignores missing UIDs', async (t) => {
  const fixture = await openImapFixture(t);
  await store(fixture, CONSEIL);
  await store(fixture, CONSEIL);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('e1', 'FETCH 3 FLAGS'), [
    'e1 BAD Message number out of range: the mailbox has 2 messages',
  ]);
  assert.deepEqual(await client.command('e2', 'FETCH 1,5:7 FLAGS'), [
    'e2 BAD Message number out of range: the mailbox has 2 messages',
  ]);
  assert.deepEqual(await client.command('e3', 'UID FETCH 5:9 FLAGS'), ['e3 OK UID FETCH completed']);
  assert.deepEqual(await client.command('e4', 'UID FETCH 2:9 UID'), [
    '* 2 FETCH (UID 2)',
    'e4 OK UID FETCH completed',
  ]);
  for (const [tag, args] of [
    ['e5', '0 FLAGS'],
    ['e6', '1 FROB'],
    ['e7', '1 (FLAGS ALL)'],
    ['e8', '1 BODY[1.TEXT.HEADER]'],
    ['e9', '1'],
    ['e10', 'x:2 FLAGS'],
  ] as const) {
    assert.match((await client.command(tag, `FETCH ${args}`)).at(-1) ?? '', new RegExp(`^${tag} BAD `));
  }
  // `$` without a saved search names nothing.
  assert.deepEqual(await client.command('e11', 'FETCH $ FLAGS'), ['e11 OK FETCH completed']);
  const unselected = await fixture.connectRaw();
  await unselected.readUntil((line) => line.startsWith('* OK'));
  assert.deepEqual(await unselected.command('u1', 'FETCH 1 FLAGS'), ['u1 BAD Log in first']);
});

test('a message expunged and destroyed by another session is skipped with [EXPUNGEISSUED]', async (t) => {
  const fixture = await openImapFixture(t);
  for (let index = 0; index < 3; index++) await store(fixture, CONSEIL, { receivedAt: SUMMER });
  const { client } = await openMailbox(fixture);
  await fixture.services.mail.expunge(fixture.accounts.paul, await mailboxIdOf(fixture, 'inbox'), [2]);
  // Snapshot items still answer for message 2: the client has not been told it is gone.
  assert.deepEqual(await client.command('f1', 'FETCH 2 UID'), ['* 2 FETCH (UID 2)', 'f1 OK FETCH completed']);
  // Its row is gone: FETCH skips it, and the EXPUNGE waits for a command that may carry it.
  assert.deepEqual(await client.command('f2', 'FETCH 1:3 RFC822.SIZE'), [
    '* 1 FETCH (RFC822.SIZE 188)',
    '* 3 FETCH (RFC822.SIZE 188)',
    'f2 OK [EXPUNGEISSUED] Some messages were expunged meanwhile; FETCH completed',
  ]);
  assert.deepEqual(await client.command('f3', 'UID FETCH 1:3 RFC822.SIZE'), [
    '* 1 FETCH (UID 1 RFC822.SIZE 188)',
    '* 3 FETCH (UID 3 RFC822.SIZE 188)',
    '* 2 EXPUNGE',
    'f3 OK UID FETCH completed',
  ]);
});

test("INTERNALDATE and SEARCH ON follow the account's time zone", async (t) => {
  const fixture = await openImapFixture(t);
  // 22:00 on 1 September in Paris is 07:00 on 2 September in Nouméa (UTC+11, no summer time).
  await store(fixture, CONSEIL, { receivedAt: new Date('2025-09-01T20:00:00Z') });
  const paris = (await openMailbox(fixture)).client;
  assert.deepEqual(await paris.command('f1', 'FETCH 1 (INTERNALDATE)'), [
    '* 1 FETCH (INTERNALDATE "01-Sep-2025 22:00:00 +0200")',
    'f1 OK FETCH completed',
  ]);
  assert.deepEqual(await paris.command('s1', 'SEARCH ON 1-Sep-2025'), [
    '* SEARCH 1',
    's1 OK SEARCH completed',
  ]);

  await fixture.services.identity.updateAccount(PAUL.email, { timeZone: 'Pacific/Noumea' });
  const noumea = (await openMailbox(fixture)).client;
  assert.deepEqual(await noumea.command('f2', 'FETCH 1 (INTERNALDATE)'), [
    '* 1 FETCH (INTERNALDATE "02-Sep-2025 07:00:00 +1100")',
    'f2 OK FETCH completed',
  ]);
  assert.deepEqual(await noumea.command('s2', 'SEARCH ON 2-Sep-2025'), [
    '* SEARCH 1',
    's2 OK SEARCH completed',
  ]);
  assert.deepEqual(await noumea.command('s3', 'SEARCH ON 1-Sep-2025'), [
    '* SEARCH',
    's3 OK SEARCH completed',
  ]);
});
