import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACADEMIE_TIME_ZONE, formatDateTime, parseDateTime } from './local-time.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

test('a date or a time without an offset is Paris time, in winter and in summer', () => {
  const cases: [string, string, string][] = [
    ['2026-11-01', '2026-10-31T23:00:00.000Z', '2026-11-01T22:59:59.999Z'],
    ['2026-07-14', '2026-07-13T22:00:00.000Z', '2026-07-14T21:59:59.999Z'],
    ['2026-11-01T08:00', '2026-11-01T07:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ['2026-07-14 08:30:15', '2026-07-14T06:30:15.000Z', '2026-07-14T06:30:15.000Z'],
    ['2026-07-14T08:30:15.5', '2026-07-14T06:30:15.500Z', '2026-07-14T06:30:15.500Z'],
  ];
  for (const [text, start, end] of cases) {
    const range = parseDateTime(text, ACADEMIE_TIME_ZONE);
    assert.deepEqual([iso(range?.start), iso(range?.end)], [start, end], text);
  }
});

test('an explicit offset wins over the zone', () => {
  assert.equal(
    iso(parseDateTime('2026-11-01T08:00Z', ACADEMIE_TIME_ZONE)?.start),
    '2026-11-01T08:00:00.000Z',
  );
  assert.equal(
    iso(parseDateTime('2026-11-01T08:00+05:30', ACADEMIE_TIME_ZONE)?.start),
    '2026-11-01T02:30:00.000Z',
  );
  assert.equal(
    iso(parseDateTime('2026-11-01T08:00-0200', ACADEMIE_TIME_ZONE)?.start),
    '2026-11-01T10:00:00.000Z',
  );
});

test('the days the clocks change last 23 and 25 hours', () => {
  const spring = parseDateTime('2026-03-29', ACADEMIE_TIME_ZONE);
  const autumn = parseDateTime('2026-10-25', ACADEMIE_TIME_ZONE);
  assert.equal(spring && spring.end + 1 - spring.start, 23 * 3_600_000);
  assert.equal(autumn && autumn.end + 1 - autumn.start, 25 * 3_600_000);
  // 02:30 does not exist on 29 March: it lands after the gap, at 03:30 summer time.
  assert.equal(iso(parseDateTime('2026-03-29T02:30', ACADEMIE_TIME_ZONE)?.start), '2026-03-29T01:30:00.000Z');
});

test('malformed or impossible dates are refused', () => {
  for (const text of [
    '',
    'yesterday',
    '01/11/2026',
    '2026-11',
    '2026-13-01',
    '2026-02-30',
    '2026-11-01T24:00',
    '2026-11-01T08',
    '2026-11-01Z',
    '2026-11-01T08:00+2',
  ]) {
    assert.equal(parseDateTime(text, ACADEMIE_TIME_ZONE), undefined, text);
  }
});

test('times are shown as sortable Paris wall-clock times', () => {
  assert.equal(formatDateTime(Date.parse('2026-11-01T07:00:05Z'), ACADEMIE_TIME_ZONE), '2026-11-01 08:00:05');
  assert.equal(formatDateTime(Date.parse('2026-07-13T22:30:00Z'), ACADEMIE_TIME_ZONE), '2026-07-14 00:30:00');
});
