import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { normalizeAppPasswordSecret } from './app-password-secret.ts';
import { APP_PASSWORD_LIMITS } from './app-password.ts';
import {
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
  type IdentityFixture,
} from './identity.fixture.ts';

const CLAIRE = 'claire.bernard@ac-test.fr';
const PASSWORD = 'cheval-agrafe-lune-42';
const self = (id: string) => ({ actor: { accountId: id, email: CLAIRE }, remoteAddress: '192.0.2.10' });
const imap = { protocol: 'imap', remoteAddress: '198.51.100.7' } as const;

async function withClaire(fixture: IdentityFixture) {
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({ email: CLAIRE, displayName: 'Claire Bernard' });
  await fixture.identity.setPassword(CLAIRE, PASSWORD);
  return account;
}

test('an app password is shown once, kept hashed, listed with its scope and audited', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const created = await fixture.identity.createAppPassword(
    claire.id,
    { name: '  iPhone de Claire ', scope: 'mail' },
    self(claire.id),
  );
  assert.match(created.secret, /^[a-km-np-z]{4}(-[a-km-np-z]{4}){3}$/);
  assert.equal(created.appPassword.name, 'iPhone de Claire');
  assert.equal(created.appPassword.lastUsed, null);
  const rows = await fixture.database.db.selectFrom('app_passwords').selectAll().execute();
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes(created.secret.replaceAll('-', '')), 'the secret is not stored');
  assert.deepEqual(
    (await fixture.identity.listAppPasswords(claire.id)).map((p) => [p.id, p.name, p.scope]),
    [[created.appPassword.id, 'iPhone de Claire', 'mail']],
  );
  await fixture.identity.settleAudit();
  const events = await listAuditEvents(fixture.database.db, { accountId: claire.id });
  assert.deepEqual(
    events.map((e) => [e.type, e.actor?.email, e.remoteAddress, e.details.name]),
    [
      ['account.created', undefined, null, undefined],
      ['password.changed', undefined, null, undefined],
      ['appPassword.created', CLAIRE, '192.0.2.10', 'iPhone de Claire'],
    ],
  );
  assert.ok(!JSON.stringify(events).includes(created.secret), 'the secret is not audited');
});

test('names and scopes are checked, and an account holds a bounded number of app passwords', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  await refusedWith(
    fixture.identity.createAppPassword(claire.id, { name: ' ', scope: 'mail' }, {}),
    'invalid',
    'name',
  );
  await refusedWith(
    fixture.identity.createAppPassword(claire.id, { name: 'x'.repeat(65), scope: 'mail' }, {}),
    'invalid',
    'name',
  );
  await refusedWith(
    fixture.identity.createAppPassword(claire.id, { name: 'PC', scope: 'root' }, {}),
    'invalid',
    'scope',
  );
  await refusedWith(
    fixture.identity.createAppPassword('a-nobody', { name: 'PC', scope: 'all' }, {}),
    'notFound',
  );
  for (let index = 0; index < APP_PASSWORD_LIMITS.maxPerAccount; index++) {
    await fixture.identity.createAppPassword(claire.id, { name: `device ${index}`, scope: 'all' }, {});
  }
  await refusedWith(
    fixture.identity.createAppPassword(claire.id, { name: 'one more', scope: 'all' }, {}),
    'limit',
  );
});

