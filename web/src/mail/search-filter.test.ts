import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayStart, EMPTY_SEARCH, searchFilter } from './search-filter.ts';

test('an empty form asks for nothing; one field is a plain condition', () => {
  assert.equal(searchFilter(EMPTY_SEARCH, 'Europe/Paris'), undefined);
  assert.equal(searchFilter({ ...EMPTY_SEARCH, text: '   ' }, 'Europe/Paris'), undefined);
  assert.deepEqual(searchFilter({ ...EMPTY_SEARCH, text: ' conseil de classe ' }, 'Europe/Paris'), {
    text: 'conseil de classe',
  });
});

test('every filter joins the words, dates being whole days in Paris', () => {
  assert.deepEqual(
    searchFilter(
      {
        text: 'réunion',
        from: 'paul',
        to: 'claire',
        after: '2026-03-01',
        until: '2026-03-31',
        mailboxId: 'M1',
        hasAttachment: true,
        isUnread: true,
        isFlagged: true,
      },
      'Europe/Paris',
    ),
    {
      operator: 'AND',
      conditions: [
        { text: 'réunion' },
        { from: 'paul' },
        { to: 'claire' },
        { after: '2026-02-28T23:00:00Z' },
        // The 31st ends at midnight on 1 April, summer time by then (UTC+2).
        { before: '2026-03-31T22:00:00Z' },
        { inMailbox: 'M1' },
        { hasAttachment: true },
        { notKeyword: '$seen' },
        { hasKeyword: '$flagged' },
      ],
    },
  );
});

test('a day starts at local midnight on both sides of a change of hour, and a bad day is no day', () => {
  // 29 March 2026: clocks go forward at 02:00 in Paris; the day still starts at 00:00 (UTC+1).
  assert.equal(dayStart('2026-03-29', 'Europe/Paris', 0)?.toISOString(), '2026-03-28T23:00:00.000Z');
  assert.equal(dayStart('2026-03-30', 'Europe/Paris', 0)?.toISOString(), '2026-03-29T22:00:00.000Z');
  assert.equal(dayStart('2026-10-25', 'Europe/Paris', 1)?.toISOString(), '2026-10-25T23:00:00.000Z');
  assert.equal(dayStart('2026-06-01', 'America/Cayenne', 0)?.toISOString(), '2026-06-01T03:00:00.000Z');
  assert.equal(dayStart('hier', 'Europe/Paris', 0), undefined);
});
