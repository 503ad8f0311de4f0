// Dates typed on the command line and times shown in listings, in a time zone (the académie's: Europe/Paris).
// `2026-11-01` and `2026-11-01T08:00` are wall-clock times there; a trailing `Z` or `+01:00` gives the
// offset outright. Intl knows the zone's rules (#core/time-zone), so summer time needs no table here.

import { wallClock, zoneOffsetMs as offsetMs } from '#core/time-zone';

/** The académie's zone: audit times are read and typed in it, whatever the machine's own zone. */
export const ACADEMIE_TIME_ZONE = 'Europe/Paris';

/** The instants a typed date names: a day alone covers the whole day, a time is one instant. */
export interface DateRange {
  /** Epoch ms of its first instant. */
  readonly start: number;
  /** Epoch ms of its last instant (the day's last millisecond; `start` for a time). */
  readonly end: number;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const DAY_MS = 86_400_000;

/** `2026-11-01`, `2026-11-01T08:00[:00[.000]]`, with an optional offset after a time; undefined otherwise. */
export function parseDateTime(text: string, timeZone: string): DateRange | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const fields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: Number((fraction ?? '0').padEnd(3, '0')),
  };
  if (!isValidWallClock(fields)) return undefined;
  const wall = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
    fields.ms,
  );
  if (hour === undefined) {
    // A day: from its local midnight to the next one's (23, 24 or 25 hours when the clocks change).
    const start = localToInstant(wall, timeZone);
    return { start, end: localToInstant(wall + DAY_MS, timeZone) - 1 };
  }
  const start = offset === undefined ? localToInstant(wall, timeZone) : wall - offsetFromText(offset);
  return { start, end: start };
}

/** `2026-11-01 08:00:00`: sortable, the same in every language, in `timeZone`. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  const wall = wallClock(epochMs, timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${String(wall.year).padStart(4, '0')}-${two(wall.month)}-${two(wall.day)} ` +
    `${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)}`
  );
}

function isValidWallClock(f: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}): boolean {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.hour > 23 || f.minute > 59 || f.second > 59) return false;
  // 2026-02-30 would roll over into March: refuse it rather than guess.
  return new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDate() === f.day;
}

/** `Z`, `+01:00`, `-0530` → milliseconds ahead of UTC. */
function offsetFromText(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return (offset.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

/**
 * The instant whose wall clock in `timeZone` reads `wall` (a wall-clock time written as if it were UTC). Two
 * passes settle on the zone's offset at that time; a time skipped when the clocks go forward lands just after
 * the gap, and one repeated when they go back is its second occurrence.
 */
function localToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}
