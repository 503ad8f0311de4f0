import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

type Listed = {
  id: string;
  name: string;
  scope: string;
  lastUsed: { address: string; protocol: string } | null;
};

async function withMarie(cli: CliFixture): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', 'marie@ac-test.fr', '--alias', 'm@ac-test.fr'])).code, 0);
}

/** A mail client logging in with `secret`, as IMAP does. */
function clientLogin(cli: CliFixture, secret: string, remoteAddress = '203.0.113.9') {
  return cli.withServices(({ identity }) =>
    identity.verifyProtocolLogin('marie@ac-test.fr', secret, { protocol: 'imap', remoteAddress }),
  );
}

test('user app-password add prints the secret once; the list shows each device and its last use', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  assert.match(
    (await cli.run(['user', 'app-passwords', 'marie@ac-test.fr'])).stdout,
    /No app password for marie@ac-test\.fr\. Create one: vercors user app-password add marie@ac-test\.fr --name/,
  );

  const phone = await cli.run(['user', 'app-password', 'add', 'm@ac-test.fr', '--name', 'Phone']);
  assert.equal(phone.code, 0, phone.stderr);
  assert.match(phone.stdout, /App password created for marie@ac-test\.fr: "Phone" \(scope: mail\)/);
  const secret = /^ {4}([a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4})$/m.exec(phone.stdout)?.[1];
  assert.ok(secret, phone.stdout);
  assert.match(phone.stdout, /it will not be shown again/);
  const laptop = await cli.json([
    'user',
    'app-password',
    'add',
    'marie@ac-test.fr',
    '--name',
    'Laptop',
    '--scope',
    'all',
  ]);
  assert.equal(laptop.code, 0, laptop.stderr);
  const created = laptop.value as { account: string; secret: string; appPassword: Listed };
  assert.equal(created.account, 'marie@ac-test.fr');
  assert.equal(created.appPassword.scope, 'all');
  assert.match(created.secret, /^[a-z]{4}(-[a-z]{4}){3}$/);

  assert.equal((await clientLogin(cli, secret)).ok, true);
  const table = await cli.run(['user', 'app-passwords', 'marie@ac-test.fr']);
  assert.match(table.stdout, /^ID\s+DEVICE\s+SCOPE\s+CREATED ON\s+LAST USE$/m);
  assert.match(table.stdout, /^p\S+\s+Phone\s+mail\s+.+ from 203\.0\.113\.9 \(imap\)$/m);
  assert.match(table.stdout, /^p\S+\s+Laptop\s+all\s+.+\s+never$/m);
  assert.match(table.stdout, /^2 of 20 allowed\.$/m);

  const listed = await cli.json(['user', 'app-passwords', 'marie@ac-test.fr']);
  assert.deepEqual((listed.value as Listed[]).map((p) => [p.name, p.lastUsed?.address ?? null]).sort(), [
    ['Laptop', null],
    ['Phone', '203.0.113.9'],
  ]);
  // The secret, or its hash, never again.
  assert.doesNotMatch(JSON.stringify(listed.value), new RegExp(`${secret}|secret`, 'i'));
});

