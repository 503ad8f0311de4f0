// The zone FETCH writes INTERNALDATE and SAVEDATE in (RFC 9051 §9 date-time keeps a zone; any zone names the
// same instant). The account's zone (Europe/Paris unless the account says otherwise), the one SEARCH counts days
// in, at each message's own instant: summer mail shows +0200 and winter mail +0100, as the people reading it live, and the calendar day
// INTERNALDATE shows is the one SEARCH ON finds the message on. UTC would be simpler but would show a message
// received at 00:30 in Paris on the previous day, which SEARCH ON that day would not find.

/** The académie's zone, for a session without an account's own (DESIGN.md: dates default to Europe/Paris). */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const DAY_MS = 86_400_000;
/** `GMT`, `GMT+02:00`, `GMT-03:30`; before 1911 Paris was on local mean time: `GMT+00:09:21`. */
const LONG_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::\d{2})?)?$/;

/** Zones kept at once (accounts use a handful; a bound, not a working set). */
const MAX_ZONES = 64;
/** Days kept per zone: decades of mail. Past it the cache starts again, so memory stays bounded. */
const MAX_DAYS = 20_000;
const offsetsByZone = new Map<string, (epochMs: number) => number>();

/**
 * Minutes east of UTC of `timeZone` at an instant. One lookup per calendar day (UTC) the messages fall on:
 * when the offset is the same at both ends of the day it holds all day; a day with a transition (two a year)
 * is looked up per instant. Shared by the process: an Intl formatter costs a fifth of a millisecond to build,
 * as much as the rest of a one-message FETCH.
 */
export function zoneOffsets(timeZone: string = DEFAULT_TIME_ZONE): (epochMs: number) => number {
  let offsets = offsetsByZone.get(timeZone);
  if (offsets === undefined) {
    offsets = newZoneOffsets(timeZone);
    if (offsetsByZone.size >= MAX_ZONES) offsetsByZone.clear();
    offsetsByZone.set(timeZone, offsets);
  }
  return offsets;
}

function newZoneOffsets(timeZone: string): (epochMs: number) => number {
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const exact = (epochMs: number): number => {
    const name = formatter.formatToParts(new Date(epochMs)).find((part) => part.type === 'timeZoneName');
    return minutesOf(name?.value ?? 'GMT');
  };
  const byDay = new Map<number, number | undefined>();
  return (epochMs) => {
    // new Date(NaN) would make formatToParts throw; a stored date is always finite, so this is only a guard.
    if (!Number.isFinite(epochMs)) return 0;
    const day = Math.floor(epochMs / DAY_MS);
    if (!byDay.has(day)) {
      if (byDay.size >= MAX_DAYS) byDay.clear();
      const start = exact(day * DAY_MS);
      byDay.set(day, start === exact((day + 1) * DAY_MS - 1) ? start : undefined);
    }
    return byDay.get(day) ?? exact(epochMs);
  };
}

/** Whole minutes: formatDateTime() writes the local time with the same offset, so the instant stays exact. */
function minutesOf(longOffset: string): number {
  const match = LONG_OFFSET.exec(longOffset);
  if (match === null || match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
