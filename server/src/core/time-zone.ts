// Wall clocks in a time zone, from the platform's own zone data (Intl): the local date and time of an instant,
// and how far the zone is ahead of UTC then. IMAP SEARCH's calendar days and the command line's Paris times
// both stand on these.

const formatters = new Map<string, Intl.DateTimeFormat>();

export interface WallClock {
  /** Astronomical numbering: 1 BC is year 0. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The local date and time of `epochMs` in `timeZone`; RangeError for an unknown zone. */
export function wallClock(epochMs: number, timeZone: string): WallClock {
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

/** Milliseconds the zone is ahead of UTC at that instant (+3,600,000 for Paris in winter). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const wall = wallClock(epochMs, timeZone);
  const asUtc =
    utcMidnight(wall.year, wall.month, wall.day) + ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
  // The wall clock has whole seconds; the instant's milliseconds are not part of the offset.
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** Midnight UTC of that day; month and day may overflow. Not Date.UTC, which reads years 0-99 as 1900-1999. */
export function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}
