// JMAP logins count as the account's activity (the inactivity job suspends from it): Basic with the account
// password, a Bearer app password, and the web app's session cookie.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEB_SESSION_COOKIE } from '#domain/identity';
import { openJmapFixture, PAUL } from './jmap.fixture.ts';

test('Basic, Bearer and the session cookie each count as activity', async (t) => {
  const fixture = await openJmapFixture(t, { env: { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' } });
  const { identity, database } = fixture.services;
  const forget = () =>
    database.write((tx) =>
      tx.db.updateTable('accounts').set({ last_activity_at: 0 }).where('email', '=', PAUL.email).execute(),
    );
  const lastActivity = async () => (await identity.findAccount(PAUL.email))?.lastActivityAt?.getTime() ?? 0;
  const session = (headers: Record<string, string>) =>
    fetch(`${fixture.base}/.well-known/jmap`, { headers }).then((response) => response.status);
  const { secret } = await identity.createAppPassword(
    fixture.accounts.paul,
    { name: 'Client', scope: 'mail' },
    {},
  );
  const web = await identity.loginWithPassword({
    email: PAUL.email,
    password: PAUL.password,
    isSharedComputer: false,
    remoteAddress: '127.0.0.1',
    userAgent: 'test',
  });
  assert.equal(web.outcome, 'signedIn');
  if (web.outcome !== 'signedIn') return;

  const cases = {
    basic: { authorization: fixture.authorization('paul') },
    bearer: { authorization: `Bearer ${secret}` },
    cookie: { cookie: `${WEB_SESSION_COOKIE}=${web.token}` },
  };
  for (const [name, headers] of Object.entries(cases)) {
    await forget();
    const before = Date.now();
    assert.equal(await session(headers), 200, name);
    assert.ok((await lastActivity()) >= before, `${name} counts as activity`);
  }
});
