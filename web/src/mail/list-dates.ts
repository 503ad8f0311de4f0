// The date of a message in the list, as mail apps show it: the time for today, the day and month this year,
// the full date before; in the account's time zone (Europe/Paris by default) and the user's language.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  style: 'time' | 'dayMonth' | 'full' | 'year',
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let found = formatters.get(key);
  if (found === undefined) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : style === 'dayMonth'
          ? { day: 'numeric', month: 'short' }
          : style === 'year'
            ? { year: 'numeric' }
            : { day: '2-digit', month: '2-digit', year: 'numeric' };
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** `receivedAt` (RFC 3339) for the list, relative to `now`. */
export function formatListDate(receivedAt: string, locale: string, timeZone: string, now: Date): string {
  const date = new Date(receivedAt);
  if (Number.isNaN(date.getTime())) return '';
  const day = formatter(locale, timeZone, 'full');
  if (day.format(date) === day.format(now)) return formatter(locale, timeZone, 'time').format(date);
  const year = formatter(locale, timeZone, 'year');
  if (year.format(date) === year.format(now)) return formatter(locale, timeZone, 'dayMonth').format(date);
  return day.format(date);
}
