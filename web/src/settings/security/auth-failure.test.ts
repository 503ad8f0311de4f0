import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';
import { AuthRefusal } from './auth-api.ts';
import { classifyFailure, ReauthenticationCancelled, reauthenticating } from './auth-failure.ts';

test('a refusal is shown in the server’s words; the shell handles sessions and silence', () => {
  assert.deepEqual(classifyFailure(new AuthRefusal(409, 'limit', 'Limite atteinte (20).')), {
    kind: 'refusal',
    code: 'limit',
    message: 'Limite atteinte (20).',
  });
  assert.deepEqual(classifyFailure(new SignedOutError()), { kind: 'shell' });
  assert.deepEqual(classifyFailure(new JmapRequestError(0, 'network')), { kind: 'shell' });
  assert.deepEqual(classifyFailure(new ReauthenticationCancelled()), { kind: 'cancelled' });
  assert.deepEqual(classifyFailure(new TypeError('boom')), { kind: 'unexpected', reason: 'boom' });
  assert.deepEqual(classifyFailure('odd'), { kind: 'unexpected', reason: 'odd' });
});

test('a change the server refuses for want of a recent password runs again once the password is given', async () => {
  let asked = 0;
  let calls = 0;
  const reauthenticated = reauthenticating(() => {
    asked++;
    return Promise.resolve();
  });
  const result = await reauthenticated(() => {
    calls++;
    return calls === 1
      ? Promise.reject(new AuthRefusal(403, 'reauthenticate', 'Saisissez à nouveau votre mot de passe.'))
      : Promise.resolve('made');
  });
  assert.equal(result, 'made');
  assert.equal(asked, 1);
  assert.equal(calls, 2);
});

test('without a recent-password refusal nothing is asked, and a cancelled prompt ends the change', async () => {
  let asked = 0;
  const ask = reauthenticating(() => {
    asked++;
    return Promise.resolve();
  });
  assert.equal(await ask(() => Promise.resolve(1)), 1);
  await assert.rejects(
    ask(() => Promise.reject(new AuthRefusal(409, 'limit', 'Limite atteinte (20).'))),
    { code: 'limit' },
  );
  assert.equal(asked, 0);
  const cancelled = reauthenticating(() => Promise.reject(new ReauthenticationCancelled()));
  let calls = 0;
  await assert.rejects(
    cancelled(() => {
      calls++;
      return Promise.reject(new AuthRefusal(403, 'reauthenticate', '…'));
    }),
    ReauthenticationCancelled,
  );
  assert.equal(calls, 1);
});
