// The `From ` line that starts each message of an mbox file (RFC 4155): `From <sender> <asctime date>`, as
// mutt, Postfix's local(8), Thunderbird (`From - Tue Sep 01 10:00:00 2026`) and Google Takeout
// (`From 1745… Mon Mar 18 10:00:00 +0000 2024`) write it.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The date part: weekday, month, day, time, then the year, with a numeric zone or zone name before or after
 * the year. Requiring it is what tells a separator from a body line that merely starts with "From " and was
 * not escaped (mboxo writers miss some; mutt's is_from makes the same test).
 */
const FROM_LINE =
  /^From \S*(?:\s+\S+)*?\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s+(?:([+-]\d{4})|[A-Z]{1,5}\s+)?\s*(\d{4})(?:\s+([+-]\d{4}|[A-Z]{1,5}))?\s*$/i;

/** Longest `From ` line considered: real ones are well under 1 KiB; longer lines are body text. */
export const MAX_FROM_LINE = 4096;

export interface FromLine {
  /** The date it carries, read as UTC unless it names an offset (asctime has no zone); undefined if invalid. */
  readonly date: Date | undefined;
}

/** The line (without its line end) as an mbox separator, or undefined when it is not one. */
export function parseFromLine(line: string): FromLine | undefined {
  if (!line.startsWith('From ') || line.length > MAX_FROM_LINE) return undefined;
  const match = FROM_LINE.exec(line);
  if (match === null) return undefined;
  const [, month = '', day = '', hour = '', minute = '', second = '0', zoneBefore, year = '', zoneAfter] =
    match;
  const zone = zoneBefore ?? (zoneAfter?.startsWith('+') || zoneAfter?.startsWith('-') ? zoneAfter : '+0000');
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const time = Date.UTC(
    Number(year),
    MONTHS.indexOf(month.toLowerCase()),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const date = new Date(time - offsetMinutes * 60_000);
  const isValid = Number.isFinite(time) && Number(day) <= 31 && Number(hour) < 24 && Number(minute) < 60;
  return { date: isValid ? date : undefined };
}
