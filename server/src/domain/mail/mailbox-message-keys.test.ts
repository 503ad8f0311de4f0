import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { mailboxByRole, newAccount, openMailFixture, rawMessage, refusedWith } from './mail.fixture.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('mailboxMessageKeys lists the Message-ID and blob id of each email in the mailbox, and only there', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const withId = rawMessage({ messageId: 'keys-1@ac-test.fr' });
  const withoutId = new TextEncoder().encode('Subject: no id\r\n\r\nbody\r\n');
  await fixture.mail.importMessages([
    { accountId: account.id, raw: withId, options: { mailboxIds: [inbox.id] } },
    { accountId: account.id, raw: withoutId, options: { mailboxIds: [inbox.id, archive.id] } },
    { accountId: account.id, raw: withId, options: { mailboxIds: [inbox.id] } },
  ]);

  const keys = await fixture.mail.mailboxMessageKeys(account.id, inbox.id);
  const sorted = [...keys].sort((a, b) => String(a.messageId).localeCompare(String(b.messageId)));
  assert.deepEqual(sorted, [
    { messageId: 'keys-1@ac-test.fr', blobId: sha256(withId) },
    { messageId: 'keys-1@ac-test.fr', blobId: sha256(withId) },
    { messageId: null, blobId: sha256(withoutId) },
  ]);
  assert.deepEqual(await fixture.mail.mailboxMessageKeys(account.id, archive.id), [
    { messageId: null, blobId: sha256(withoutId) },
  ]);
  const trash = await mailboxByRole(fixture, account.id, 'trash');
  assert.deepEqual(await fixture.mail.mailboxMessageKeys(account.id, trash.id), []);
});

test('mailboxMessageKeys of another account’s mailbox is not found, like a missing one', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  await refusedWith(fixture.mail.mailboxMessageKeys(other.id, inbox.id), 'notFound');
  await refusedWith(fixture.mail.mailboxMessageKeys(owner.id, 'b-missing'), 'notFound');
});
