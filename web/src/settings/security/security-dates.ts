// Dates of the security screens (a session's last use, an app password's creation) in the account's time zone
// and language, whatever the browser's: "12 nov. 2026, 14:05". A zone the browser does not know falls back to
// Paris rather than failing the screen.

const DEFAULT_TIME_ZONE = 'Europe/Paris';

export type DateTimeText = (iso: string) => string;

export function dateTimeText(locale: string, timeZone: string): DateTimeText {
  const tag = locale === 'en' ? 'en-GB' : 'fr-FR';
  const options = { dateStyle: 'medium', timeStyle: 'short' } as const;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(tag, { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat(tag, { ...options, timeZone: DEFAULT_TIME_ZONE });
  }
  return (iso) => {
    const instant = Date.parse(iso);
    return Number.isNaN(instant) ? iso : format.format(instant);
  };
}
