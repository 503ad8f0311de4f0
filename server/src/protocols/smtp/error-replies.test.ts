import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURES } from '@vercors/contract';
import { INBOUND_FAILURE_REASONS, type RecipientResult } from '#domain/delivery';
import { dataReply, FAILURE_REPLIES, REASON_REPLIES } from './error-replies.ts';

const delivered = (address: string): RecipientResult => ({
  address,
  status: 'delivered',
  accountId: 'a',
  emailId: 'e',
  isDuplicate: false,
});

describe('SMTP error replies', () => {
  it('map every failure code and reason to a 4xx or 5xx with a matching enhanced code', () => {
    for (const code of Object.keys(FAILURES) as (keyof typeof FAILURES)[]) {
      const reply = FAILURE_REPLIES[code];
      assert.ok(reply.code >= 400 && reply.code < 600, code);
      assert.equal(reply.enhanced[0], String(reply.code)[0], `${code}: the classes agree`);
    }
    for (const reason of INBOUND_FAILURE_REASONS) assert.ok(REASON_REPLIES[reason].code >= 400, reason);
    assert.deepEqual(FAILURE_REPLIES.overQuota, {
      code: 452,
      enhanced: '4.2.2',
      text: 'Mailbox full, try again later',
    });
  });

  it('after DATA: 250 only when every copy is stored or queued', () => {
    const reply = dataReply([delivered('a@x'), { address: 'b@y', status: 'queued' }], 'q1');
    assert.equal(`${reply.code} ${reply.enhanced} ${reply.text}`, '250 2.0.0 Ok: queued as q1');
  });

  it('after DATA: a temporary failure of one copy defers the whole message, with the incident id', () => {
    const reply = dataReply(
      [
        delivered('a@x'),
        { address: 'b@x', status: 'temporary', code: 'temporary', reason: 'internal', incidentId: 'abc123' },
      ],
      'q1',
    );
    assert.equal(reply.code, 451);
    assert.equal(reply.enhanced, '4.3.0');
    assert.match(reply.text, /incident abc123/);
    const full = dataReply(
      [{ address: 'b@x', status: 'temporary', code: 'overQuota', reason: 'overQuota' }],
      'q1',
    );
    assert.equal(`${full.code} ${full.enhanced}`, '452 4.2.2');
  });

  it('after DATA: a loop refuses permanently, but a permanent failure beside stored copies only defers', () => {
    const loop = dataReply([{ address: 'a@x', status: 'permanent', code: 'limit', reason: 'loop' }], 'q1');
    assert.equal(`${loop.code} ${loop.enhanced}`, '554 5.4.6');
    const mixed = dataReply(
      [
        delivered('a@x'),
        { address: 'b@x', status: 'permanent', code: 'notFound', reason: 'unknownRecipient' },
      ],
      'q1',
    );
    assert.equal(`${mixed.code} ${mixed.enhanced}`, '451 4.3.0', 'a 5xx would bounce the stored copy too');
  });
});
