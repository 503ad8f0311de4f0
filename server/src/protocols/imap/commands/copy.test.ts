// COPY and UID COPY over a real socket: COPYUID with its two lists paired in order, TRYCREATE, an empty
// selection, a read-only source, and a copy to the mailbox the message is already in.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture } from '../imap.fixture.ts';
import { deliverMessages, openMailbox, uidValidityOf, viewOf } from './message-commands.fixture.ts';

test('COPY answers COPYUID with source and target UIDs paired in order', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client, uidValidity } = await openMailbox(fixture);
  const archive = await uidValidityOf(fixture, 'archive');
  assert.deepEqual(await client.command('c1', 'UID COPY 3 Archives'), [
    `c1 OK [COPYUID ${archive} 3 1] COPY completed`,
  ]);
  // 3 is already there (UID 1); 1 and 2 arrive as 2 and 3: the target list is not sorted apart.
  assert.deepEqual(await client.command('c2', 'COPY 1:3 Archives'), [
    `c2 OK [COPYUID ${archive} 1:3 2:3,1] COPY completed`,
  ]);
  const inbox = await viewOf(fixture, 'inbox');
  const copies = await viewOf(fixture, 'archive');
  assert.deepEqual(
    copies.map((entry) => entry.emailId),
    [inbox[2]?.emailId, inbox[0]?.emailId, inbox[1]?.emailId],
  );
  // Where the message already is: the same UID, nothing new (an email is in a mailbox at most once).
  assert.deepEqual(await client.command('c3', 'COPY 1 INBOX'), [
    `c3 OK [COPYUID ${uidValidity} 1 1] COPY completed`,
  ]);
  assert.equal((await viewOf(fixture, 'inbox')).length, 3);
});

test('COPY refuses a missing target with TRYCREATE and numbers beyond EXISTS; nothing named is OK', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('c1', 'COPY 1 Nulle-part'), ['c1 NO [TRYCREATE] No such mailbox']);
  assert.deepEqual(await client.command('c2', 'COPY 3 Archives'), [
    'c2 BAD Message number out of range: the mailbox has 2 messages',
  ]);
  assert.deepEqual(await client.command('c3', 'UID COPY 50:60 Archives'), ['c3 OK COPY completed']);
  assert.match((await client.command('c4', 'COPY 1')).at(-1) ?? '', /^c4 BAD /);
  assert.equal((await viewOf(fixture, 'archive')).length, 0);
});

test('COPY works from a mailbox opened with EXAMINE, and to a mailbox of the user', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const projects = await fixture.services.mail.createMailbox(fixture.accounts.paul, { name: 'Projets' });
  const { client } = await openMailbox(fixture, { examine: true });
  assert.deepEqual(await client.command('e1', 'COPY 2 Projets'), [
    `e1 OK [COPYUID ${projects.uidValidity} 2 1] COPY completed`,
  ]);
  const copied = await fixture.services.mail.mailboxView(fixture.accounts.paul, projects.id);
  assert.equal(copied.length, 1);
});
