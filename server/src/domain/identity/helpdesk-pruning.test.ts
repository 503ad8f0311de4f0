import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MARIE, openHelpdeskFixture, ORIGIN } from './helpdesk.fixture.ts';
import { HELPDESK_RECORD_RETENTION_MS } from './helpdesk-pruning.ts';

const CARD = { numenChecked: false, professionalCardSeen: true };

test('NUMEN checks and activation codes are forgotten a day after they stop counting, fresh ones stay', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, actors, marie, database, clock } = fixture;
  const count = async () => ({
    checks: (await database.db.selectFrom('numen_checks').select('id').execute()).length,
    codes: (await database.db.selectFrom('activation_codes').select('id').execute()).length,
  });
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN), true);
  const used = await identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN);
  const activated = await identity.activateWithCode(
    MARIE.email,
    used.code,
    'Pivoines-bleues-sous-la-pluie-7',
    ORIGIN,
  );
  assert.equal(activated.outcome, 'activated');
  await identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN);
  assert.deepEqual(await count(), { checks: 1, codes: 2 });

  // Within the day after: nothing goes, the records may still count.
  clock.advance(HELPDESK_RECORD_RETENTION_MS - 60_000);
  assert.deepEqual(await identity.pruneHelpdeskRecords(clock.nowMs()), {
    numenChecks: 0,
    activationCodes: 0,
    hasMore: false,
  });
  // A check and a code made now are kept by the next run (the new code replaces yesterday's unused one); the
  // old check and the used code go.
  assert.equal(await identity.checkNumen(actors.helpdesk, marie.id, MARIE.numen, ORIGIN), true);
  const fresh = await identity.issueActivationCode(actors.helpdesk, marie.id, CARD, ORIGIN);
  clock.advance(2 * 60_000);
  assert.deepEqual(await identity.pruneHelpdeskRecords(clock.nowMs()), {
    numenChecks: 1,
    activationCodes: 1,
    hasMore: false,
  });
  assert.deepEqual(await count(), { checks: 1, codes: 1 });
  const kept = await database.db
    .selectFrom('activation_codes')
    .select('expires_at')
    .executeTakeFirstOrThrow();
  assert.equal(Number(kept.expires_at), Number(fresh.expiresAt.getTime()));
});