test('protocol clients log in with an app password of the right scope; last use is recorded', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const mail = await fixture.identity.createAppPassword(
    claire.id,
    { name: 'Thunderbird', scope: 'mail' },
    {},
  );
  const dav = await fixture.identity.createAppPassword(claire.id, { name: 'DAVx5', scope: 'dav' }, {});

  const typed = mail.secret.toUpperCase().replaceAll('-', ' ');
  const ok = await fixture.identity.verifyProtocolLogin(CLAIRE, typed, imap);
  assert.ok(ok.ok);
  assert.equal(ok.via, 'appPassword');
  assert.equal(ok.appPasswordId, mail.appPassword.id);
  assert.equal(ok.account.id, claire.id);
  assert.equal(fixture.hasher.calls.verify, 0, 'an app password costs no argon2 verification');
  const [used] = (await fixture.identity.listAppPasswords(claire.id)).filter(
    (p) => p.id === mail.appPassword.id,
  );
  assert.deepEqual(used?.lastUsed, { at: fixture.clock.now(), address: '198.51.100.7', protocol: 'imap' });

  // The calendar password is refused for IMAP, and says why; it works for DAV.
  assert.deepEqual(await fixture.identity.verifyProtocolLogin(CLAIRE, dav.secret, imap), {
    ok: false,
    reason: 'scope',
  });
  const davLogin = await fixture.identity.verifyProtocolLogin(CLAIRE, dav.secret, {
    ...imap,
    protocol: 'dav',
  });
  assert.ok(davLogin.ok);
  assert.equal(
    (await fixture.identity.verifyProtocolLogin(CLAIRE, mail.secret, { ...imap, protocol: 'dav' })).ok,
    false,
  );

  // Another account's name with Claire's app password is just wrong credentials.
  await fixture.identity.createAccount({ email: 'paul.roux@ac-test.fr', displayName: 'Paul Roux' });
  assert.deepEqual(await fixture.identity.verifyProtocolLogin('paul.roux@ac-test.fr', mail.secret, imap), {
    ok: false,
    reason: 'invalid',
  });
  // A bearer token names its account.
  const bearer = await fixture.identity.verifyBearerToken(mail.secret, { ...imap, protocol: 'jmap' });
  assert.ok(bearer.ok);
  assert.equal(bearer.account.id, claire.id);
  assert.deepEqual(await fixture.identity.verifyBearerToken('abcd-efgh-ijkm-npqr', imap), {
    ok: false,
    reason: 'invalid',
  });
});

test('last use is written again only after a minute, or from another address or protocol', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const { secret } = await fixture.identity.createAppPassword(claire.id, { name: 'Phone', scope: 'all' }, {});
  const lastUsed = async () => (await fixture.identity.listAppPasswords(claire.id))[0]?.lastUsed;
  await fixture.identity.verifyProtocolLogin(CLAIRE, secret, imap);
  const first = fixture.clock.now();
  fixture.clock.advance(30_000);
  await fixture.identity.verifyProtocolLogin(CLAIRE, secret, imap);
  assert.deepEqual((await lastUsed())?.at, first);
  await fixture.identity.verifyProtocolLogin(CLAIRE, secret, { ...imap, protocol: 'smtp' });
  assert.deepEqual(await lastUsed(), { at: fixture.clock.now(), address: '198.51.100.7', protocol: 'smtp' });
  fixture.clock.advance(60_000);
  await fixture.identity.verifyProtocolLogin(CLAIRE, secret, { ...imap, protocol: 'smtp' });
  assert.deepEqual((await lastUsed())?.at, fixture.clock.now());
});

test('the account password works for protocols unless app passwords are required', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const login = await fixture.identity.verifyProtocolLogin(CLAIRE, PASSWORD, imap);
  assert.ok(login.ok);
  assert.equal(login.via, 'password');
  assert.deepEqual(await fixture.identity.verifyProtocolLogin(CLAIRE, 'wrong-password-12', imap), {
    ok: false,
    reason: 'invalid',
  });
  await fixture.identity.settleAudit();
  const failures = await listAuditEvents(fixture.database.db, {
    accountId: claire.id,
    types: ['protocolLogin.failed'],
  });
  assert.deepEqual(
    failures.map((e) => [e.subject?.email, e.remoteAddress, e.details.protocol]),
    [[CLAIRE, '198.51.100.7', 'imap']],
  );
  // Unknown names are not audited (they only reach the fail2ban log line).
  await fixture.identity.verifyProtocolLogin('nobody@ac-test.fr', PASSWORD, imap);
  await fixture.identity.settleAudit();
  assert.equal((await listAuditEvents(fixture.database.db, { types: ['protocolLogin.failed'] })).length, 1);

  const strict = await openIdentityFixture(t, { VERCORS_APP_PASSWORDS_REQUIRED: 'true' });
  const strictClaire = await withClaire(strict);
  assert.deepEqual(await strict.identity.verifyProtocolLogin(CLAIRE, PASSWORD, imap), {
    ok: false,
    reason: 'appPasswordRequired',
  });
  const { secret } = await strict.identity.createAppPassword(
    strictClaire.id,
    { name: 'Phone', scope: 'mail' },
    {},
  );
  assert.ok((await strict.identity.verifyProtocolLogin(CLAIRE, secret, imap)).ok);
});

