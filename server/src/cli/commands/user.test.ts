import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

const PASSWORD = 'pivoines bleues du jardin';

async function withDomain(cli: CliFixture): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
}

test('user add with a password on standard input, then user show, on a fresh data folder', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  const added = await cli.run(
    [
      'user',
      'add',
      'Marie.Martin@ac-test.fr',
      '--given-name',
      'Marie',
      '--family-name',
      'Martin',
      '--category',
      'secondaryTeacher',
      '--password-stdin',
    ],
    { stdin: `${PASSWORD}\n` },
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Account created: marie\.martin@ac-test\.fr \(Marie Martin\)/);
  assert.doesNotMatch(added.stdout, /Without a password/);

  const shown = await cli.run(['user', 'show', 'marie.martin@ac-test.fr']);
  assert.equal(shown.code, 0);
  assert.match(shown.stdout, /^marie\.martin@ac-test\.fr$/m);
  assert.match(shown.stdout, /Category\s+secondary teacher/);
  assert.match(shown.stdout, /Quota\s+5 GiB \(category default\)/);
  assert.match(shown.stdout, /Password\s+set on /);
  assert.doesNotMatch(shown.stdout + shown.stderr, /pivoines|argon2/);
});

test('user add without a password says the account cannot log in yet, and takes a name from the address', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  const added = await cli.run(['user', 'add', 'jean.dupont@ac-test.fr']);
  assert.equal(added.code, 0);
  assert.match(added.stdout, /\(jean\.dupont\)/);
  assert.match(added.stdout, /vercors user set-password jean\.dupont@ac-test\.fr --password-stdin/);
});

test('--json gives the account, the page and the refusal as objects', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  await cli.run([
    'user',
    'add',
    'ce.0380027y@ac-test.fr',
    '--name',
    'Secrétariat',
    '--kind',
    'shared',
    '--quota',
    '3G',
    '--alias',
    'secretariat@ac-test.fr',
    '--role',
    'helpdesk',
  ]);

  const shown = await cli.json(['user', 'show', 'secretariat@ac-test.fr']);
  assert.equal(shown.code, 0);
  const account = shown.value as Record<string, unknown>;
  assert.equal(account.email, 'ce.0380027y@ac-test.fr');
  assert.equal(account.kind, 'shared');
  assert.deepEqual(account.quota, { bytes: 3 * 1024 ** 3, messages: 100_000 });
  assert.deepEqual(account.aliases, ['secretariat@ac-test.fr']);
  assert.deepEqual(account.roles, [{ role: 'helpdesk', scope: null }]);
  assert.equal(account.establishment, null);
  assert.equal(account.hasPassword, false);
  assert.equal('password_hash' in account || 'passwordHash' in account, false);
  assert.match(String(account.createdAt), /^\d{4}-\d\d-\d\dT/);

  const listed = await cli.json(['user', 'list', '--kind', 'shared', '--limit', '10']);
  assert.deepEqual(
    {
      total: (listed.value as { total: number }).total,
      position: (listed.value as { position: number }).position,
    },
    { total: 1, position: 0 },
  );

  const refused = await cli.json(['user', 'add', 'ce.0380027y@ac-test.fr']);
  assert.equal(refused.code, 1);
  assert.deepEqual(refused.value, {
    error: {
      code: 'exists',
      message: 'address ce.0380027y@ac-test.fr is already in use',
      details: { subject: 'account', name: 'ce.0380027y@ac-test.fr' },
    },
  });
});

test('user list filters and pages, telling how to get the next page', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  for (const name of ['alice', 'bruno', 'chloe', 'denis'])
    await cli.run(['user', 'add', `${name}@ac-test.fr`]);
  await cli.run(['user', 'suspend', 'bruno@ac-test.fr', '--reason', 'left']);
  const page = await cli.run(['user', 'list', '--limit', '2']);
  assert.match(page.stdout, /alice@.*\n.*bruno@/);
  assert.match(page.stdout, /Accounts 1 to 2 of 4\.\nNext: add --offset 2\./);
  const suspended = await cli.run(['user', 'list', '--status', 'suspended']);
  assert.match(suspended.stdout, /bruno@ac-test\.fr.*suspended/);
  assert.doesNotMatch(suspended.stdout, /alice/);
  assert.match((await cli.run(['user', 'list', '--search', 'zzz'])).stdout, /No account matches\./);
  const bad = await cli.run(['user', 'list', '--status', 'asleep']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /"asleep" is not a valid status/);
});

