import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatListDate } from './list-dates.ts';

const NOW = new Date('2026-11-30T10:00:00Z');

test('today shows the time in Paris, this year the day and month, earlier years the full date', () => {
  assert.equal(formatListDate('2026-11-30T07:05:00Z', 'fr', 'Europe/Paris', NOW), '08:05');
  assert.equal(formatListDate('2026-03-02T12:00:00Z', 'fr', 'Europe/Paris', NOW), '2 mars');
  // New Year's Eve at 23:30 UTC is already 2026 in Paris: this year.
  assert.equal(formatListDate('2025-12-31T23:30:00Z', 'fr', 'Europe/Paris', NOW), '1 janv.');
  assert.equal(formatListDate('2025-12-31T22:30:00Z', 'fr', 'Europe/Paris', NOW), '31/12/2025');
  assert.equal(formatListDate('2024-05-06T12:00:00Z', 'fr', 'Europe/Paris', NOW), '06/05/2024');
  assert.equal(formatListDate('2024-05-06T12:00:00Z', 'en', 'Europe/Paris', NOW), '05/06/2024');
});

test('a day is the day of the account’s time zone, and a bad date shows nothing', () => {
  // 23:30 UTC on the 29th is already the 30th in Paris: today.
  assert.equal(formatListDate('2026-11-29T23:30:00Z', 'fr', 'Europe/Paris', NOW), '00:30');
  assert.equal(formatListDate('not a date', 'fr', 'Europe/Paris', NOW), '');
});