test('a suspended account cannot use its app passwords; revoked ones stop working', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const phone = await fixture.identity.createAppPassword(claire.id, { name: 'Phone', scope: 'mail' }, {});
  const laptop = await fixture.identity.createAppPassword(claire.id, { name: 'Laptop', scope: 'mail' }, {});
  await fixture.identity.suspendAccount(CLAIRE, 'test');
  assert.deepEqual(await fixture.identity.verifyProtocolLogin(CLAIRE, phone.secret, imap), {
    ok: false,
    reason: 'invalid',
  });
  await fixture.identity.reactivateAccount(CLAIRE);
  assert.ok((await fixture.identity.verifyProtocolLogin(CLAIRE, phone.secret, imap)).ok);

  await fixture.identity.revokeAppPassword(claire.id, phone.appPassword.id, self(claire.id));
  assert.equal((await fixture.identity.verifyProtocolLogin(CLAIRE, phone.secret, imap)).ok, false);
  await refusedWith(fixture.identity.revokeAppPassword(claire.id, phone.appPassword.id, {}), 'notFound');
  assert.equal(await fixture.identity.revokeAllAppPasswords(claire.id, {}, 'establishmentChanged'), 1);
  assert.equal((await fixture.identity.verifyProtocolLogin(CLAIRE, laptop.secret, imap)).ok, false);
  assert.equal(await fixture.identity.revokeAllAppPasswords(claire.id, {}, 'again'), 0);
  await fixture.identity.settleAudit();
  const revoked = await listAuditEvents(fixture.database.db, {
    accountId: claire.id,
    types: ['appPassword.revoked'],
  });
  assert.deepEqual(
    revoked.map((e) => e.details),
    [
      { appPasswordId: phone.appPassword.id, name: 'Phone' },
      { count: 1, reason: 'establishmentChanged' },
    ],
  );
});

test('secrets are normalised from what people type, and anything else is not one', () => {
  assert.equal(normalizeAppPasswordSecret('ABCD efgh-JKMN pqrs'), 'abcdefghjkmnpqrs');
  assert.equal(normalizeAppPasswordSecret('abcd-efgh-jkmn-pqr'), undefined);
  assert.equal(normalizeAppPasswordSecret('abcd-efgh-jkmn-pqrl'), undefined, 'l is not in the alphabet');
  assert.equal(normalizeAppPasswordSecret('abcd-efgh-jkmn-pqr0'), undefined);
  assert.equal(
    normalizeAppPasswordSecret(`${'a'.repeat(16)}${' '.repeat(60)}`),
    undefined,
    'bounded before work',
  );
});

test('a move to another establishment revokes app passwords, unless the setting is off', async (t) => {
  for (const [env, kept] of [
    [{}, 0],
    [{ VERCORS_APP_PASSWORDS_REVOKE_ON_ESTABLISHMENT_CHANGE: 'false' }, 1],
  ] as const) {
    const fixture = await openIdentityFixture(t, env);
    const claire = await withClaire(fixture);
    await fixture.directory.upsertEstablishment({
      uai: '0730001E',
      name: 'Collège Fantin-Latour',
      type: 'college',
      commune: 'Grenoble',
      department: '38',
    });
    // The first establishment given is no move.
    await fixture.identity.updateAccount(CLAIRE, { establishmentUai: '0380027Y' });
    await fixture.identity.createAppPassword(claire.id, { name: 'Phone', scope: 'mail' }, {});
    await fixture.identity.updateAccount(CLAIRE, { displayName: 'Claire Bernard-Roux' });
    assert.equal((await fixture.identity.listAppPasswords(claire.id)).length, 1);
    await fixture.identity.updateAccount(CLAIRE, { establishmentUai: '0730001E' });
    assert.equal((await fixture.identity.listAppPasswords(claire.id)).length, kept);
  }
});
