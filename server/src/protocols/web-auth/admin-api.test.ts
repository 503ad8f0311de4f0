// The admin HTTP API over real HTTP, as different roles: each sees and changes only what authorization.ts
// allows; refusals are 403, accounts out of reach are 404; every change carries the actor into the audit log.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrfTokenFor } from '#domain/identity';
import { openWebAuthFixture, TRUSTED, type WebAuthFixture } from './web-auth.fixture.ts';

const HOME = '0380027Y';
const OTHER = '0730001E';
const PASSWORD = 'Cheval-Batterie-Agrafe-42';

async function withSchools(fixture: WebAuthFixture) {
  const { identity, directory } = fixture.services;
  for (const [uai, name] of [
    [HOME, 'Lycée Champollion'],
    [OTHER, 'Collège Jules Ferry'],
  ] as const) {
    await directory.upsertEstablishment({ uai, name, type: 'lycee', commune: 'Grenoble', department: '38' });
  }
  const people: Record<string, string> = {};
  for (const [name, uai, role] of [
    ['head', HOME, { role: 'establishmentAdmin', scope: HOME }],
    ['teacher', HOME, undefined],
    ['helper', HOME, { role: 'helpdesk', scope: null }],
    ['faraway', OTHER, undefined],
    ['officer', OTHER, { role: 'security', scope: null }],
  ] as const) {
    const email = `${name}@ac-test.fr`;
    const account = await identity.createAccount({
      email,
      displayName: name,
      establishmentUai: uai,
      ...(role ? { roles: [role] } : {}),
    });
    await identity.setPassword(email, PASSWORD);
    people[name] = account.id;
  }
  return people;
}

/** Sign `name` in from the trusted network; returns a caller for the API. */
async function as(fixture: WebAuthFixture, name: string) {
  const login = await fixture.call('/auth/login', {
    body: { email: `${name}@ac-test.fr`, password: PASSWORD },
    from: TRUSTED,
  });
  const token = login.setToken ?? '';
  assert.ok(token, `${name} signs in (${login.status} ${JSON.stringify(login.body)})`);
  const csrf = csrfTokenFor(token);
  return (path: string, options: { method?: string; body?: unknown } = {}) =>
    fixture.call(path, { ...options, token, csrf, from: TRUSTED });
}

test('an establishment administrator manages the staff of their school, and nobody else', async (t) => {
  const fixture = await openWebAuthFixture(t, { VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN: 'when-enrolled' });
  await withSchools(fixture);
  const head = await as(fixture, 'head');
  const list = await head(`/admin/accounts?establishment=${HOME}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.accounts.map((a: { email: string }) => a.email).sort(), [
    'head@ac-test.fr',
    'helper@ac-test.fr',
    'teacher@ac-test.fr',
  ]);
  assert.equal((await head(`/admin/accounts?establishment=${OTHER}`)).status, 403);
  assert.equal((await head('/admin/accounts/teacher@ac-test.fr')).status, 200);
  assert.equal(
    (await head('/admin/accounts/faraway@ac-test.fr')).status,
    404,
    'another school: not even seen',
  );
  assert.equal((await head('/admin/accounts/helper@ac-test.fr')).status, 404, 'a global role: an admin’s');
  const suspended = await head('/admin/accounts/teacher@ac-test.fr/suspend', {
    body: { reason: 'arrêt maladie' },
  });
  assert.equal(suspended.status, 200);
  assert.equal(suspended.body.status, 'suspended');
  assert.equal(
    (await head('/admin/accounts/faraway@ac-test.fr/suspend', { body: { reason: 'x' } })).status,
    404,
  );
  assert.equal(
    (await head('/admin/accounts/teacher@ac-test.fr/roles/grant', { body: { role: 'admin' } })).status,
    403,
  );
  assert.equal((await head('/admin/audit')).status, 403);
  const network = await head('/admin/networks', { body: { cidr: '198.51.100.0/24', establishment: HOME } });
  assert.equal(network.status, 201);
  assert.equal(
    (await head('/admin/networks', { body: { cidr: '203.0.113.0/24' } })).status,
    403,
    'not the académie’s',
  );
  const [event] = (await fixture.services.audit.list({ types: ['account.suspended'] })) ?? [];
  assert.equal(event?.actor?.email, 'head@ac-test.fr');
  assert.equal(event?.subject?.email, 'teacher@ac-test.fr');
});

test('the helpdesk reads one account’s events; the security officer the whole log; a user nothing', async (t) => {
  const fixture = await openWebAuthFixture(t, {
    VERCORS_SECOND_FACTOR_HELPDESK: 'when-enrolled',
    VERCORS_SECOND_FACTOR_SECURITY: 'when-enrolled',
  });
  const people = await withSchools(fixture);
  const helper = await as(fixture, 'helper');
  const ofTeacher = await helper(`/admin/audit?account=teacher@ac-test.fr`);
  assert.equal(ofTeacher.status, 200);
  assert.equal((await helper('/admin/audit')).status, 403);
  assert.equal(
    (await helper(`/admin/audit?account=${people.officer}`)).status,
    403,
    'a global role’s events',
  );
  const ended = await helper('/admin/accounts/teacher@ac-test.fr/sessions/end', { method: 'POST' });
  assert.equal(ended.status, 200);

  const officer = await as(fixture, 'officer');
  const all = await officer('/admin/audit?type=login.succeeded&limit=50');
  assert.equal(all.status, 200);
  assert.ok(all.body.events.length >= 2);
  assert.ok(all.body.events.every((e: { type: string }) => e.type === 'login.succeeded'));
  assert.equal((await officer('/admin/audit?type=nonsense')).status, 400);
  assert.equal(
    (await officer('/admin/accounts/teacher@ac-test.fr/suspend', { body: { reason: 'compromission' } }))
      .status,
    200,
  );
  assert.equal(
    (await officer('/admin/accounts/helper@ac-test.fr/suspend', { body: { reason: 'x' } })).status,
    403,
  );

  const teacher = await as(fixture, 'faraway');
  assert.equal((await teacher('/admin/accounts')).status, 403);
  assert.equal((await teacher('/admin/audit')).status, 403);
  // Without the CSRF token a change is refused before anything else.
  const token = (
    await fixture.call('/auth/login', {
      body: { email: 'officer@ac-test.fr', password: PASSWORD },
      from: TRUSTED,
    })
  ).setToken;
  const forged = await fixture.call('/admin/accounts/faraway@ac-test.fr/suspend', {
    body: { reason: 'x' },
    token,
    from: TRUSTED,
  });
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error, 'csrf');
});
