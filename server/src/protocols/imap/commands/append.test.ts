// APPEND over a real socket: APPENDUID, flags and date kept, EXISTS for the selected mailbox, and the refusals
// (TRYCREATE, OVERQUOTA, empty message, unknown system flag), with literal, literal8 and UTF8 data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture, PAUL } from '../imap.fixture.ts';
import { deliverMessages, message, openMailbox, uidValidityOf, viewOf } from './message-commands.fixture.ts';

test('APPEND stores the message with its flags and date, and answers APPENDUID', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  const raw = message('Sortie scolaire');
  // A synchronising literal: the server asks for the message first.
  client.write(
    `a2 APPEND INBOX (\\Seen \\Recent $Forwarded) "17-Jul-1996 02:44:25 -0700" {${raw.length}}\r\n`,
  );
  assert.deepEqual(await client.readUntil((line) => line.startsWith('+')), ['+ Ready for the message']);
  client.write(`${raw}\r\n`);
  const uidValidity = await uidValidityOf(fixture, 'inbox');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a2 ')), [
    `a2 OK [APPENDUID ${uidValidity} 1] APPEND completed`,
  ]);

  const [entry] = await viewOf(fixture, 'inbox');
  assert.deepEqual(entry?.keywords, ['$forwarded', '$seen'], '\\Recent is nobody’s to set: ignored');
  const [email] = await fixture.services.mail.getEmails(fixture.accounts.paul, [entry?.emailId ?? ''], []);
  assert.equal(email?.receivedAt.toISOString(), '1996-07-17T09:44:25.000Z');
  assert.equal(email?.subject, 'Sortie scolaire');
});

test('APPEND to the selected mailbox announces the message with EXISTS before the tagged OK', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 1);
  const { client, uidValidity } = await openMailbox(fixture);
  const raw = message('Réunion parents-professeurs');
  client.write(`a1 APPEND INBOX {${Buffer.byteLength(raw)}+}\r\n${raw}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a1 ')), [
    '* 2 EXISTS',
    `a1 OK [APPENDUID ${uidValidity} 2] APPEND completed`,
  ]);
  // Another mailbox: nothing to announce here.
  const other = message('Brouillon');
  client.write(`a2 APPEND Archives {${other.length}+}\r\n${other}\r\n`);
  const archive = await uidValidityOf(fixture, 'archive');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a2 ')), [
    `a2 OK [APPENDUID ${archive} 1] APPEND completed`,
  ]);
});

test('APPEND accepts literal8 and RFC 6855 UTF8 data', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  // literal8 may carry NUL, which a plain literal may not (RFC 3516).
  const binary = message('Binaire').replace('Bonjour.', 'Bon\0jour.');
  client.write(`a2 APPEND INBOX {${binary.length}+}\r\n${binary}\r\n`);
  assert.match((await client.readUntil((line) => line.startsWith('a2 '))).at(-1) ?? '', /^a2 BAD .*NUL/);
  client.write(`a3 APPEND INBOX ~{${binary.length}+}\r\n${binary}\r\n`);
  assert.match(
    (await client.readUntil((line) => line.startsWith('a3 '))).at(-1) ?? '',
    /^a3 OK \[APPENDUID \d+ 1\]/,
  );
  const utf8 = message('Élèves de 6e');
  client.write(`a4 APPEND INBOX UTF8 (~{${Buffer.byteLength(utf8)}+}\r\n${utf8})\r\n`);
  assert.match(
    (await client.readUntil((line) => line.startsWith('a4 '))).at(-1) ?? '',
    /^a4 OK \[APPENDUID \d+ 2\]/,
  );
  const [first] = await viewOf(fixture, 'inbox');
  const chunks: Uint8Array[] = [];
  for await (const chunk of await fixture.services.mail.getEmailBytes(
    fixture.accounts.paul,
    first?.emailId ?? '',
  ))
    chunks.push(chunk);
  assert.equal(
    Buffer.concat(chunks).toString('latin1'),
    binary,
    'the bytes are stored as sent, NUL included',
  );
});

test('APPEND refuses a missing mailbox with TRYCREATE, an empty message, and an unknown system flag', async (t) => {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  const raw = message('Perdu');
  client.write(`a2 APPEND Nulle-part {${raw.length}+}\r\n${raw}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a2 ')), [
    'a2 NO [TRYCREATE] No such mailbox',
  ]);
  client.write('a3 APPEND INBOX {0+}\r\n\r\n');
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a3 ')), [
    'a3 NO [CANNOT] The message is empty',
  ]);
  client.write(`a4 APPEND INBOX (\\Important) {${raw.length}+}\r\n${raw}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a4 ')), [
    'a4 BAD Unknown system flag \\Important',
  ]);
  client.write(`a5 APPEND INBOX "yesterday" {${raw.length}+}\r\n${raw}\r\n`);
  assert.match((await client.readUntil((line) => line.startsWith('a5 '))).at(-1) ?? '', /^a5 BAD /);
  assert.equal((await viewOf(fixture, 'inbox')).length, 0, 'nothing was stored');
});

test('APPEND over quota is NO [OVERQUOTA] and stores nothing', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 1);
  await fixture.services.identity.updateAccount(PAUL.email, { quotaMessages: 1 });
  const { client } = await openMailbox(fixture);
  const raw = message('Un de trop');
  client.write(`a1 APPEND INBOX {${raw.length}+}\r\n${raw}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a1 ')), [
    'a1 NO [OVERQUOTA] Quota exceeded: delete or archive messages',
  ]);
  assert.equal((await viewOf(fixture, 'inbox')).length, 1);
});

