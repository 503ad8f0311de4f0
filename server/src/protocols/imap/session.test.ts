// The session spine over a real socket: greeting, capabilities by state, login rules, SELECT, IDLE waking on a
// delivery, pipelined commands answered in order, and errors that keep the connection usable.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MARIE, openImapFixture, PAUL } from './imap.fixture.ts';

const MESSAGE =
  'From: Marie <marie@ac-test.fr>\nTo: paul@ac-test.fr\nSubject: Conseil de classe\n\nJeudi 17 h.\n';

test('the greeting lists capabilities, and LOGIN on loopback opens the session', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  const [greeting] = await client.readUntil((line) => line.startsWith('* OK'));
  assert.match(
    greeting ?? '',
    /^\* OK \[CAPABILITY IMAP4rev1 IMAP4rev2 .*AUTH=PLAIN.*\] imap\.ac-test\.fr Vercors IMAP ready$/,
  );
  assert.doesNotMatch(greeting ?? '', /LOGINDISABLED/, 'loopback cannot be sniffed: plain login is offered');
  const login = await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  assert.match(login.at(-1) ?? '', /^a1 OK \[CAPABILITY .*IDLE.*\] Logged in$/);
  const logout = await client.command('a2', 'LOGOUT');
  assert.deepEqual(logout, ['* BYE Logging out', 'a2 OK LOGOUT completed']);
});

test('a wrong password is NO [AUTHENTICATIONFAILED], and commands before login are refused', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  assert.deepEqual(await client.command('a1', 'SELECT INBOX'), ['a1 BAD Log in first']);
  assert.deepEqual(await client.command('a2', `LOGIN ${PAUL.email} wrong-password`), [
    'a2 NO [AUTHENTICATIONFAILED] Invalid credentials',
  ]);
  assert.deepEqual(await client.command('a3', 'FROB'), ['a3 BAD Unknown command FROB']);
  assert.match((await client.command('a4', 'LOGIN')).at(-1) ?? '', /^a4 BAD /);
});

test('AUTHENTICATE PLAIN works with an initial response and after a continuation', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  const plain = Buffer.from(`\u0000${MARIE.email}\u0000${MARIE.password}`).toString('base64');
  assert.match((await client.command('a1', `AUTHENTICATE PLAIN ${plain}`)).at(-1) ?? '', /^a1 OK /);

  const other = await fixture.connectRaw();
  await other.readUntil((line) => line.startsWith('* OK'));
  other.write('b1 AUTHENTICATE PLAIN\r\n');
  assert.deepEqual(await other.readUntil((line) => line.startsWith('+')), ['+ ']);
  other.write(`${plain}\r\n`);
  assert.match((await other.readUntil((line) => line.startsWith('b1 '))).at(-1) ?? '', /^b1 OK /);
});

test('SELECT reports the mailbox, and IDLE wakes up when mail arrives', async (t) => {
  const fixture = await openImapFixture(t);
  await fixture.deliver('paul', MESSAGE);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  const selected = await client.command('a2', 'SELECT INBOX');
  assert.ok(selected.includes('* 1 EXISTS'));
  assert.ok(selected.some((line) => /^\* OK \[UIDVALIDITY \d+\]/.test(line)));
  assert.ok(selected.includes('* OK [UIDNEXT 2] Predicted next UID'));
  assert.ok(selected.includes('* OK [UNSEEN 1] First unseen'));
  assert.equal(selected.at(-1), 'a2 OK [READ-WRITE] SELECT completed');

  client.write('a3 IDLE\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('+')), ['+ idling']);
  await fixture.deliver('paul', MESSAGE.replace('Conseil', 'Réunion'));
  assert.deepEqual(await client.readUntil((line) => line.includes('EXISTS')), ['* 2 EXISTS']);
  client.write('DONE\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a3 ')), ['a3 OK IDLE terminated']);
});

test('pipelined commands are answered in order, and a bad one does not stop the others', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  client.write(
    `p1 LOGIN ${PAUL.email} ${PAUL.password}\r\np2 NOOP (\r\np3 NAMESPACE\r\np4 SELECT Nowhere\r\n`,
  );
  const lines = await client.readUntil((line) => line.startsWith('p4 '));
  const tagged = lines.filter((line) => /^p\d /.test(line)).map((line) => line.slice(0, 5));
  assert.deepEqual(tagged, ['p1 OK', 'p2 BA', 'p3 OK', 'p4 NO']);
  assert.ok(lines.includes('* NAMESPACE (("" "/")) NIL NIL'));
});

test('ENABLE turns on UTF-8 names and rev2, and reports what it enabled', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  assert.deepEqual(await client.command('a2', 'ENABLE IMAP4rev2 CONDSTORE XUNKNOWN'), [
    '* ENABLED IMAP4rev2 CONDSTORE',
    'a2 OK ENABLE completed',
  ]);
  const selected = await client.command('a3', 'SELECT inbox');
  assert.ok(selected.includes('* LIST () "/" INBOX'));
  assert.ok(!selected.includes('* 0 RECENT'), 'IMAP4rev2 has no RECENT');
});