test('set-password, suspend, reactivate and delete, with their required options', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  await cli.run(['user', 'add', 'marie@ac-test.fr']);

  const noStdin = await cli.run(['user', 'set-password', 'marie@ac-test.fr'], { stdin: `${PASSWORD}\n` });
  assert.equal(noStdin.code, 64);
  assert.match(noStdin.stderr, /--password-stdin is required/);
  const weak = await cli.run(['user', 'set-password', 'marie@ac-test.fr', '--password-stdin'], {
    stdin: 'short\n',
  });
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /at least 12 characters/);
  const empty = await cli.run(['user', 'set-password', 'marie@ac-test.fr', '--password-stdin']);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /no password was read from standard input/);
  const set = await cli.run(['user', 'set-password', 'marie@ac-test.fr', '--password-stdin'], {
    stdin: `${PASSWORD}\r\n`,
  });
  assert.equal(set.code, 0);
  assert.match(set.stdout, /Password set for marie@ac-test\.fr\./);

  const noReason = await cli.run(['user', 'suspend', 'marie@ac-test.fr']);
  assert.equal(noReason.code, 64);
  assert.match(noReason.stderr, /--reason is required/);
  const suspended = await cli.json(['user', 'suspend', 'marie@ac-test.fr', '--reason', 'phishing victim']);
  assert.equal((suspended.value as { status: string }).status, 'suspended');
  assert.equal((suspended.value as { statusReason: string }).statusReason, 'phishing victim');
  assert.match(
    (await cli.run(['user', 'show', 'marie@ac-test.fr'])).stdout,
    /suspended since .* — reason: phishing victim/,
  );
  assert.equal((await cli.run(['user', 'suspend', 'marie@ac-test.fr', '--reason', 'again'])).code, 1);
  assert.equal((await cli.run(['user', 'reactivate', 'marie@ac-test.fr'])).code, 0);

  const unconfirmed = await cli.run(['user', 'delete', 'marie@ac-test.fr']);
  assert.equal(unconfirmed.code, 64);
  assert.match(unconfirmed.stderr, /Run again with --yes/);
  assert.equal((await cli.run(['user', 'show', 'marie@ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'delete', 'marie@ac-test.fr', '--yes'])).code, 0);
  assert.equal((await cli.run(['user', 'show', 'marie@ac-test.fr'])).code, 66);
});

test('usage errors exit 64 and a missing account 66', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withDomain(cli);
  assert.equal((await cli.run(['user', 'add'])).code, 64);
  assert.equal((await cli.run(['user', 'add', 'a@ac-test.fr', 'b@ac-test.fr'])).code, 64);
  assert.equal((await cli.run(['user', 'add', 'a@ac-test.fr', '--password', 'secret'])).code, 64);
  const badQuota = await cli.run(['user', 'add', 'a@ac-test.fr', '--quota', 'lots']);
  assert.equal(badQuota.code, 64);
  assert.match(badQuota.stderr, /--quota: must be a size/);
  assert.equal((await cli.run(['user', 'add', 'a@ac-test.fr', '--quota-messages', '-3'])).code, 64);
  assert.equal((await cli.run(['user', 'add', 'a@ac-test.fr', '--role', 'establishmentAdmin:'])).code, 64);
  assert.equal((await cli.run(['user', 'list', '--limit', '0'])).code, 64);
  assert.equal((await cli.run(['user', 'show', 'nobody@ac-test.fr'])).code, 66);
  assert.equal((await cli.run(['user', 'reactivate', 'nobody@ac-test.fr'])).code, 66);
});

test('messages follow VERCORS_LOCALE: French by default, English on request', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withDomain(cli);
  const french = await cli.run(['user', 'add', 'marie@ac-inconnu.fr']);
  assert.equal(french.code, 1);
  assert.match(french.stderr, /le domaine de cette adresse n’est pas géré par ce serveur/);
  const english = await cli.run(['user', 'add', 'marie@ac-inconnu.fr'], { env: { VERCORS_LOCALE: 'en' } });
  assert.match(english.stderr, /this address’s domain is not served here/);
  const created = await cli.run(['user', 'add', 'marie@ac-test.fr', '--category', 'management']);
  assert.match(created.stdout, /Compte créé : marie@ac-test\.fr/);
  assert.match((await cli.run(['user', 'show', 'marie@ac-test.fr'])).stdout, /Catégorie\s+encadrement/);
  // No language asked for at all: French.
  const defaulted = await cli.run(['user', 'show', 'nobody@ac-test.fr'], { env: { VERCORS_LOCALE: '' } });
  assert.match(defaulted.stderr, /est introuvable/);
});
