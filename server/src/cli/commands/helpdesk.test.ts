import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

const MARIE = 'marie@ac-test.fr';
const NUMEN = '08E9501234ABC';
const CODE = /\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b/;

async function withMarie(cli: CliFixture): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', MARIE, '--name', 'Marie Martin'])).code, 0);
}

type AuditLine = {
  type: string;
  actor: unknown;
  subject: { email: string };
  details: Record<string, unknown>;
};

test('set-numen, check-numen and issue-code: the code is printed once and lets the person in', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  const stored = await cli.run(['user', 'set-numen', MARIE], { stdin: '08 e 95 01234 abc\n' });
  assert.equal(stored.code, 0, stored.stderr);
  assert.match(stored.stdout, /^NUMEN stored for marie@ac-test\.fr \(only its hash is kept\)\.$/m);

  const wrong = await cli.json(['helpdesk', 'check-numen', MARIE], { stdin: '08E9501234ABD\n' });
  assert.deepEqual([wrong.code, wrong.value], [1, { email: MARIE, result: 'mismatch' }]);
  const right = await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: `${NUMEN}\n` });
  assert.equal(right.code, 0, right.stderr);
  assert.match(right.stdout, /The NUMEN matches the one of marie@ac-test\.fr\./);

  const issued = await cli.run(['helpdesk', 'issue-code', MARIE, '--numen-checked']);
  assert.equal(issued.code, 0, issued.stderr);
  assert.match(
    issued.stdout,
    /^Activation code for marie@ac-test\.fr, valid once until \d{4}-\d\d-\d\d \d\d:\d\d \(Paris time\):$/m,
  );
  assert.match(issued.stdout, /^ {4}[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/m);
  assert.match(issued.stdout, /Read it to the person now: it will not be shown again\..*\/activate/);
  const first = CODE.exec(issued.stdout)?.[1] ?? '';

  // With --json, and the card seen: a new code, replacing the first.
  const second = await cli.json(['helpdesk', 'issue-code', MARIE, '--card-seen']);
  const value = second.value as { email: string; code: string; expiresAt: string };
  assert.equal(second.code, 0, second.stderr);
  assert.equal(value.email, MARIE);
  assert.match(value.code, CODE);
  assert.ok(Math.abs(Date.parse(value.expiresAt) - Date.now() - 30 * 60_000) < 60_000, 'half an hour');
  const outcomes = await cli.withServices(async ({ identity }) => [
    (await identity.activateWithCode(MARIE, first, 'Pivoines-bleues-sous-la-pluie-7', {})).outcome,
    (await identity.activateWithCode(MARIE, value.code, 'Pivoines-bleues-sous-la-pluie-7', {})).outcome,
  ]);
  assert.deepEqual(outcomes, ['refused', 'activated']);

  const events = await cli.json([
    'audit',
    'list',
    '--account',
    MARIE,
    '--type',
    'account.updated,helpdesk.identityChecked,helpdesk.activationIssued',
  ]);
  assert.deepEqual(
    (events.value as AuditLine[]).map((e) => [
      e.type,
      e.actor,
      e.details.result ?? e.details.checks ?? e.details.field,
    ]),
    [
      ['account.updated', null, 'numen'],
      ['helpdesk.identityChecked', null, 'mismatch'],
      ['helpdesk.identityChecked', null, 'match'],
      ['helpdesk.activationIssued', null, 'numen'],
      ['helpdesk.activationIssued', null, 'professionalCard'],
    ],
  );
  assert.doesNotMatch(JSON.stringify(events.value), new RegExp(`${NUMEN}|${value.code}`));
});

test('issue-code needs a check made; a NUMEN must be on file and well formed', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  const none = await cli.run(['helpdesk', 'issue-code', MARIE]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /say which identity check was made: --numen-checked or --card-seen/);
  const unchecked = await cli.run(['helpdesk', 'issue-code', MARIE, '--numen-checked']);
  assert.equal(unchecked.code, 1);
  assert.match(unchecked.stderr, /the NUMEN was not checked successfully in the last half hour/);
  const notOnFile = await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: `${NUMEN}\n` });
  assert.equal(notOnFile.code, 1);
  assert.match(notOnFile.stderr, /no NUMEN is on file for this account \(vercors user set-numen\)/);
  const malformed = await cli.run(['user', 'set-numen', MARIE], { stdin: '12345\n' });
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /a NUMEN is 13 letters and digits/);
  assert.equal((await cli.run(['user', 'set-numen', 'nobody@ac-test.fr'], { stdin: `${NUMEN}\n` })).code, 66);
  assert.equal((await cli.run(['helpdesk', 'issue-code', 'nobody@ac-test.fr', '--card-seen'])).code, 66);

  assert.equal((await cli.run(['user', 'set-numen', MARIE], { stdin: `${NUMEN}\n` })).code, 0);
  const cleared = await cli.json(['user', 'set-numen', MARIE, '--clear']);
  assert.deepEqual(cleared.value, { email: MARIE, hasNumen: false });
  assert.equal((await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: `${NUMEN}\n` })).code, 1);
});

test('after 5 wrong NUMENs in an hour the check is locked, even from the command line', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  assert.equal((await cli.run(['user', 'set-numen', MARIE], { stdin: `${NUMEN}\n` })).code, 0);
  for (let index = 0; index < 5; index++) {
    assert.equal((await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: '08E9501234ABD\n' })).code, 1);
  }
  const locked = await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: `${NUMEN}\n` });
  assert.equal(locked.code, 1);
  assert.match(locked.stderr, /5 wrong NUMENs within an hour for this account: checking is locked/);
});

test('the helpdesk commands speak French by default', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withMarie(cli);
  const stored = await cli.run(['user', 'set-numen', MARIE], { stdin: `${NUMEN}\n` });
  assert.match(stored.stdout, /NUMEN enregistré pour marie@ac-test\.fr/);
  const checked = await cli.run(['helpdesk', 'check-numen', MARIE], { stdin: `${NUMEN}\n` });
  assert.match(checked.stdout, /Le NUMEN correspond à celui de marie@ac-test\.fr\./);
  const issued = await cli.run(['helpdesk', 'issue-code', MARIE, '--card-seen']);
  assert.match(
    issued.stdout,
    /Code d’activation pour marie@ac-test\.fr, valable une fois jusqu’au .+ \(heure de Paris\) :/,
  );
  assert.match(issued.stdout, /Lisez-le à la personne maintenant/);
});
