import assert from 'node:assert/strict';
import { createSecretBox, newSecretKey } from '#core/secret-box';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { createIdentityService, IDENTITY_SETTINGS } from '#domain/identity';
import { mailChangesOf, newAccount, openMailFixture, TEST_DOMAIN } from './mail.fixture.ts';

test('a new French account gets inbox, drafts, sent, archive, junk and trash named in French', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const mailboxes = await fixture.mail.listMailboxes(account.id);
  assert.deepEqual(
    mailboxes.map((m) => [m.role, m.name, m.parentId]),
    [
      ['inbox', 'Boîte de réception', null],
      ['drafts', 'Brouillons', null],
      ['sent', 'Envoyés', null],
      ['archive', 'Archives', null],
      ['junk', 'Indésirables', null],
      ['trash', 'Corbeille', null],
    ],
  );
  for (const mailbox of mailboxes) {
    assert.ok(
      mailbox.uidValidity > 0 && mailbox.uidValidity < 2 ** 32,
      'UIDVALIDITY is a non-zero 32-bit number',
    );
    assert.equal(mailbox.uidNext, 1);
    assert.equal(mailbox.totalEmails, 0);
    assert.equal(mailbox.isSubscribed, true);
  }
  assert.equal(new Set(mailboxes.map((m) => m.uidValidity)).size, 6, 'each mailbox has its own UIDVALIDITY');
});

test('an English account gets the same roles named in English', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { locale: 'en' });
  const names = (await fixture.mail.listMailboxes(account.id)).map((m) => m.name);
  assert.deepEqual(names, ['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash']);
});

test('the mailboxes are created in the account-creation transaction, with the account modseq', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const changes = await mailChangesOf(fixture.database, account.id);
  assert.deepEqual(changes, Array(6).fill(`${account.modseq} created Mailbox`));
  const mailboxes = await fixture.mail.listMailboxes(account.id);
  assert.ok(mailboxes.every((m) => m.highestModseq === account.modseq));
});

test('a failing hook rolls the account creation back', async (t) => {
  const fixture = await openMailFixture(t);
  const identity = createIdentityService({
    secrets: createSecretBox(newSecretKey()),
    database: fixture.database,
    clock: fixture.clock,
    log: silentLogger(),
    settings: fixture.services.config.get(IDENTITY_SETTINGS),
    onAccountsCreated: async (tx, accounts) => {
      await fixture.mail.createDefaultMailboxes(tx, accounts);
      throw new Error('the mail store is broken');
    },
  });
  await assert.rejects(
    identity.createAccount({ email: `lost@${TEST_DOMAIN}`, displayName: 'Lost' }),
    /broken/,
  );
  assert.equal(await identity.findAccount(`lost@${TEST_DOMAIN}`), undefined);
  const mailboxes = await fixture.database.db.selectFrom('mailboxes').select('id').execute();
  assert.deepEqual(mailboxes, []);
});

test('accounts created in one batch each get their own six mailboxes', async (t) => {
  const fixture = await openMailFixture(t);
  const accounts = await fixture.identity.createAccounts([
    { email: `a@${TEST_DOMAIN}`, displayName: 'A' },
    { email: `b@${TEST_DOMAIN}`, displayName: 'B', locale: 'en' },
  ]);
  for (const account of accounts) assert.equal((await fixture.mail.listMailboxes(account.id)).length, 6);
});

test('ensureDefaultMailboxes adds only what is missing, and is idempotent', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const junk = (await fixture.mail.listMailboxes(account.id)).find((m) => m.role === 'junk');
  assert.ok(junk);
  await fixture.mail.destroyMailbox(account.id, junk.id, { removeEmails: false });
  const added = await fixture.mail.ensureDefaultMailboxes(account.id);
  assert.deepEqual(
    added.map((m) => [m.role, m.name]),
    [['junk', 'Indésirables']],
  );
  assert.ok(
    (added[0]?.uidValidity ?? 0) > junk.uidValidity,
    're-created under the same name, with a new UIDVALIDITY',
  );
  assert.deepEqual(await fixture.mail.ensureDefaultMailboxes(account.id), []);
  assert.equal((await fixture.mail.listMailboxes(account.id)).length, 6);
});

test('ensureDefaultMailboxes gives the role to a mailbox that already has the default name', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const archive = (await fixture.mail.listMailboxes(account.id)).find((m) => m.role === 'archive');
  assert.ok(archive);
  await fixture.mail.updateMailbox(account.id, archive.id, { role: null });
  const added = await fixture.mail.ensureDefaultMailboxes(account.id);
  assert.deepEqual(
    added.map((m) => [m.id, m.role, m.name]),
    [[archive.id, 'archive', 'Archives']],
  );
});
