// Issuing activation codes: the format, the identity checks the helpdesk must have made (and recorded), the
// authorisation rules, replacing an unused code, and the audit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { hashActivationCode, newActivationCode, normalizeActivationCode } from './activation-code.ts';
import { MARIE, NEW_PASSWORD, openHelpdeskFixture, ORIGIN } from './helpdesk.fixture.ts';
import { refusedWith } from './identity.fixture.ts';
import { NUMEN_CHECK_LIMITS } from './numen-checks.ts';

const CARD = { numenChecked: false, professionalCardSeen: true };
const NUMEN = { numenChecked: true, professionalCardSeen: false };

test('a code is 12 unambiguous characters in three groups, typed in any case, look-alikes forgiven', () => {
  const codes = new Set(Array.from({ length: 200 }, newActivationCode));
  assert.equal(codes.size, 200);
  for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  assert.equal(normalizeActivationCode(' 7k2m-9xq4-abcd '), '7K2M9XQ4ABCD');
  assert.equal(normalizeActivationCode('7K2M 9XQ4 OBIL'), '7K2M9XQ40B11', 'O → 0, I and L → 1');
  assert.equal(normalizeActivationCode('7K2M–9XQ4–ABCD'), '7K2M9XQ4ABCD', 'a phone’s dashes');
  for (const bad of ['', '7K2M-9XQ4-ABC', '7K2M-9XQ4-ABCDE', '7K2M-9XQ4-ABCU', 'x'.repeat(65)]) {
    assert.equal(normalizeActivationCode(bad), undefined, bad);
  }
  assert.notEqual(hashActivationCode('a1', '7K2M9XQ4ABCD'), hashActivationCode('a2', '7K2M9XQ4ABCD'));
});

test('a code needs a check: the card seen, or the NUMEN found right by the same person within 30 minutes', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, clock, colleague } = fixture;
  const issue = (checks: typeof CARD, actor = actors.helpdesk) =>
    identity.issueActivationCode(actor, marie.id, checks, ORIGIN);
  await refusedWith(
    issue({ numenChecked: false, professionalCardSeen: false }),
    'invalid',
    'identityNotChecked',
  );
  await refusedWith(issue(NUMEN), 'invalid', 'numenNotChecked');

  // A wrong NUMEN does not count; the right one does, for the one who checked it, for 30 minutes.
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, '08E9501234ABD', ORIGIN), false);
  await refusedWith(issue(NUMEN), 'invalid', 'numenNotChecked');
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN), true);
  await refusedWith(issue(NUMEN, colleague), 'invalid', 'numenNotChecked');
  clock.advance(NUMEN_CHECK_LIMITS.matchValidityMs - 1000);
  const issued = await issue({ numenChecked: true, professionalCardSeen: true });
  assert.match(issued.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(issued.email, MARIE.email);
  assert.equal(issued.expiresAt.getTime() - clock.nowMs(), 30 * 60_000, 'the default validity');
  clock.advance(2000);
  await refusedWith(issue(NUMEN), 'invalid', 'numenNotChecked');

  // Only its hash is kept, with who issued it and the checks made.
  const rows = await fixture.database.db.selectFrom('activation_codes').selectAll().execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.issued_by_email, actors.helpdesk.email);
  assert.deepEqual(JSON.parse(rows[0]?.checks ?? ''), { numen: true, professionalCard: true });
  assert.ok(!JSON.stringify(rows).includes(issued.code.replaceAll('-', '')));

  const events = await listAuditEvents(fixture.database.db, {
    accountId: marie.id,
    types: ['helpdesk.activationIssued'],
  });
  assert.deepEqual(
    events.map((e) => [e.actor?.email, e.remoteAddress, e.details.checks, e.details.expiresAt]),
    [[actors.helpdesk.email, ORIGIN.remoteAddress, 'numen,professionalCard', issued.expiresAt.toISOString()]],
  );
  assert.ok(!JSON.stringify(events).includes(issued.code), 'the code is not audited');
});

test('only the helpdesk and admins issue codes; never to a holder of a global role, nor to oneself', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, colleague } = fixture;
  for (const role of ['user', 'establishmentAdmin', 'security'] as const) {
    await refusedWith(identity.issueActivationCode(actors[role], marie.id, CARD, ORIGIN), 'forbidden');
  }
  for (const target of [actors.admin, actors.security, colleague]) {
    await refusedWith(
      identity.issueActivationCode(actors.helpdesk, target.accountId, CARD, ORIGIN),
      'forbidden',
    );
  }
  const own = await refusedWith(
    identity.issueActivationCode(actors.admin, actors.admin.accountId, CARD, ORIGIN),
    'forbidden',
  );
  assert.equal(own.reason, 'ownAccount');
  assert.ok(await identity.issueActivationCode(actors.admin, colleague.accountId, CARD, ORIGIN));
  assert.ok(
    await identity.issueActivationCode('system', actors.admin.accountId, CARD, {}),
    'the command line',
  );
  assert.equal(
    (await fixture.database.db.selectFrom('activation_codes').select('id').execute()).length,
    2,
    'refusals issue nothing',
  );
});

test('a new code replaces the unused one; a disabled account gets none', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, database } = fixture;
  const first = await identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN);
  const second = await identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN);
  const refused = await identity.activateWithCode(MARIE.email, first.code, NEW_PASSWORD, ORIGIN);
  assert.deepEqual(refused, { outcome: 'refused', reason: 'invalidCode' });
  const used = await identity.activateWithCode(MARIE.email, second.code, NEW_PASSWORD, ORIGIN);
  assert.equal(used.outcome, 'activated');
  const [issued] = await listAuditEvents(database.db, {
    types: ['helpdesk.activationIssued'],
    newestFirst: true,
  });
  assert.equal(issued?.details.replaced, 1);

  await database.write((tx) =>
    tx.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', marie.id).execute(),
  );
  await refusedWith(
    identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN),
    'invalid',
    'accountDisabled',
  );
});

test('the lookup shows the helpdesk what it needs, and whether it may recover the account', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, colleague } = fixture;
  const marie = await identity.lookUpForHelpdesk(actors.helpdesk, ` ${MARIE.email.toUpperCase()} `);
  assert.equal(marie.account.email, MARIE.email);
  assert.deepEqual(
    [marie.hasNumen, marie.hasSecondFactor, marie.pendingActivation, marie.canRecover],
    [true, false, null, true],
  );
  const issued = await identity.issueActivationCode(actors.helpdesk, marie.account.id, CARD, ORIGIN);
  const waiting = await identity.lookUpForHelpdesk(actors.helpdesk, MARIE.email);
  assert.deepEqual(waiting.pendingActivation, {
    issuedAt: fixture.clock.now(),
    expiresAt: issued.expiresAt,
    issuedBy: actors.helpdesk.email,
  });
  const other = await identity.lookUpForHelpdesk(actors.helpdesk, colleague.email);
  assert.equal(other.canRecover, false, 'a colleague holds a global role');
  assert.equal(other.hasNumen, false);
  await refusedWith(identity.lookUpForHelpdesk(actors.user, MARIE.email), 'forbidden');
  await refusedWith(identity.lookUpForHelpdesk(actors.helpdesk, 'nobody@ac-test.fr'), 'notFound');
});
