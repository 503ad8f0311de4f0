// Wall-clock times in a named time zone as instants, without a library: the account's zone (Europe/Paris by
// default) decides what "9 h on Monday" means, whatever zone the browser is in. Measured twice so a time next
// to a change of hour lands right; a time that does not exist (02:30 on the spring-forward night) moves on
// by the gap, as clocks do.

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetOf(instant: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * `day` (`YYYY-MM-DD`, plus `plusDays`) at `time` (`HH:MM`) in `timeZone`, as an instant; undefined for a day
 * or time that is not one.
 */
export function zonedInstant(day: string, time: string, timeZone: string, plusDays = 0): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (date === null || clock === null) return undefined;
  const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
  if (hours > 23 || minutes > 59) return undefined;
  const wall = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]) + plusDays, hours, minutes);
  if (Number.isNaN(wall)) return undefined;
  let instant = wall - offsetOf(wall, timeZone);
  instant = wall - offsetOf(instant, timeZone);
  return new Date(instant);
}