test('user app-password revoke ends one, or all, at once; each change is audited', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  const made = await cli.json(['user', 'app-password', 'add', 'marie@ac-test.fr', '--name', 'Phone']);
  const { secret, appPassword } = made.value as { secret: string; appPassword: Listed };
  await cli.run(['user', 'app-password', 'add', 'marie@ac-test.fr', '--name', 'Tablet', '--scope', 'dav']);

  const neither = await cli.run(['user', 'app-password', 'revoke', 'marie@ac-test.fr']);
  assert.equal(neither.code, 64);
  assert.match(neither.stderr, /Give the id of the app password to revoke .* or --all/);
  const both = await cli.run(['user', 'app-password', 'revoke', 'marie@ac-test.fr', appPassword.id, '--all']);
  assert.equal(both.code, 64);
  assert.match(both.stderr, /Give either an id or --all, not both/);
  const unknown = await cli.run(['user', 'app-password', 'revoke', 'marie@ac-test.fr', 'pNoSuchThing']);
  assert.equal(unknown.code, 66);
  assert.match(unknown.stderr, /The app password "pNoSuchThing" was not found/);

  const one = await cli.run(['user', 'app-password', 'revoke', 'marie@ac-test.fr', appPassword.id]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(
    one.stdout,
    new RegExp(`App password revoked for marie@ac-test\\.fr: "Phone" \\(${appPassword.id}\\)`),
  );
  assert.match(one.stdout, /Effective at once for IMAP, SMTP and DAV/);
  assert.equal((await clientLogin(cli, secret)).ok, false);

  const all = await cli.json(['user', 'app-password', 'revoke', 'marie@ac-test.fr', '--all']);
  assert.deepEqual(all.value, { account: 'marie@ac-test.fr', count: 1 });
  assert.match(
    (await cli.run(['user', 'app-password', 'revoke', 'marie@ac-test.fr', '--all'])).stdout,
    /No app password to revoke for marie@ac-test\.fr\./,
  );

  const events = await cli.json([
    'audit',
    'list',
    '--account',
    'marie@ac-test.fr',
    '--type',
    'appPassword.created,appPassword.revoked',
  ]);
  assert.deepEqual(
    (events.value as { type: string; details: Record<string, unknown> }[]).map((e) => [
      e.type,
      e.details.name ?? e.details.reason,
    ]),
    [
      ['appPassword.created', 'Phone'],
      ['appPassword.created', 'Tablet'],
      ['appPassword.revoked', 'Phone'],
      ['appPassword.revoked', 'administratorRequest'],
    ],
  );
});

test('a missing name or scope is a usage error; the domain’s bounds are explained', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  const noName = await cli.run(['user', 'app-password', 'add', 'marie@ac-test.fr']);
  assert.equal(noName.code, 64);
  assert.match(noName.stderr, /--name is required: the device’s name/);
  const badScope = await cli.run([
    'user',
    'app-password',
    'add',
    'marie@ac-test.fr',
    '--name',
    'X',
    '--scope',
    'imap',
  ]);
  assert.equal(badScope.code, 64);
  assert.match(badScope.stderr, /--scope takes mail\|dav\|all/);
  const longName = await cli.run([
    'user',
    'app-password',
    'add',
    'marie@ac-test.fr',
    '--name',
    'x'.repeat(65),
  ]);
  assert.equal(longName.code, 1);
  assert.match(longName.stderr, /Value refused: the name must have 1 to 64 characters/);
  assert.equal((await cli.run(['user', 'app-passwords', 'nobody@ac-test.fr'])).code, 66);
  assert.equal((await cli.run(['user', 'app-password', 'add', 'nobody@ac-test.fr', '--name', 'X'])).code, 66);

  await cli.withServices(async ({ identity }) => {
    const marie = await identity.findAccount('marie@ac-test.fr');
    assert.ok(marie);
    for (let n = 0; n < 20; n++)
      await identity.createAppPassword(marie.id, { name: `Device ${n}`, scope: 'mail' }, {});
  });
  const tooMany = await cli.run(['user', 'app-password', 'add', 'marie@ac-test.fr', '--name', 'One more']);
  assert.equal(tooMany.code, 1);
  assert.match(tooMany.stderr, /at most 20 app passwords per account; revoke those no longer used first/);
});

test('user app-password speaks French by default', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withMarie(cli);
  const made = await cli.run(['user', 'app-password', 'add', 'marie@ac-test.fr', '--name', 'Téléphone']);
  assert.match(
    made.stdout,
    /Mot de passe d’application créé pour marie@ac-test\.fr : « Téléphone » \(portée : mail\)/,
  );
  assert.match(made.stdout, /il ne sera plus affiché/);
  assert.match(
    (await cli.run(['user', 'app-passwords', 'marie@ac-test.fr'])).stdout,
    /^IDENTIFIANT\s+APPAREIL\s+PORTÉE\s+CRÉÉ LE\s+DERNIÈRE UTILISATION\n.*Téléphone\s+mail\s+.+\s+jamais$/m,
  );
  const longName = await cli.run([
    'user',
    'app-password',
    'add',
    'marie@ac-test.fr',
    '--name',
    'y'.repeat(65),
  ]);
  assert.match(longName.stderr, /Valeur refusée : le nom doit compter de 1 à 64 caractères/);
});
