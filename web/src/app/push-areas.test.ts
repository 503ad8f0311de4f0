import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedAreas } from './push-areas.ts';

test('a StateChange refreshes the areas of the types it names, in any account', () => {
  const event = JSON.stringify({
    '@type': 'StateChange',
    changed: { a1: { Email: 's1', Mailbox: 's2' }, a2: { ContactCard: 's3' } },
  });
  assert.deepEqual([...changedAreas(event)].sort(), ['contacts', 'mail']);
  assert.deepEqual(
    [...changedAreas(JSON.stringify({ changed: { a1: { Preferences: 'x' } } }))],
    ['preferences'],
  );
});

test('types the app does not show refresh nothing; unreadable data refreshes everything', () => {
  assert.equal(changedAreas(JSON.stringify({ changed: { a1: { CalendarEvent: 'x' } } })).size, 0);
  assert.equal(changedAreas('not json').size, 3);
  assert.equal(changedAreas('null').size, 3);
  assert.equal(changedAreas(JSON.stringify({ changed: { a1: null } })).size, 0);
});
