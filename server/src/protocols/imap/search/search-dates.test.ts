import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localDate, nextDay, startOfDay } from './search-dates.ts';

/** [zone, day, first instant of that day (UTC), why the case matters]. */
const DAY_STARTS: readonly (readonly [string, string, string, string])[] = [
  ['Europe/Paris', '2026-01-15', '2026-01-14T23:00:00.000Z', 'winter time is UTC+1'],
  ['Europe/Paris', '2026-07-01', '2026-06-30T22:00:00.000Z', 'summer time is UTC+2'],
  ['Europe/Paris', '2026-03-29', '2026-03-28T23:00:00.000Z', 'the spring-forward day starts in winter time'],
  ['Europe/Paris', '2026-03-30', '2026-03-29T22:00:00.000Z', 'so that day lasts 23 hours'],
  ['Europe/Paris', '2026-10-25', '2026-10-24T22:00:00.000Z', 'the fall-back day starts in summer time'],
  ['Europe/Paris', '2026-10-26', '2026-10-25T23:00:00.000Z', 'so that day lasts 25 hours'],
  [
    'America/Sao_Paulo',
    '2018-11-04',
    '2018-11-04T03:00:00.000Z',
    'midnight did not exist: the day began at 01:00',
  ],
  [
    'Asia/Beirut',
    '2023-10-29',
    '2023-10-28T22:00:00.000Z',
    'the clock went back at midnight: the second one counts',
  ],
  ['UTC', '2026-01-01', '2026-01-01T00:00:00.000Z', 'UTC is UTC'],
  ['Pacific/Kiritimati', '2026-01-01', '2025-12-31T10:00:00.000Z', 'UTC+14 starts the day earliest'],
  ['UTC', '0099-01-01', '0099-01-01T00:00:00.000Z', 'four-digit years below 100 are not 19xx'],
];

describe('startOfDay', () => {
  for (const [zone, day, expected, why] of DAY_STARTS) {
    it(`starts ${day} in ${zone} at ${expected}: ${why}`, () => {
      const [year, month, date] = day.split('-').map(Number) as [number, number, number];
      assert.equal(new Date(startOfDay({ year, month, day: date }, zone)).toISOString(), expected);
    });
  }

  it('refuses an unknown zone', () => {
    assert.throws(() => startOfDay({ year: 2026, month: 1, day: 1 }, 'Europe/Nowhere'), RangeError);
  });
});

describe('nextDay and localDate', () => {
  it('rolls over months, years and leap days', () => {
    assert.deepEqual(nextDay({ year: 2026, month: 12, day: 31 }), { year: 2027, month: 1, day: 1 });
    assert.deepEqual(nextDay({ year: 2024, month: 2, day: 28 }), { year: 2024, month: 2, day: 29 });
    assert.deepEqual(nextDay({ year: 2026, month: 2, day: 28 }), { year: 2026, month: 3, day: 1 });
  });

  it('puts 00:30 in Paris on the Paris day, though it is the day before in UTC', () => {
    assert.deepEqual(localDate(Date.parse('2026-11-01T23:30:00Z'), 'Europe/Paris'), {
      year: 2026,
      month: 11,
      day: 2,
    });
  });
});
