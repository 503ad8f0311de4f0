import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zonedInstant } from './zoned-time.ts';

test('a wall-clock time in Paris is the right instant in winter, in summer and next to the changes', () => {
  assert.equal(
    zonedInstant('2026-12-01', '08:30', 'Europe/Paris')?.toISOString(),
    '2026-12-01T07:30:00.000Z',
  );
  assert.equal(
    zonedInstant('2026-06-15', '08:30', 'Europe/Paris')?.toISOString(),
    '2026-06-15T06:30:00.000Z',
  );
  assert.equal(
    zonedInstant('2026-03-29', '03:30', 'Europe/Paris')?.toISOString(),
    '2026-03-29T01:30:00.000Z',
  );
  assert.equal(
    zonedInstant('2026-10-25', '04:00', 'Europe/Paris')?.toISOString(),
    '2026-10-25T03:00:00.000Z',
  );
  assert.equal(
    zonedInstant('2026-11-30', '23:00', 'Europe/Paris', 1)?.toISOString(),
    '2026-12-01T22:00:00.000Z',
  );
  assert.equal(
    zonedInstant('2026-12-01', '08:30', 'Indian/Reunion')?.toISOString(),
    '2026-12-01T04:30:00.000Z',
  );
});

test('what is not a day or a time is no instant', () => {
  assert.equal(zonedInstant('demain', '08:30', 'Europe/Paris'), undefined);
  assert.equal(zonedInstant('2026-12-01', '8h30', 'Europe/Paris'), undefined);
  assert.equal(zonedInstant('2026-12-01', '25:00', 'Europe/Paris'), undefined);
});
