// The instants that bound a calendar day in a time zone, for SEARCH BEFORE/ON/SINCE and SENT*. RFC 9051 §6.4.4
// compares dates "disregarding time and timezone": a message received at 00:30 in Paris is on that Paris day,
// though it is the previous day in UTC. Like Dovecot (index-search.c: received dates in the server's local zone),
// the day is the one of the server's zone (a setting, Europe/Paris by default). Dovecot compares SENT* in the
// Date: header's own zone; the store keeps only the instant of that header, so SENT* uses the server's zone too.

import { utcMidnight, wallClock, zoneOffsetMs as offsetMs } from '#core/time-zone';
import type { ImapDate } from '../wire/date-time.ts';

/** The first instant (epoch ms) of `date` in `timeZone`; RangeError for an unknown zone. */
export function startOfDay(date: ImapDate, timeZone: string): number {
  const midnightUtc = utcMidnight(date.year, date.month, date.day);
  // The zone's offset at midnight is one of the offsets in force within a day of it: try each, and keep the
  // earliest instant whose local date is the day asked. That is midnight, or the end of a DST gap when
  // midnight does not exist (America/Sao_Paulo, 4 Nov 2018: the day began at 01:00), or the second midnight
  // when the clock went back at midnight (the day really starts when the local date stays on it).
  const candidates = new Set<number>();
  let guess = midnightUtc;
  for (let attempt = 0; attempt < 3; attempt++) {
    guess = midnightUtc - offsetMs(guess, timeZone);
    candidates.add(guess);
  }
  candidates.add(midnightUtc - offsetMs(midnightUtc - 86_400_000, timeZone));
  candidates.add(midnightUtc - offsetMs(midnightUtc + 86_400_000, timeZone));
  const target = dayNumber(date.year, date.month, date.day);
  let best: number | undefined;
  for (const candidate of candidates) {
    const local = localDate(candidate, timeZone);
    if (dayNumber(local.year, local.month, local.day) < target) continue;
    if (best === undefined || candidate < best) best = candidate;
  }
  return best ?? guess;
}

/** The day after `date` (31-Dec-2026 → 1-Jan-2027). */
export function nextDay(date: ImapDate): ImapDate {
  const next = new Date(utcMidnight(date.year, date.month, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The local calendar date of an instant in a zone. */
export function localDate(epochMs: number, timeZone: string): ImapDate {
  const parts = wallClock(epochMs, timeZone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

function dayNumber(year: number, month: number, day: number): number {
  return Math.round(utcMidnight(year, month, day) / 86_400_000);
}
