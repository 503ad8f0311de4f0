// The NUMEN on file and the helpdesk's check of it: lenient format, hashed storage, the authorisation rules,
// the audit (never the NUMEN itself) and the throttle counted in the database.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { actorOf, MARIE, openHelpdeskFixture, ORIGIN } from './helpdesk.fixture.ts';
import { refusedWith } from './identity.fixture.ts';
import { NUMEN_CHECK_LIMITS } from './numen-checks.ts';
import { normalizeNumen } from './numen.ts';

const WRONG = '08E9501234ABD';

test('a NUMEN is 13 letters and digits, typed in any case, with spaces or dashes', () => {
  assert.equal(normalizeNumen('08E9501234ABC'), '08E9501234ABC');
  assert.equal(normalizeNumen(' 08 e 95 01234abc '), '08E9501234ABC');
  assert.equal(normalizeNumen('08-E-95-01234-ABC'), '08E9501234ABC');
  assert.equal(normalizeNumen('08\u00a0E\u00a095\u00a001234ABC'), '08E9501234ABC', 'non-breaking spaces');
  assert.equal(normalizeNumen('０８E9501234ABC'), '08E9501234ABC', 'full-width digits');
  for (const bad of [
    '',
    '08E9501234AB',
    '08E9501234ABCD',
    '08E9501234AB!',
    '08É9501234ABC',
    'x'.repeat(65),
  ]) {
    assert.equal(normalizeNumen(bad), undefined, bad);
  }
});

test('the NUMEN is stored hashed, its change audited, and the helpdesk checks it', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, database } = fixture;
  const stored = await database.db
    .selectFrom('accounts')
    .select('numen_hash')
    .where('id', '=', marie.id)
    .executeTakeFirstOrThrow();
  assert.match(stored.numen_hash ?? '', /^\$argon2id\$/);

  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, '08 e 95 01234 abc', ORIGIN), true);
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, WRONG, ORIGIN), false);
  assert.equal(await identity.checkNumen('system', marie.id, MARIE.numen, {}), true);
  await refusedWith(identity.checkNumen(actors.helpdesk, marie.id, '123', ORIGIN), 'invalid', 'invalidNumen');
  await refusedWith(identity.checkNumen(actors.helpdesk, 'aNobody', MARIE.numen, ORIGIN), 'notFound');

  const events = await listAuditEvents(database.db, { accountId: marie.id });
  assert.deepEqual(
    events.map((e) => [e.type, e.actor?.email ?? null, e.remoteAddress, e.details.field ?? e.details.result]),
    [
      ['account.created', null, null, undefined],
      ['account.updated', null, null, 'numen'],
      ['helpdesk.identityChecked', actors.helpdesk.email, ORIGIN.remoteAddress, 'match'],
      ['helpdesk.identityChecked', actors.helpdesk.email, ORIGIN.remoteAddress, 'mismatch'],
      ['helpdesk.identityChecked', null, null, 'match'],
    ],
  );
  const everything = JSON.stringify(await listAuditEvents(database.db, {}));
  assert.ok(!everything.includes(MARIE.numen) && !everything.includes(WRONG), 'no NUMEN in the audit log');

  // Removing it: the check then says there is none on file, and no guess is counted.
  await identity.setNumen(MARIE.email, null);
  await refusedWith(
    identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN),
    'invalid',
    'numenNotOnFile',
  );
  await refusedWith(identity.setNumen(MARIE.email, 'not a numen'), 'invalid', 'invalidNumen');
});

test('only the helpdesk and admins check a NUMEN, and the helpdesk never a holder of a global role', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie } = fixture;
  for (const role of ['user', 'establishmentAdmin', 'security'] as const) {
    const details = await refusedWith(
      identity.checkNumen(actors[role], marie.id, MARIE.numen, ORIGIN),
      'forbidden',
    );
    assert.equal(details.operation, 'helpdesk.recover', role);
  }
  // The helpdesk cannot recover an admin, a security officer or a colleague; an admin can.
  await identity.setNumen(actors.admin.email, MARIE.numen);
  await identity.setNumen(actors.security.email, MARIE.numen);
  await identity.setNumen(fixture.colleague.email, MARIE.numen);
  for (const target of [actors.admin, actors.security, fixture.colleague]) {
    await refusedWith(
      identity.checkNumen(actors.helpdesk, target.accountId, MARIE.numen, ORIGIN),
      'forbidden',
    );
  }
  assert.equal(
    await identity.checkNumen(actors.admin, fixture.colleague.accountId, MARIE.numen, ORIGIN),
    true,
  );
  // Nobody checks their own identity, not even an admin.
  await refusedWith(
    identity.checkNumen(actors.admin, actors.admin.accountId, MARIE.numen, ORIGIN),
    'forbidden',
  );
  // A refusal writes nothing.
  const checks = await fixture.database.db.selectFrom('numen_checks').select('id').execute();
  assert.equal(checks.length, 1);
});

test('past 5 wrong answers in an hour the NUMEN is locked, even against guesses sent at once', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, clock } = fixture;
  const outcomes = await Promise.allSettled(
    Array.from({ length: NUMEN_CHECK_LIMITS.maxWrongPerAccount + 3 }, () =>
      identity.checkNumen(actors.helpdesk, marie.id, WRONG, ORIGIN),
    ),
  );
  assert.deepEqual(
    outcomes
      .map((o) => (o.status === 'fulfilled' ? String(o.value) : (o.reason as { code: string }).code))
      .sort(),
    ['false', 'false', 'false', 'false', 'false', 'limit', 'limit', 'limit'],
  );
  // Locked for everybody, even with the right NUMEN, even for another helpdesk member.
  await refusedWith(
    identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN),
    'limit',
    'numenCheckLocked',
  );
  await refusedWith(identity.checkNumen(fixture.colleague, marie.id, MARIE.numen, ORIGIN), 'limit');
  const locked = await listAuditEvents(fixture.database.db, {
    accountId: marie.id,
    types: ['helpdesk.identityChecked'],
  });
  assert.equal(locked.filter((e) => e.details.result === 'locked').length, 5);
  // The window slides: an hour after the first wrong answers, the right NUMEN is accepted again.
  clock.advance(NUMEN_CHECK_LIMITS.windowMs + 1);
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN), true);
});

test('one helpdesk member sweeping many people is stopped too', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors } = fixture;
  const people = [];
  for (let index = 0; index < 6; index++) {
    const person = await identity.createAccount({ email: `p${index}@ac-test.fr`, displayName: `P ${index}` });
    await identity.setNumen(person.email, MARIE.numen);
    people.push(actorOf(person));
  }
  const perPerson = NUMEN_CHECK_LIMITS.maxWrongPerActor / 5;
  for (const person of people.slice(0, 5)) {
    for (let index = 0; index < perPerson; index++) {
      assert.equal(await identity.checkNumen(actors.helpdesk, person.accountId, WRONG, ORIGIN), false);
    }
  }
  const sixth = people[5]?.accountId ?? '';
  await refusedWith(identity.checkNumen(actors.helpdesk, sixth, MARIE.numen, ORIGIN), 'limit');
  // Another member of the helpdesk is not held back by the first one's sweep.
  assert.equal(await identity.checkNumen(fixture.colleague, sixth, MARIE.numen, ORIGIN), true);
});
