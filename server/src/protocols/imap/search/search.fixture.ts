// Test support for SEARCH/SORT/THREAD: programs parsed from text, trees rendered as short strings to compare,
// a small mailbox of fake emails with a queryEmails that answers EmailFilters the way the store does (and
// counts its calls), and matches built from UIDs.

import type { EmailFilter, EmailQuery, EmailQueryResult, MailboxViewEntry } from '#domain/mail';
import { cursorOf } from '../wire/wire.fixture.ts';
import { parseSearchProgram, type SearchKey, type SearchProgram } from './search-criteria.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import type { SearchMatch } from './search-run.ts';

export const MAILBOX_ID = 'mbx-inbox';
export const ACCOUNT_ID = 'acct-1';

/** `SEARCH <text>` parsed as the command would (text is what follows `SEARCH `). */
export function programOf(
  text: string | Buffer,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): SearchProgram {
  const cursor = cursorOf(typeof text === 'string' ? ` ${text}` : Buffer.concat([Buffer.from(' '), text]));
  cursor.expectSpace();
  return parseSearchProgram(cursor, limits);
}

/** A key as a short string: `and(unflag(\Deleted), since(2026-11-01))`. */
export function describeKey(key: SearchKey): string {
  switch (key.kind) {
    case 'and':
      return `and(${key.keys.map(describeKey).join(', ')})`;
    case 'or':
      return `or(${describeKey(key.left)}, ${describeKey(key.right)})`;
    case 'not':
      return `not(${describeKey(key.key)})`;
    case 'flag':
      return `${key.isSet ? '' : 'un'}flag(${key.flag})`;
    case 'keyword':
      return `${key.isSet ? '' : 'un'}keyword(${key.keyword})`;
    case 'date': {
      const { year, month, day } = key.date;
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      return `${key.field === 'sent' ? 'sent' : ''}${key.comparison}(${date})`;
    }
    case 'within':
      return `${key.comparison}(${key.seconds})`;
    case 'size':
      return `${key.comparison}(${key.size})`;
    case 'text':
      return `${key.field}(${JSON.stringify(key.value)})`;
    case 'header':
      return `header(${key.field}, ${JSON.stringify(key.value)})`;
    case 'sequence':
    case 'uid':
      return `${key.kind}(${key.set.format()})`;
    case 'modseq':
      return key.entry === undefined
        ? `modseq(${key.modseq})`
        : `modseq(${key.entry.name} ${key.entry.type} ${key.modseq})`;
    case 'emailId':
    case 'threadId':
      return `${key.kind}(${key.id})`;
    default:
      return key.kind;
  }
}

/** A fake email: what the fake store filters on. */
export interface FakeEmail {
  readonly uid: number;
  readonly keywords?: readonly string[];
  readonly modseq?: number;
  readonly receivedAt: string;
  readonly sentAt?: string;
  readonly size?: number;
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly body?: string;
  readonly threadId?: string;
}

export interface FakeMailbox {
  readonly snapshot: readonly MailboxViewEntry[];
  readonly queries: EmailFilter[];
  queryEmails(accountId: string, query: EmailQuery): Promise<EmailQueryResult>;
}

/** A mailbox of these emails (email id `e<uid>`), and a queryEmails answering over them. */
export function fakeMailbox(emails: readonly FakeEmail[]): FakeMailbox {
  const snapshot = emails.map((email) => ({
    uid: email.uid,
    emailId: `e${email.uid}`,
    keywords: [...(email.keywords ?? [])].sort(),
    modseq: email.modseq ?? email.uid,
  }));
  const queries: EmailFilter[] = [];
  return {
    snapshot,
    queries,
    queryEmails(accountId, query) {
      if (accountId !== ACCOUNT_ID) throw new Error(`query for account ${accountId}`);
      if (query.textMatch !== 'substring') throw new Error('IMAP searches match substrings');
      const filter = query.filter!;
      queries.push(filter);
      const ids = emails.filter((email) => matches(filter, email)).map((email) => `e${email.uid}`);
      return Promise.resolve({ ids: ids.slice(0, query.limit), threadIds: [], position: 0 });
    },
  };
}

/** The filter of each query with its leading `inMailbox` conjunct checked and removed. */
export function queriedFilters(mailbox: FakeMailbox): EmailFilter[] {
  return mailbox.queries.map((filter) => {
    if (!('operator' in filter) || filter.operator !== 'AND') throw new Error('query not an AND');
    const [scope, rest] = filter.conditions;
    if (scope === undefined || 'operator' in scope || scope.inMailbox !== MAILBOX_ID || rest === undefined) {
      throw new Error('query not restricted to the mailbox');
    }
    return rest;
  });
}

/** Matches for these UIDs of a snapshot. */
export function matchesOf(snapshot: readonly MailboxViewEntry[], uids?: readonly number[]): SearchMatch[] {
  return snapshot.flatMap((entry, index) =>
    uids === undefined || uids.includes(entry.uid) ? [{ sequence: index + 1, entry }] : [],
  );
}

function matches(filter: EmailFilter, email: FakeEmail): boolean {
  if ('operator' in filter) {
    const results = filter.conditions.map((condition) => matches(condition, email));
    if (filter.operator === 'AND') return results.every(Boolean);
    if (filter.operator === 'OR') return results.some(Boolean);
    return !results.some(Boolean);
  }
  const received = Date.parse(email.receivedAt);
  const sent = email.sentAt === undefined ? undefined : Date.parse(email.sentAt);
  const size = email.size ?? 1000;
  const has = (text: string | undefined, value: string | undefined) =>
    value === undefined || (text ?? '').toLowerCase().includes(value.toLowerCase());
  return (
    (filter.inMailbox === undefined || filter.inMailbox === MAILBOX_ID) &&
    (filter.before === undefined || received < filter.before.getTime()) &&
    (filter.after === undefined || received >= filter.after.getTime()) &&
    (filter.sentBefore === undefined || (sent !== undefined && sent < filter.sentBefore.getTime())) &&
    (filter.sentAfter === undefined || (sent !== undefined && sent >= filter.sentAfter.getTime())) &&
    (filter.minSize === undefined || size >= filter.minSize) &&
    (filter.maxSize === undefined || size < filter.maxSize) &&
    (filter.inThread === undefined || filter.inThread === email.threadId) &&
    has(email.from, filter.from) &&
    has(email.to, filter.to) &&
    has(email.subject, filter.subject) &&
    has(email.body, filter.body) &&
    has([email.from, email.to, email.subject, email.body].join(' '), filter.text)
  );
}
