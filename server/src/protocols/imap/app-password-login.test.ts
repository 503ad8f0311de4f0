// IMAP LOGIN with app passwords: where the policy requires them, the account password is refused with what to
// do; an app password for mail logs in (typed with or without its dashes), one for calendars does not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import { MARIE, openImapFixture, PAUL } from './imap.fixture.ts';

test('LOGIN takes an app password for mail where the policy requires one', async (t) => {
  const fixture = await openImapFixture(t, { env: { VERCORS_APP_PASSWORDS_REQUIRED: 'true' } });
  const { identity } = fixture.services;
  const mail = await identity.createAppPassword(fixture.accounts.paul, { name: 'Phone', scope: 'mail' }, {});
  const dav = await identity.createAppPassword(fixture.accounts.paul, { name: 'Agenda', scope: 'dav' }, {});
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  assert.deepEqual(await client.command('a1', `LOGIN ${PAUL.email} ${PAUL.password}`), [
    'a1 NO [AUTHENTICATIONFAILED] This account needs an app password: create one in the webmail settings',
  ]);
  assert.deepEqual(await client.command('a2', `LOGIN ${PAUL.email} ${dav.secret}`), [
    'a2 NO [AUTHENTICATIONFAILED] This app password is not for mail: create one for mail in the webmail settings',
  ]);
  const login = await client.command('a3', `LOGIN ${PAUL.email} ${mail.secret.replaceAll('-', '')}`);
  assert.match(login.at(-1) ?? '', /^a3 OK /);
  const [appPassword] = (await identity.listAppPasswords(fixture.accounts.paul)).filter(
    (p) => p.id === mail.appPassword.id,
  );
  assert.equal(appPassword?.lastUsed?.protocol, 'imap');
  assert.match(appPassword?.lastUsed?.address ?? '', /127\.0\.0\.1$/);
});

test('with a second factor the account password is refused and an app password accepted', async (t) => {
  const fixture = await openImapFixture(t);
  const { identity, clock } = fixture.services;
  await enrolTotpFor(identity, clock, MARIE);
  const { secret } = await identity.createAppPassword(
    fixture.accounts.marie,
    { name: 'Phone', scope: 'mail' },
    {},
  );
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  assert.deepEqual(await client.command('a1', `LOGIN ${MARIE.email} ${MARIE.password}`), [
    'a1 NO [AUTHENTICATIONFAILED] This account needs an app password: create one in the webmail settings',
  ]);
  assert.match((await client.command('a2', `LOGIN ${MARIE.email} ${secret}`)).at(-1) ?? '', /^a2 OK /);
  // Paul has no second factor: his password still works.
  const other = await fixture.connectRaw();
  await other.readUntil((line) => line.startsWith('* OK'));
  assert.match((await other.command('b1', `LOGIN ${PAUL.email} ${PAUL.password}`)).at(-1) ?? '', /^b1 OK /);
});
