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

test('accounts are created, changed and deleted, and domains served, as each role allows; all audited', async (t) => {
  const fixture = await openWebAuthFixture(t, {
    VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN: 'when-enrolled',
    VERCORS_SECOND_FACTOR_ADMIN: 'when-enrolled',
  });
  await withSchools(fixture);
  await fixture.services.identity.createAccount({
    email: 'boss@ac-test.fr',
    displayName: 'Recteur',
    roles: [{ role: 'admin' }],
    password: PASSWORD,
  });
  const head = await as(fixture, 'head');
  const newcomer = { email: 'nouvelle@ac-test.fr', displayName: 'Nouvelle Collègue', establishmentUai: HOME };

  // An establishment administrator: their school only, never a password or a role, never a deletion.
  const created = await head('/admin/accounts', { body: newcomer });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.email, 'nouvelle@ac-test.fr');
  assert.equal(created.body.hasPassword, false);
  assert.deepEqual(created.body.roles, []);
  assert.equal(
    (await head('/admin/accounts', { body: { ...newcomer, email: 'x@ac-test.fr', establishmentUai: OTHER } }))
      .status,
    403,
  );
  const withPassword = await head('/admin/accounts', {
    body: { ...newcomer, email: 'y@ac-test.fr', password: 'x' },
  });
  assert.equal(withPassword.status, 400, 'unknown fields are refused, a password among them');
  assert.equal((await head('/admin/accounts', { body: newcomer })).status, 409, 'the address is taken');
  const renamed = await head('/admin/accounts/nouvelle@ac-test.fr', {
    method: 'PATCH',
    body: { displayName: 'Nouvelle Collègue (CPE)', timeZone: 'Europe/Paris' },
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.displayName, 'Nouvelle Collègue (CPE)');
  const moved = await head('/admin/accounts/nouvelle@ac-test.fr', {
    method: 'PATCH',
    body: { establishmentUai: OTHER },
  });
  assert.equal(moved.status, 403, 'not to a school they do not administer');
  assert.equal(
    (await head('/admin/accounts/nouvelle@ac-test.fr', { method: 'PATCH', body: {} })).status,
    400,
  );
  assert.equal((await head('/admin/accounts/nouvelle@ac-test.fr', { method: 'DELETE' })).status, 403);
  assert.equal((await head('/admin/domains')).status, 403);
  assert.equal((await head('/admin/domains', { body: { name: 'ac-autre.fr' } })).status, 403);

  // A user without a role reaches none of it.
  const teacher = await as(fixture, 'teacher');
  assert.equal(
    (await teacher('/admin/accounts', { body: { ...newcomer, email: 'z@ac-test.fr' } })).status,
    403,
  );
  assert.equal((await teacher('/admin/accounts/nouvelle@ac-test.fr', { method: 'DELETE' })).status, 403);

  // The académie administrator: domains and deletions.
  const boss = await as(fixture, 'boss');
  const domains = await boss('/admin/domains');
  assert.equal(domains.status, 200);
  assert.deepEqual(
    domains.body.domains.map((d: { name: string; accountCount: number }) => [d.name, d.accountCount]),
    [['ac-test.fr', 8]], // Paul, the five of withSchools, the administrator and the newcomer,
  );
  const added = await boss('/admin/domains', { body: { name: 'Ac-Exemple.fr' } });
  assert.equal(added.status, 201);
  assert.equal(added.body.name, 'ac-exemple.fr');
  assert.equal((await boss('/admin/domains', { body: { name: 'ac-exemple.fr' } })).status, 409);
  const busy = await boss('/admin/domains/ac-test.fr', { method: 'DELETE' });
  assert.equal(busy.status, 409);
  assert.equal(busy.body.error, 'inUse');
  assert.equal((await boss('/admin/domains/ac-exemple.fr', { method: 'DELETE' })).status, 204);
  assert.equal((await boss('/admin/accounts/nouvelle@ac-test.fr', { method: 'DELETE' })).status, 204);
  assert.equal((await boss('/admin/accounts/nouvelle@ac-test.fr')).status, 404);

  const events = await boss(
    '/admin/audit?type=account.created&type=account.updated&type=account.deleted&type=policy.changed&limit=100',
  );
  const summary = events.body.events
    .filter((e: { actor: { email: string } | null }) => e.actor !== null)
    .map(
      (e: {
        type: string;
        actor: { email: string };
        subject: { email: string } | null;
        details: Record<string, unknown>;
      }) => [e.type, e.actor.email, e.subject?.email ?? String(e.details.domain)].join(' '),
    );
  assert.deepEqual(summary, [
    'account.created head@ac-test.fr nouvelle@ac-test.fr',
    'account.updated head@ac-test.fr nouvelle@ac-test.fr',
    'policy.changed boss@ac-test.fr ac-exemple.fr',
    'policy.changed boss@ac-test.fr ac-exemple.fr',
    'account.deleted boss@ac-test.fr nouvelle@ac-test.fr',
  ]);
});
