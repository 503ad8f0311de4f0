// Sending identities: one per address the account may send from, made lazily and kept in line with its
// aliases; more only for its own addresses; bounded fields; every change in the log as type Identity.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newAccount, openMailFixture, refusedWith, TEST_DOMAIN, type MailFixture } from './mail.fixture.ts';
import { SENDING_IDENTITY_LIMITS } from './sending-identity.ts';

async function identityChangesOf(fixture: MailFixture, accountId: string): Promise<string[]> {
  const rows = await fixture.database.db
    .selectFrom('change_log')
    .select(['modseq', 'kind', 'object_id'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'Identity')
    .orderBy('modseq')
    .orderBy('object_id')
    .execute();
  return rows.map((row) => `${Number(row.modseq)} ${row.kind} ${row.object_id}`);
}

test('an account starts with one identity for its primary address, named after it and not deletable', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { state, identities } = await fixture.mail.listIdentities(account.id);
  assert.equal(identities.length, 1);
  const [primary] = identities;
  assert.deepEqual(
    { ...primary, id: undefined },
    {
      id: undefined,
      name: account.displayName,
      email: account.email,
      replyTo: null,
      bcc: null,
      textSignature: '',
      htmlSignature: '',
      mayDelete: false,
    },
  );
  assert.deepEqual(await identityChangesOf(fixture, account.id), [`${state} created ${primary?.id}`]);
  // Reading again writes nothing: the identities already follow the addresses.
  const again = await fixture.mail.listIdentities(account.id);
  assert.equal(again.state, state);
  assert.deepEqual(again.identities, identities);
  assert.equal(await fixture.mail.state(account.id, 'Identity'), state);
  await refusedWith(fixture.mail.listIdentities('no-such-account'), 'notFound');
  // The identities go with the account.
  await fixture.identity.deleteAccount(account.email);
  const left = await fixture.database.db
    .selectFrom('sending_identities')
    .select('id')
    .where('account_id', '=', account.id)
    .execute();
  assert.deepEqual(left, []);
});

test('aliases get their own identity, which follows the alias and may be destroyed without coming back', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const before = await fixture.mail.state(account.id, 'Identity');
  const alias = `secretariat@${TEST_DOMAIN}`;
  await fixture.identity.addAlias(account.email, alias);

  // The state moves even when nobody lists: Identity/changes alone sees the new identity.
  const changes = await fixture.mail.changes(account.id, 'Identity', before, 100);
  const { identities } = await fixture.mail.listIdentities(account.id);
  assert.deepEqual(
    identities.map((identity) => [identity.email, identity.mayDelete]),
    [
      [account.email, false],
      [alias, true],
    ],
  );
  const aliasIdentity = identities[1];
  assert.ok(aliasIdentity);
  assert.deepEqual(changes.created, [aliasIdentity.id]);

  // A variant for the alias, then the alias goes: both its identities go with it.
  const variant = await fixture.mail.createIdentity(account.id, {
    email: alias.toUpperCase(),
    name: 'Secrétariat',
  });
  assert.equal(variant.email, alias);
  const withVariant = await fixture.mail.state(account.id, 'Identity');
  await fixture.identity.removeAlias(alias);
  const gone = await fixture.mail.changes(account.id, 'Identity', withVariant, 100);
  assert.deepEqual([...gone.destroyed].sort(), [aliasIdentity.id, variant.id].sort());
  assert.equal((await fixture.mail.listIdentities(account.id)).identities.length, 1);

  // Back again: a fresh automatic identity; destroyed by the user, it stays destroyed while the alias stays.
  await fixture.identity.addAlias(account.email, alias);
  const back = (await fixture.mail.listIdentities(account.id)).identities.find(
    (each) => each.email === alias,
  );
  assert.ok(back);
  assert.notEqual(back.id, aliasIdentity.id);
  const beforeDestroy = await fixture.mail.state(account.id, 'Identity');
  await fixture.mail.destroyIdentity(account.id, back.id);
  const after = await fixture.mail.listIdentities(account.id);
  assert.deepEqual(
    after.identities.map((identity) => identity.email),
    [account.email],
  );
  assert.deepEqual((await fixture.mail.changes(account.id, 'Identity', beforeDestroy, 100)).destroyed, [
    back.id,
  ]);
  await refusedWith(fixture.mail.destroyIdentity(account.id, back.id), 'notFound');
  // The address is still the account's: a variant for it may still be made.
  await fixture.mail.createIdentity(account.id, { email: alias });
});

