import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mailStoreDelivery, type MailStorePorts } from './queue-local-delivery.ts';

const STATUSES: Record<string, string> = {
  'active@ac-test.fr': 'active',
  'suspended@ac-test.fr': 'suspended',
  'disabled@ac-test.fr': 'disabled',
};

function ports(isSuspendedReceiving?: boolean): MailStorePorts & { readonly stored: string[] } {
  const stored: string[] = [];
  return {
    stored,
    findAccount: (address) => {
      const status = STATUSES[address];
      return Promise.resolve(status === undefined ? undefined : { id: address, status });
    },
    importMessages: (requests) => {
      stored.push(...requests.map((request) => request.accountId));
      return Promise.resolve(requests.map(() => ({ ok: true as const, email: { emailId: 'e1' } })));
    },
    ...(isSuspendedReceiving !== undefined && { isSuspendedReceiving }),
  };
}

const raw = new TextEncoder().encode('Subject: x\r\n\r\nx\r\n');
const context = { sender: 'alice@example.org', queueId: 'q-test' };

test('queued mail reaches a suspended account unless suspended accounts do not receive mail', async () => {
  const receiving = ports();
  const deliver = mailStoreDelivery(receiving);
  assert.equal(await deliver('suspended@ac-test.fr', raw, context), 'delivered');
  assert.deepEqual(await deliver('disabled@ac-test.fr', raw, context), {
    permanent: '5.1.1 no such mailbox here',
  });
  assert.deepEqual(receiving.stored, ['suspended@ac-test.fr']);

  const refusing = ports(false);
  const refuse = mailStoreDelivery(refusing);
  assert.deepEqual(await refuse('suspended@ac-test.fr', raw, context), {
    permanent: '5.2.1 mailbox disabled, not accepting messages',
  });
  assert.equal(await refuse('active@ac-test.fr', raw, context), 'delivered');
  assert.deepEqual(refusing.stored, ['active@ac-test.fr']);
});
