// Numbers, sizes and dates as people read them in the CLI's language: binary units with a decimal comma in
// French, dates in a given time zone.

import type { Locale } from '@vercors/contract';

const UNITS = {
  fr: ['o', 'Kio', 'Mio', 'Gio', 'Tio'],
  en: ['B', 'KiB', 'MiB', 'GiB', 'TiB'],
} as const;

/** 5368709120 → "5 Gio" / "5 GiB"; one decimal below 10 units ("1,5 Gio"). */
export function formatBytes(locale: Locale, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS[locale].length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 && !Number.isInteger(value) ? 1 : 0;
  return `${formatNumber(locale, value, digits)} ${UNITS[locale][unit]}`;
}

export function formatNumber(locale: Locale, value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** A date and time as people there read it, in `timeZone` (the account's). */
export function formatDate(locale: Locale, date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}
