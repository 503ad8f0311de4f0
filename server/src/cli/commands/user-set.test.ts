import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { openServices, readConfig } from '../../main.ts';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

async function withMarie(cli: CliFixture, ...options: string[]): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  const added = await cli.run([
    'user',
    'add',
    'marie.martin@ac-test.fr',
    '--name',
    'Marie Martin',
    '--category',
    'secondaryTeacher',
    '--alias',
    'm.martin@ac-test.fr',
    ...options,
  ]);
  assert.equal(added.code, 0, added.stderr);
}

/** There is no `vercors` command for establishments yet (they come from the HR import): add one directly. */
async function withSchool(cli: CliFixture): Promise<void> {
  const services = await openServices(readConfig(cli.env), silentLogger());
  try {
    await services.directory.upsertEstablishment({
      uai: '0380027Y',
      name: 'Lycée Champollion',
      type: 'lycee',
      commune: 'Grenoble',
      department: '38',
    });
  } finally {
    await services.close();
  }
}

test('user set raises the quota, then puts it back to the category default', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);

  const raised = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota', '10G']);
  assert.equal(raised.code, 0, raised.stderr);
  assert.match(raised.stdout, /^Account updated: marie\.martin@ac-test\.fr$/m);
  assert.match(raised.stdout, /^ {2}Storage quota: 5 GiB \(category default\) → 10 GiB$/m);
  assert.doesNotMatch(raised.stdout, /Message quota|Display name/, 'only what changed is listed');
  // Then the account, as `user show` prints it.
  assert.match(raised.stdout, /^marie\.martin@ac-test\.fr$/m);
  assert.match(raised.stdout, /Quota\s+10 GiB, 200,000 messages \(category default\)/);

  const back = await cli.run(['user', 'set', 'm.martin@ac-test.fr', '--quota', 'default']);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /Storage quota: 10 GiB → 5 GiB \(category default\)/);
  assert.match(
    (await cli.run(['user', 'show', 'marie.martin@ac-test.fr'])).stdout,
    /Quota\s+5 GiB \(category default\)/,
  );

  const messages = await cli.json(['user', 'set', 'marie.martin@ac-test.fr', '--quota-messages', '20000']);
  assert.deepEqual((messages.value as { quotaOverride: unknown }).quotaOverride, {
    bytes: null,
    messages: 20_000,
  });
  const messagesBack = await cli.json([
    'user',
    'set',
    'marie.martin@ac-test.fr',
    '--quota-messages',
    'default',
  ]);
  assert.deepEqual((messagesBack.value as { quotaOverride: unknown }).quotaOverride, {
    bytes: null,
    messages: null,
  });

  const same = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--name', 'Marie Martin']);
  assert.equal(same.code, 0);
  assert.match(same.stdout, /Nothing changed: marie\.martin@ac-test\.fr already had these values\./);
});

test('user set moves an account to an establishment and detaches it with --no-establishment', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  await withSchool(cli);

  const attached = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--establishment', '0380027y']);
  assert.equal(attached.code, 0, attached.stderr);
  assert.match(attached.stdout, /Establishment: — → 0380027Y/);
  assert.match(attached.stdout, /Establishment\s+0380027Y — Lycée Champollion \(Grenoble\)/);

  const detached = await cli.json(['user', 'set', 'marie.martin@ac-test.fr', '--no-establishment']);
  assert.equal(detached.code, 0);
  const account = detached.value as Record<string, unknown>;
  assert.equal(account.establishmentUai, null);
  assert.equal(account.establishment, null);

  const both = await cli.run([
    'user',
    'set',
    'marie.martin@ac-test.fr',
    '--establishment',
    '0380027Y',
    '--no-establishment',
  ]);
  assert.equal(both.code, 64);
  assert.match(both.stderr, /exclude each other/);
  const empty = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--establishment', '']);
  assert.equal(empty.code, 64, 'an empty UAI (an unset shell variable) must not detach the account');
  assert.match(empty.stderr, /use --no-establishment/);
  const unknown = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--establishment', '0730001E']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown establishment \(UAI code 0730001E\)/);
});