test('identities are made only for the account’s own addresses', async (t) => {
  const fixture = await openMailFixture(t);
  const paul = await newAccount(fixture);
  const marie = await newAccount(fixture);
  const state = await fixture.mail.state(paul.id, 'Identity');
  for (const email of [marie.email, 'someone@example.org', 'not an address', `x${paul.email}`]) {
    const details = await refusedWith(
      fixture.mail.createIdentity(paul.id, { email }),
      'forbidden',
      'addressNotOwned',
    );
    assert.equal(details.subject, 'identity');
  }
  assert.equal(await fixture.mail.state(paul.id, 'Identity'), state);

  const second = await fixture.mail.createIdentity(paul.id, {
    email: ` ${paul.email.toUpperCase()} `,
    name: 'Paul, professeur principal',
    replyTo: [{ name: 'Vie scolaire', email: 'vie.scolaire@ac-test.fr' }],
    bcc: [{ name: null, email: 'archives@établissement.fr' }],
    textSignature: '--\nPaul\nProfesseur de mathématiques',
    htmlSignature: '<p>Paul <b>Durand</b></p><script>alert(1)</script>',
  });
  assert.equal(second.email, paul.email);
  assert.equal(second.mayDelete, true);
  // Stored as given: the server never renders it, clients sanitise.
  assert.equal(second.htmlSignature, '<p>Paul <b>Durand</b></p><script>alert(1)</script>');
  const listed = (await fixture.mail.listIdentities(paul.id)).identities;
  assert.deepEqual(
    listed.map((identity) => identity.name),
    [paul.displayName, 'Paul, professeur principal'],
  );
  assert.deepEqual(listed[1], second);
  assert.deepEqual(listed[1]?.bcc, [{ name: null, email: 'archives@établissement.fr' }]);
  // Marie cannot see, change or destroy Paul's identities.
  await refusedWith(fixture.mail.updateIdentity(marie.id, second.id, { name: 'x' }), 'notFound');
  await refusedWith(fixture.mail.destroyIdentity(marie.id, second.id), 'notFound');
  assert.ok((await fixture.mail.listIdentities(marie.id)).identities.every((each) => each.id !== second.id));
});

test('names, addresses and signatures are bounded and free of controls', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const email = account.email;
  const max = SENDING_IDENTITY_LIMITS.maxSignatureBytes;
  const refusals: [Parameters<MailFixture['mail']['createIdentity']>[1], string, string][] = [
    [{ email, name: 'Paul\r\nBcc: everyone@example.org' }, 'name', 'controlCharacter'],
    [{ email, name: 'é'.repeat(128) }, 'name', 'tooLong'],
    [{ email, textSignature: 'x'.repeat(max + 1) }, 'textSignature', 'tooLong'],
    [{ email, htmlSignature: `<p>${'é'.repeat(max / 2)}</p>` }, 'htmlSignature', 'tooLong'],
    [{ email, htmlSignature: 'a\u0000b' }, 'htmlSignature', 'controlCharacter'],
    [{ email, textSignature: 'broken \ud800 surrogate' }, 'textSignature', 'controlCharacter'],
    [{ email, replyTo: [{ name: null, email: 'nobody' }] }, 'replyTo', 'invalidAddress'],
    [{ email, replyTo: [{ name: null, email: 'a b@example.org' }] }, 'replyTo', 'invalidAddress'],
    [{ email, bcc: [{ name: null, email: 'x@localhost' }] }, 'bcc', 'invalidAddress'],
    [{ email, bcc: [{ name: 'A\nB', email: 'x@example.org' }] }, 'bcc', 'controlCharacter'],
    [
      { email, bcc: Array.from({ length: 21 }, (_, i) => ({ name: null, email: `x${i}@example.org` })) },
      'bcc',
      'tooManyAddresses',
    ],
  ];
  for (const [input, property, reason] of refusals) {
    const details = await refusedWith(fixture.mail.createIdentity(account.id, input), 'invalid', reason);
    assert.equal(details.property, property, `${reason} is about ${property}`);
  }
  // Exactly at the bounds is fine, and lines and tabs are signature text.
  const full = await fixture.mail.createIdentity(account.id, {
    email,
    name: 'é'.repeat(127),
    textSignature: `\t${'x'.repeat(max - 3)}\r\n`,
    htmlSignature: 'é'.repeat(max / 2),
    replyTo: Array.from({ length: 20 }, (_, i) => ({ name: `R${i}`, email: `r${i}@example.org` })),
  });
  assert.equal(new TextEncoder().encode(full.textSignature).length, max);
  assert.equal(full.replyTo?.length, 20);
});

