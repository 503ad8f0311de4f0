// Dates on the wire (RFC 9051 §9): `date-time` ("17-Jul-1996 02:44:25 -0700") in APPEND and FETCH
// INTERNALDATE, and the search `date` (17-Jul-1996) of SEARCH BEFORE/ON/SINCE. Month names and the rest are
// case-insensitive like every ABNF string.

import { ParseError } from '#core/errors';
import { PARSE_ERRORS, printable } from './tokens.ts';

/** An instant with the UTC offset it was written in: INTERNALDATE keeps the client's zone (RFC 9051 §2.3.3). */
export interface ImapDateTime {
  readonly epochMs: number;
  /** Minutes east of UTC: -0700 is -420. */
  readonly zoneMinutes: number;
}

/** A calendar day without a zone: SEARCH compares it with the day of each message in the server's zone. */
export interface ImapDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
}

/** Month abbreviations of date-time and date (RFC 9051 §9), January first. */
export const MONTHS: readonly string[] = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const MONTH_BY_NAME = new Map(MONTHS.map((name, index) => [name.toUpperCase(), index + 1]));

// date-day-fixed = (SP DIGIT) / 2DIGIT; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT; zone = ("+" / "-") 4DIGIT
const DATE_TIME = /^( \d|\d\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/;
// date-text = date-day "-" date-month "-" date-year; date-day = 1*2DIGIT
const DATE = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/;

/** The text between the quotes of a date-time. */
export function parseDateTime(text: string): ImapDateTime {
  const match = DATE_TIME.exec(text);
  if (match === null) throw invalid('date-time', text, '"dd-Mon-yyyy hh:mm:ss +zzzz"');
  const [, dayText, monthText, yearText, hourText, minuteText, secondText, sign, zoneHours, zoneMins] = match;
  const date = calendarDate(dayText!.trim(), monthText!, yearText!, text);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  // 60: a leap second is a legal time (RFC 5322 §3.3); it rolls into the next minute.
  const second = Number(secondText);
  // Zones beyond ±23:59 are not places on Earth, and minutes past 59 are not minutes.
  if (hour > 23 || minute > 59 || second > 60 || Number(zoneHours) > 23 || Number(zoneMins) > 59) {
    throw invalid('date-time', text, 'a real time and zone');
  }
  const zoneMinutes = (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMins));
  const localMs = utcMs(date.year, date.month, date.day) + ((hour * 60 + minute) * 60 + second) * 1000;
  return { epochMs: localMs - zoneMinutes * 60_000, zoneMinutes };
}

/** A search date, quotes already removed. */
export function parseDate(text: string): ImapDate {
  const match = DATE.exec(text);
  if (match === null) throw invalid('date', text, 'dd-Mon-yyyy');
  return calendarDate(match[1]!, match[2]!, match[3]!, text);
}

/** INTERNALDATE as sent in FETCH, without the quotes: `17-Jul-1996 02:44:25 -0700`. */
export function formatDateTime(epochMs: number, zoneMinutes: number): string {
  const local = new Date(epochMs + zoneMinutes * 60_000);
  const offset = Math.abs(zoneMinutes);
  const zone = `${zoneMinutes < 0 ? '-' : '+'}${pad(Math.floor(offset / 60), 2)}${pad(offset % 60, 2)}`;
  const day = `${pad(local.getUTCDate(), 2)}-${MONTHS[local.getUTCMonth()]}-${pad(local.getUTCFullYear(), 4)}`;
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
  return `${day} ${time} ${zone}`;
}

function calendarDate(dayText: string, monthText: string, yearText: string, text: string): ImapDate {
  const month = MONTH_BY_NAME.get(monthText.toUpperCase());
  const day = Number(dayText);
  const year = Number(yearText);
  if (month === undefined || day < 1 || day > daysInMonth(year, month)) {
    throw invalid('date', text, 'an existing day such as 07-Jul-2024');
  }
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 1) - 86_400_000).getUTCDate();
}

/**
 * Midnight UTC of that day (month 13 is January of the next year). Not Date.UTC: it reads years 0-99 as
 * 1900-1999, and 4DIGIT allows 0099.
 */
function utcMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function invalid(what: string, text: string, expected: string): ParseError {
  return new ParseError(PARSE_ERRORS.syntax, `Invalid ${what} "${printable(text)}": expected ${expected}`);
}