test('user set --json prints the updated account in the shape of user show --json', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);
  await withSchool(cli);

  const set = await cli.json([
    'user',
    'set',
    'marie.martin@ac-test.fr',
    '--given-name',
    'Marie',
    '--family-name',
    'Martin',
    '--category',
    'management',
    '--establishment',
    '0380027Y',
    '--locale',
    'en',
    '--time-zone',
    'america/cayenne',
    '--quota',
    '512M',
  ]);
  assert.equal(set.code, 0, set.stderr);
  const shown = await cli.json(['user', 'show', 'marie.martin@ac-test.fr']);
  const updated = set.value as Record<string, unknown>;
  assert.deepEqual(Object.keys(updated).sort(), Object.keys(shown.value as object).sort());
  assert.deepEqual(
    { ...updated, updatedAt: null, modseq: null },
    {
      ...(shown.value as object),
      updatedAt: null,
      modseq: null,
    },
  );
  assert.equal(updated.givenName, 'Marie');
  assert.equal(updated.profileCategory, 'management');
  assert.equal(updated.locale, 'en');
  assert.equal(updated.timeZone, 'America/Cayenne');
  assert.deepEqual(updated.quotaOverride, { bytes: 512 * 1024 ** 2, messages: null });
  assert.deepEqual(updated.aliases, ['m.martin@ac-test.fr']);
  assert.equal((updated.establishment as { uai: string }).uai, '0380027Y');
});

test('user set refuses: no change (64), a bad quota (64), a bad value (1), an unknown account (66)', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withMarie(cli);

  const nothing = await cli.run(['user', 'set', 'marie.martin@ac-test.fr']);
  assert.equal(nothing.code, 64);
  assert.match(nothing.stderr, /Give at least one change among: --name, .*--quota, --quota-messages/);
  assert.equal((await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--json'])).code, 64);
  assert.equal((await cli.run(['user', 'set', '--quota', '1G'])).code, 64);

  const badQuota = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota', 'lots']);
  assert.equal(badQuota.code, 64);
  assert.match(badQuota.stderr, /--quota must be a size such as 512k, 25M or 2G, or "default"/);
  assert.match(badQuota.stderr, /Usage: vercors user set <address>/);
  assert.equal((await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota', '0'])).code, 64);
  const badCount = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota-messages', 'many']);
  assert.equal(badCount.code, 64);
  assert.match(badCount.stderr, /--quota-messages takes a positive whole number/);

  const badLocale = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--locale', 'de']);
  assert.equal(badLocale.code, 1);
  assert.match(badLocale.stderr, /the language must be fr or en/);
  const badZone = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--time-zone', 'Mars/Olympus']);
  assert.equal(badZone.code, 1);
  assert.match(badZone.stderr, /unknown time zone/);
  const badCategory = await cli.json(['user', 'set', 'marie.martin@ac-test.fr', '--category', 'pilot']);
  assert.equal(badCategory.code, 1);
  assert.equal((badCategory.value as { error: { code: string } }).error.code, 'invalid');
  assert.equal((await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--name', ' '])).code, 1);

  const unknown = await cli.run(['user', 'set', 'nobody@ac-test.fr', '--quota', '1G']);
  assert.equal(unknown.code, 66);
  assert.match(unknown.stderr, /The account "nobody@ac-test\.fr" was not found/);
  assert.equal((await cli.run(['user', 'set', 'not an address', '--quota', '1G'])).code, 66);
  // Nothing was half-applied by the refusals.
  const after = await cli.json(['user', 'show', 'marie.martin@ac-test.fr']);
  assert.deepEqual((after.value as { quotaOverride: unknown }).quotaOverride, {
    bytes: null,
    messages: null,
  });
  assert.equal((after.value as { locale: string }).locale, 'fr');
});

test('user set speaks French by default and English on request', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withMarie(cli);

  const french = await cli.run([
    'user',
    'set',
    'marie.martin@ac-test.fr',
    '--quota',
    '10G',
    '--category',
    'management',
  ]);
  assert.equal(french.code, 0, french.stderr);
  assert.match(french.stdout, /^Compte modifié : marie\.martin@ac-test\.fr$/m);
  assert.match(french.stdout, /^ {2}Catégorie : enseignant du second degré → encadrement$/m);
  assert.match(french.stdout, /^ {2}Quota d’espace : 5 Gio \(défaut de la catégorie\) → 10 Gio$/m);
  assert.match(french.stdout, /Catégorie\s+encadrement/);
  const frenchNothing = await cli.run(['user', 'set', 'marie.martin@ac-test.fr']);
  assert.match(frenchNothing.stderr, /Indiquez au moins une modification parmi : --name/);
  const frenchQuota = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota', 'beaucoup']);
  assert.match(frenchQuota.stderr, /--quota doit être une taille comme 512k, 25M ou 2G, ou « default »/);
  const frenchUnknown = await cli.run(['user', 'set', 'personne@ac-test.fr', '--locale', 'en']);
  assert.match(frenchUnknown.stderr, /Le compte « personne@ac-test\.fr » est introuvable/);

  const english = await cli.run(['user', 'set', 'marie.martin@ac-test.fr', '--quota-messages', '50000'], {
    env: { VERCORS_LOCALE: 'en' },
  });
  assert.equal(english.code, 0, english.stderr);
  assert.match(
    english.stdout,
    /^ {2}Message quota: 500,000 messages \(category default\) → 50,000 messages$/m,
  );
});
