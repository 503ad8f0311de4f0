import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreferencesRefusedError } from '../../app/preferences.ts';
import { JmapMethodError, JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';
import { isConnectionProblem, outcomeOfError, setRefusal } from './save-outcome.ts';

test('a /set answer with nothing refused is no refusal; otherwise the first one, with its properties', () => {
  assert.equal(setRefusal({ updated: { s1: null }, notUpdated: null }), undefined);
  assert.equal(setRefusal({ notCreated: {}, notDestroyed: {} }), undefined);
  assert.deepEqual(
    setRefusal({
      notUpdated: { s1: { type: 'invalidProperties', properties: ['name'], description: 'too long' } },
    }),
    { kind: 'refused', type: 'invalidProperties', properties: ['name'] },
  );
  assert.deepEqual(setRefusal({ notCreated: { new: { type: 'overQuota' } } }), {
    kind: 'refused',
    type: 'overQuota',
    properties: [],
  });
});

test('refused preferences name their properties', () => {
  assert.deepEqual(outcomeOfError(new PreferencesRefusedError('invalidProperties', ['timeZone'])), {
    kind: 'refused',
    type: 'invalidProperties',
    properties: ['timeZone'],
  });
});

test('offline or signed out is "out of reach" (the shell says so too); other failures give their type', () => {
  assert.ok(isConnectionProblem(new SignedOutError()));
  assert.ok(isConnectionProblem(new JmapRequestError(0, 'network')));
  assert.ok(isConnectionProblem(new JmapRequestError(503, 'http503')));
  assert.ok(!isConnectionProblem(new JmapRequestError(400, 'urn:ietf:params:jmap:error:limit')));
  assert.deepEqual(outcomeOfError(new SignedOutError()), { kind: 'unreachable' });
  assert.deepEqual(outcomeOfError(new JmapMethodError('p', 'unknownMethod')), {
    kind: 'failed',
    reason: 'unknownMethod',
  });
  assert.deepEqual(outcomeOfError(new Error('boom')), { kind: 'failed', reason: 'boom' });
});
