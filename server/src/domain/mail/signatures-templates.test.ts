// Signatures and reply templates in the store: every write in the change log under its own type, and both go
// with their account (and a signature with its identity) on either backend.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newAccount, openMailFixture, refusedWith } from './mail.fixture.ts';

test('each write is one change of its type; the account takes its signatures and templates with it', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { mail } = fixture;
  const identityId = (await mail.listIdentities(account.id)).identities[0]?.id ?? '';
  const signature = await mail.createSignature(account.id, { identityId, name: 'Formelle', tone: 'formal' });
  const template = await mail.createReplyTemplate(account.id, { name: 'Merci', subject: null });
  await mail.updateSignature(account.id, signature.id, { sortOrder: 4 });
  await mail.updateReplyTemplate(account.id, template.id, { textBody: 'Merci beaucoup.' });
  const signatureState = await mail.state(account.id, 'Signature');
  const templateState = await mail.state(account.id, 'ReplyTemplate');
  const changes = await fixture.database.db
    .selectFrom('change_log')
    .select(['type', 'object_id', 'kind'])
    .where('account_id', '=', account.id)
    .where('type', 'in', ['Signature', 'ReplyTemplate'])
    .orderBy('modseq')
    .execute();
  assert.deepEqual(
    changes.map((row) => `${row.type} ${row.kind} ${row.object_id}`),
    [
      `Signature created ${signature.id}`,
      `ReplyTemplate created ${template.id}`,
      `Signature updated ${signature.id}`,
      `ReplyTemplate updated ${template.id}`,
    ],
  );
  assert.ok(templateState > signatureState);
  assert.deepEqual((await mail.listSignatures(account.id)).signatures, [{ ...signature, sortOrder: 4 }]);
  await refusedWith(mail.updateSignature(account.id, signature.id, { identityId: 'sOther' }), 'invalid');
  await refusedWith(mail.destroyReplyTemplate(account.id, 'tplNone'), 'notFound');

  await fixture.identity.deleteAccount(account.email);
  for (const table of ['signatures', 'reply_templates'] as const) {
    const left = await fixture.database.db.selectFrom(table).select('id').execute();
    assert.deepEqual(left, [], table);
  }
});
