// The instants that bound a calendar day in a time zone, for SEARCH BEFORE/ON/SINCE and SENT*. RFC 9051 §6.4.4
// compares dates "disregarding time and timezone": a message received at 00:30 in Paris is on that Paris day,
// though it is the previous day in UTC. Like Dovecot (index-search.c: received dates in the server's local zone),
// the day is the one of the server's zone (a setting, Europe/Paris by default). Dovecot compares SENT* in the
// Date: header's own zone; the store keeps only the instant of that header, so SENT* uses the server's zone too.

import type { ImapDate } from '../wire/date-time.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** Milliseconds the zone is ahead of UTC at that instant (+3,600,000 for Paris in winter). */
function offsetMs(epochMs: number, timeZone: string): number {
  const wall = wallClock(epochMs, timeZone);
  const asUtc =
    utcMidnight(wall.year, wall.month, wall.day) + ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
  // The wall clock has whole seconds; the instant's milliseconds are not part of the offset.
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

function wallClock(epochMs: number, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const fields: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) fields[part.type] = part.value;
  const year = Number(fields.year);
  return {
    // Years before 1 AD come as "2 BC": astronomical numbering makes them 1 - n.
    year: fields.era === 'BC' ? 1 - year : year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** Midnight UTC of that day; month and day may overflow. Not Date.UTC, which reads years 0-99 as 1900-1999. */
function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function dayNumber(year: number, month: number, day: number): number {
  return Math.round(utcMidnight(year, month, day) / 86_400_000);
}
