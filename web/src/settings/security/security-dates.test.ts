import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateTimeText } from './security-dates.ts';

test('dates are shown in the account’s zone and language', () => {
  const instant = '2026-11-12T13:05:00.000Z';
  assert.equal(dateTimeText('fr', 'Europe/Paris')(instant), '12 nov. 2026, 14:05');
  assert.equal(dateTimeText('en', 'Europe/Paris')(instant), '12 Nov 2026, 14:05');
  assert.equal(dateTimeText('fr', 'America/Cayenne')(instant), '12 nov. 2026, 10:05');
});

test('an unknown zone falls back to Paris, and a date that is not one is shown as it came', () => {
  assert.equal(dateTimeText('fr', 'Mars/Olympus')('2026-11-12T13:05:00Z'), '12 nov. 2026, 14:05');
  assert.equal(dateTimeText('fr', 'Europe/Paris')('soon'), 'soon');
});
