// IMAP LOGIN counts as the account's activity (the inactivity job suspends from it), and a suspended account's
// right password gets the same refusal as a wrong one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture, PAUL } from './imap.fixture.ts';

test('LOGIN counts as activity; a suspended account is refused like a wrong password', async (t) => {
  const fixture = await openImapFixture(t);
  const { identity, database } = fixture.services;
  await database.write((tx) =>
    tx.db.updateTable('accounts').set({ last_activity_at: 0 }).where('email', '=', PAUL.email).execute(),
  );
  const before = Date.now();
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  assert.match((await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`)).at(-1) ?? '', /^a1 OK /);
  const lastActivity = (await identity.findAccount(PAUL.email))?.lastActivityAt?.getTime() ?? 0;
  assert.ok(lastActivity >= before, `last activity ${lastActivity} is the login's`);

  await identity.suspendAccount(PAUL.email, 'inactivity');
  const other = await fixture.connectRaw();
  await other.readUntil((line) => line.startsWith('* OK'));
  const right = await other.command('b1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  const wrong = await other.command('b2', `LOGIN ${PAUL.email} not-the-password`);
  assert.deepEqual(
    [right.at(-1), wrong.at(-1)?.replace('b2', 'b1')],
    ['b1 NO [AUTHENTICATIONFAILED] Invalid credentials', 'b1 NO [AUTHENTICATIONFAILED] Invalid credentials'],
  );
});