test('updates change the fields but never the address; the primary identity cannot be destroyed', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const [primary] = (await fixture.mail.listIdentities(account.id)).identities;
  assert.ok(primary);
  const before = await fixture.mail.state(account.id, 'Identity');

  const updated = await fixture.mail.updateIdentity(account.id, primary.id, {
    email: account.email.toUpperCase(),
    name: 'P. Durand',
    replyTo: [{ name: 'Secrétariat', email: 'secretariat@ac-test.fr' }],
    textSignature: 'Cordialement',
  });
  assert.equal(updated.name, 'P. Durand');
  assert.equal(updated.textSignature, 'Cordialement');
  assert.equal(updated.htmlSignature, '');
  assert.equal(updated.mayDelete, false);
  assert.deepEqual((await fixture.mail.listIdentities(account.id)).identities, [updated]);
  const cleared = await fixture.mail.updateIdentity(account.id, primary.id, { replyTo: null });
  assert.equal(cleared.replyTo, null);

  const details = await refusedWith(
    fixture.mail.updateIdentity(account.id, primary.id, { email: `autre@${TEST_DOMAIN}` }),
    'invalid',
    'immutable',
  );
  assert.equal(details.property, 'email');
  await refusedWith(fixture.mail.updateIdentity(account.id, 'sNoSuchIdentity', { name: 'x' }), 'notFound');
  await refusedWith(fixture.mail.destroyIdentity(account.id, primary.id), 'forbidden', 'primaryIdentity');

  const changes = await fixture.mail.changes(account.id, 'Identity', before, 100);
  assert.deepEqual(changes, {
    newModseq: await fixture.mail.state(account.id, 'Identity'),
    hasMoreChanges: false,
    created: [],
    updated: [primary.id],
    destroyed: [],
  });

  const extra = await fixture.mail.createIdentity(account.id, { email: account.email, name: 'Extra' });
  await fixture.mail.destroyIdentity(account.id, extra.id);
  const rows = await fixture.database.db
    .selectFrom('sending_identities')
    .select('id')
    .where('account_id', '=', account.id)
    .execute();
  // A variant is deleted outright; only automatic identities leave a marker.
  assert.deepEqual(
    rows.map((row) => row.id),
    [primary.id],
  );
  const history = await identityChangesOf(fixture, account.id);
  assert.deepEqual(
    history.slice(-2).map((line) => line.split(' ').slice(1).join(' ')),
    [`created ${extra.id}`, `destroyed ${extra.id}`],
  );
});

test('an account holds at most maxIdentitiesPerAccount identities', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  for (let made = 1; made < SENDING_IDENTITY_LIMITS.maxIdentitiesPerAccount; made++)
    await fixture.mail.createIdentity(account.id, { email: account.email, name: `Variante ${made}` });
  await refusedWith(
    fixture.mail.createIdentity(account.id, { email: account.email }),
    'limit',
    'tooManyIdentities',
  );
  const { identities } = await fixture.mail.listIdentities(account.id);
  assert.equal(identities.length, SENDING_IDENTITY_LIMITS.maxIdentitiesPerAccount);
});
