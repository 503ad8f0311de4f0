// The search form's fields as a JMAP Email/query filter (RFC 8621 §4.4.1): the words over every part
// (`text`, French-aware on the server), then each filter given. Dates are days in the account's time zone:
// "after" from the start of that day, "until" to the end of that day.

export interface SearchFields {
  readonly text: string;
  readonly from: string;
  readonly to: string;
  /** `YYYY-MM-DD`, or empty. */
  readonly after: string;
  readonly until: string;
  /** A mailbox id, or empty for every folder. */
  readonly mailboxId: string;
  readonly hasAttachment: boolean;
  readonly isUnread: boolean;
  readonly isFlagged: boolean;
}

export const EMPTY_SEARCH: SearchFields = {
  text: '',
  from: '',
  to: '',
  after: '',
  until: '',
  mailboxId: '',
  hasAttachment: false,
  isUnread: false,
  isFlagged: false,
};

/** The filter, or undefined when the form asks for nothing (no search to run). */
export function searchFilter(fields: SearchFields, timeZone: string): Record<string, unknown> | undefined {
  const conditions: Record<string, unknown>[] = [];
  const add = (condition: Record<string, unknown>) => conditions.push(condition);
  if (fields.text.trim() !== '') add({ text: fields.text.trim() });
  if (fields.from.trim() !== '') add({ from: fields.from.trim() });
  if (fields.to.trim() !== '') add({ to: fields.to.trim() });
  const after = dayStart(fields.after, timeZone, 0);
  if (after !== undefined) add({ after: after.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  const until = dayStart(fields.until, timeZone, 1);
  if (until !== undefined) add({ before: until.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  if (fields.mailboxId !== '') add({ inMailbox: fields.mailboxId });
  if (fields.hasAttachment) add({ hasAttachment: true });
  if (fields.isUnread) add({ notKeyword: '$seen' });
  if (fields.isFlagged) add({ hasKeyword: '$flagged' });
  if (conditions.length === 0) return undefined;
  // One condition stays a plain FilterCondition; several are ANDed.
  return conditions.length === 1 ? conditions[0] : { operator: 'AND', conditions };
}

/** Midnight at the start of `day` plus `plusDays`, in `timeZone`, as an instant; undefined for no valid day. */
export function dayStart(day: string, timeZone: string, plusDays: number): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3]) + plusDays];
  const wall = Date.UTC(year, month - 1, date);
  if (Number.isNaN(wall)) return undefined;
  // The zone's offset at that moment, measured twice so a day that starts next to a DST change is right.
  let instant = wall - offsetOf(wall, timeZone);
  instant = wall - offsetOf(instant, timeZone);
  return new Date(instant);
}

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
