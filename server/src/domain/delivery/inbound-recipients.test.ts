import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalAccount, RecipientDirectory } from './inbound-ports.ts';
import { classifyRecipient, refusedRecipient } from './inbound-recipients.ts';

const account = (email: string, status: LocalAccount['status']): LocalAccount => ({
  id: `a-${email}`,
  email,
  status,
  aliases: [],
  quota: { bytes: 1_000_000, messages: 1_000 },
  used: { bytes: 0, messages: 0 },
});

const directory: RecipientDirectory = {
  findAccount: (address) =>
    Promise.resolve(
      {
        'active@ac-test.fr': account('active@ac-test.fr', 'active'),
        'suspended@ac-test.fr': account('suspended@ac-test.fr', 'suspended'),
        'disabled@ac-test.fr': account('disabled@ac-test.fr', 'disabled'),
      }[address],
    ),
  getDomain: (name) => Promise.resolve(name === 'ac-test.fr' ? { name } : undefined),
};

test('a suspended account receives mail by default; a disabled one reads as unknown', async () => {
  assert.equal((await classifyRecipient(directory, 'active@ac-test.fr')).kind, 'local');
  assert.equal((await classifyRecipient(directory, 'suspended@ac-test.fr')).kind, 'local');
  assert.deepEqual(await classifyRecipient(directory, 'disabled@ac-test.fr'), {
    kind: 'unknown',
    address: 'disabled@ac-test.fr',
  });
});

test('where suspended accounts do not receive mail, they are refused as a disabled mailbox', async () => {
  const policy = { isSuspendedReceiving: false };
  const suspended = await classifyRecipient(directory, 'Suspended@ac-test.fr', policy);
  assert.deepEqual(suspended, { kind: 'suspended', address: 'suspended@ac-test.fr' });
  assert.deepEqual(refusedRecipient(suspended), { code: 'forbidden', reason: 'mailboxDisabled' });
  assert.equal((await classifyRecipient(directory, 'active@ac-test.fr', policy)).kind, 'local');
  const disabled = await classifyRecipient(directory, 'disabled@ac-test.fr', policy);
  assert.deepEqual(refusedRecipient(disabled), { code: 'notFound', reason: 'unknownRecipient' });
});
