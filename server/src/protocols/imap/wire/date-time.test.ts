import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { formatDateTime, parseDate, parseDateTime } from './date-time.ts';

describe('date-time', () => {
  const valid: [string, string, number][] = [
    ['17-Jul-1996 02:44:25 -0700', '1996-07-17T09:44:25.000Z', -420],
    [' 7-Jul-1996 02:44:25 +0000', '1996-07-07T02:44:25.000Z', 0],
    ['07-jul-1996 02:44:25 +0000', '1996-07-07T02:44:25.000Z', 0],
    ['29-Feb-2024 23:59:59 +0530', '2024-02-29T18:29:59.000Z', 330],
    ['31-Dec-1999 23:59:60 +0000', '2000-01-01T00:00:00.000Z', 0],
    ['01-Jan-0099 00:00:00 +0000', '0099-01-01T00:00:00.000Z', 0],
  ];
  for (const [text, iso, zone] of valid) {
    it(`reads "${text}" as ${iso} in zone ${zone}`, () => {
      const parsed = parseDateTime(text);
      assert.equal(new Date(parsed.epochMs).toISOString(), iso);
      assert.equal(parsed.zoneMinutes, zone);
    });
  }

  const invalid = [
    '7-Jul-1996 02:44:25 +0000',
    '17-Jul-96 02:44:25 +0000',
    '17-Jux-1996 02:44:25 +0000',
    '30-Feb-2024 02:44:25 +0000',
    '29-Feb-2023 02:44:25 +0000',
    '17-Jul-1996 24:00:00 +0000',
    '17-Jul-1996 02:60:00 +0000',
    '17-Jul-1996 02:44:25 +2400',
    '17-Jul-1996 02:44:25 +0060',
    '17-Jul-1996 02:44:25',
    '17-Jul-1996  02:44:25 +0000',
  ];
  for (const text of invalid) {
    it(`refuses "${text}" naming the expected form`, () => {
      assert.throws(
        () => parseDateTime(text),
        (e: unknown) => e instanceof ParseError && /^Invalid date/.test(e.message),
      );
    });
  }

  it('writes INTERNALDATE in the zone it was received in, day zero-padded', () => {
    const { epochMs, zoneMinutes } = parseDateTime('17-Jul-1996 02:44:25 -0700');
    assert.equal(formatDateTime(epochMs, zoneMinutes), '17-Jul-1996 02:44:25 -0700');
    assert.equal(formatDateTime(Date.UTC(2024, 0, 5, 22, 30, 0), 120), '06-Jan-2024 00:30:00 +0200');
    assert.equal(formatDateTime(Date.UTC(2024, 0, 5, 22, 30, 0), -570), '05-Jan-2024 13:00:00 -0930');
  });
});

describe('search date', () => {
  it('reads one- and two-digit days, case-insensitive months', () => {
    assert.deepEqual(parseDate('1-Feb-2024'), { year: 2024, month: 2, day: 1 });
    assert.deepEqual(parseDate('29-FEB-2024'), { year: 2024, month: 2, day: 29 });
  });

  for (const text of ['29-Feb-2023', '0-Jan-2024', '1-Feb-24', '1 Feb 2024', '001-Feb-2024']) {
    it(`refuses "${text}"`, () => assert.throws(() => parseDate(text), /^ParseError: Invalid date/));
  }
});
