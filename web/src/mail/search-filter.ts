// The search form's fields as a JMAP Email/query filter (RFC 8621 §4.4.1): the words over every part
// (`text`, French-aware on the server), then each filter given. Dates are days in the account's time zone:
// "after" from the start of that day, "until" to the end of that day.

import { zonedInstant } from '../ui/zoned-time.ts';

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
  return zonedInstant(day, '00:00', timeZone, plusDays);
}