test('MULTIAPPEND stores several messages with their own flags and dates, and answers their UIDs as a set', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 1);
  const { client, uidValidity } = await openMailbox(fixture);
  const [one, two, three] = ['Premier', 'Deuxième', 'Troisième'].map((subject) => message(subject));
  // A synchronising literal for the second message: the server asks for each one as it comes.
  client.write(`a1 APPEND INBOX (\\Seen) {${Buffer.byteLength(one!)}+}\r\n${one}`);
  client.write(` (\\Flagged) "02-Sep-2026 08:00:00 +0200" {${Buffer.byteLength(two!)}}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('+')), ['+ Ready for the message']);
  client.write(`${two} {${Buffer.byteLength(three!)}+}\r\n${three}\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a1 ')), [
    '* 4 EXISTS',
    `a1 OK [APPENDUID ${uidValidity} 2:4] APPEND completed`,
  ]);
  const view = await viewOf(fixture, 'inbox');
  assert.deepEqual(
    view.slice(1).map((entry) => entry.keywords),
    [['$seen'], ['$flagged'], []],
  );
  const emails = await fixture.services.mail.getEmails(
    fixture.accounts.paul,
    view.slice(1).map((entry) => entry.emailId),
    [],
  );
  assert.deepEqual(
    emails.map((email) => email.subject),
    ['Premier', 'Deuxième', 'Troisième'],
  );
  assert.equal(emails[1]?.receivedAt.toISOString(), '2026-09-02T06:00:00.000Z');
});

test('MULTIAPPEND stores all the messages or none: one over quota, or one empty, refuses them all', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 1);
  await fixture.services.identity.updateAccount(PAUL.email, { quotaMessages: 2 });
  const { client } = await openMailbox(fixture);
  const [one, two] = [message('Tient'), message('Déborde')];
  client.write(
    `a1 APPEND INBOX {${Buffer.byteLength(one)}+}\r\n${one} {${Buffer.byteLength(two)}+}\r\n${two}\r\n`,
  );
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a1 ')), [
    'a1 NO [OVERQUOTA] Quota exceeded: delete or archive messages',
  ]);
  client.write(`a2 APPEND INBOX {${Buffer.byteLength(one)}+}\r\n${one} {0+}\r\n\r\n`);
  assert.deepEqual(await client.readUntil((line) => line.startsWith('a2 ')), [
    'a2 NO [CANNOT] The message is empty',
  ]);
  client.write(
    `a3 APPEND INBOX {${Buffer.byteLength(one)}+}\r\n${one} (\\Bogus) {${Buffer.byteLength(two)}+}\r\n${two}\r\n`,
  );
  assert.match(
    (await client.readUntil((line) => line.startsWith('a3 '))).at(-1) ?? '',
    /^a3 BAD Unknown system flag/,
  );
  assert.equal((await viewOf(fixture, 'inbox')).length, 1, 'nothing was stored');
});
