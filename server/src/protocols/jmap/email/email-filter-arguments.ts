// The Email filter of Email/query, Email/queryChanges and SearchSnippet/get (RFC 8621 §4.4.1), read from the
// client's JSON into the domain's EmailFilter. A condition the domain answers maps directly; one it does not
// (the thread-keyword conditions, header) or does not know is unsupportedFilter, a malformed value invalidArguments.
// Security: client input; nesting, size and search values are bounded before the domain sees them.

import { z } from 'zod';
import { type EmailFilter, type EmailFilterCondition, SEARCH_LIMITS } from '#domain/mail';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, unsignedInt } from '../standard/arguments.ts';
import { searchWords } from './search-words.ts';

/** Operators nested inside one another: the domain's own bound, refused here with JMAP's words. */
const MAX_FILTER_DEPTH = 16;
/** Conditions and operators in one filter: the domain's bound on the SQL a filter generates. */
const MAX_FILTER_NODES = 256;
/** Mailboxes in one inMailboxOtherThan: more than an account holds is a broken client. */
const MAX_EXCLUDED_MAILBOXES = 1000;

/**
 * RFC 8620 §1.4 UTCDate: an RFC 3339 date-time in UTC, `T` and `Z` upper case. Fractional seconds are read to
 * the millisecond (times are stored to the millisecond); JavaScript clients send `.000`, so zeros are accepted.
 */
const UTC_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

const utcDate = z.string().transform((value, context) => {
  const date = parseUtcDate(value);
  if (date === undefined) {
    context.addIssue({ code: 'custom', message: `${value.slice(0, 64)} is not a UTCDate` });
    return z.NEVER;
  }
  return date;
});

/** A full-text value: words the search index can look up (its own bounds, or it would fail the call). */
const searchText = z
  .string()
  .max(SEARCH_LIMITS.maxQueryValueChars)
  .refine((value) => searchWords(value).length <= SEARCH_LIMITS.maxQueryTerms, {
    message: `at most ${SEARCH_LIMITS.maxQueryTerms} words in one search value`,
  });

/** Keywords are checked by the domain (parseKeyword), which names the one at fault. */
const keyword = z.string().max(255);

const condition = z.strictObject({
  inMailbox: jmapId.optional(),
  inMailboxOtherThan: z.array(jmapId).max(MAX_EXCLUDED_MAILBOXES).optional(),
  before: utcDate.optional(),
  after: utcDate.optional(),
  minSize: unsignedInt.optional(),
  maxSize: unsignedInt.optional(),
  hasKeyword: keyword.optional(),
  notKeyword: keyword.optional(),
  hasAttachment: z.boolean().optional(),
  text: searchText.optional(),
  from: searchText.optional(),
  to: searchText.optional(),
  cc: searchText.optional(),
  bcc: searchText.optional(),
  subject: searchText.optional(),
  body: searchText.optional(),
});

/**
 * RFC 8621 conditions the domain cannot answer yet: the thread-keyword ones need a per-thread aggregate of
 * keywords, header a header index; neither exists, and answering them wrongly would hide mail.
 */
const UNSUPPORTED_CONDITIONS = new Set([
  'allInThreadHaveKeyword',
  'someInThreadHaveKeyword',
  'noneInThreadHaveKeyword',
  'header',
]);

const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/**
 * The domain filter for a client's `filter` argument; undefined for null or absent (every email). Throws
 * unsupportedFilter for a condition this server does not answer, invalidArguments for a malformed one.
 */
export function parseEmailFilter(filter: unknown): EmailFilter | undefined {
  if (filter === null || filter === undefined) return undefined;
  return parseNode(filter, 'filter', { nodes: 0 }, 0);
}

function parseNode(value: unknown, path: string, budget: { nodes: number }, depth: number): EmailFilter {
  budget.nodes += 1;
  // Too deep or too large is a search the server will not run, which RFC 8620 §5.5 asks the client to simplify.
  if (depth > MAX_FILTER_DEPTH)
    throw new MethodError('unsupportedFilter', `filters nest at most ${MAX_FILTER_DEPTH} deep`);
  if (budget.nodes > MAX_FILTER_NODES)
    throw new MethodError('unsupportedFilter', `a filter holds at most ${MAX_FILTER_NODES} conditions`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidArguments(`${path} is not a FilterOperator or FilterCondition object`);
  return 'operator' in value
    ? parseOperator(value as Record<string, unknown>, path, budget, depth)
    : parseCondition(value as Record<string, unknown>, path);
}

function parseOperator(
  value: Record<string, unknown>,
  path: string,
  budget: { nodes: number },
  depth: number,
): EmailFilter {
  const { operator, conditions } = value;
  const extra = Object.keys(value).filter((key) => key !== 'operator' && key !== 'conditions');
  if (extra.length > 0) throw invalidArguments(`${path}: a FilterOperator has no ${extra.join(', ')}`);
  if (typeof operator !== 'string' || !OPERATORS.has(operator))
    throw invalidArguments(`${path}.operator must be AND, OR or NOT`);
  if (!Array.isArray(conditions)) throw invalidArguments(`${path}.conditions must be an array`);
  return {
    operator: operator as 'AND' | 'OR' | 'NOT',
    conditions: conditions.map((child: unknown, index) =>
      parseNode(child, `${path}.conditions[${index}]`, budget, depth + 1),
    ),
  };
}

function parseCondition(value: Record<string, unknown>, path: string): EmailFilterCondition {
  for (const key of Object.keys(value)) {
    if (UNSUPPORTED_CONDITIONS.has(key))
      throw new MethodError('unsupportedFilter', `${path}: the ${key} condition is not supported`);
    if (!Object.hasOwn(condition.shape, key))
      throw new MethodError('unsupportedFilter', `${path}: unknown condition ${key.slice(0, 64)}`);
  }
  const parsed = condition.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = [path, ...(issue?.path ?? []).map(String)].join('.');
    throw invalidArguments(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  // Absent properties stay absent: the domain reads `undefined` as "no such condition".
  return Object.fromEntries(
    Object.entries(parsed.data).filter(([, given]) => given !== undefined),
  ) as EmailFilterCondition;
}

/** The Date a UTCDate names, or undefined when the string is not one (a 30 February is not). */
export function parseUtcDate(value: string): Date | undefined {
  const match = UTC_DATE.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, milliseconds);
  // Dates roll 30 February over to March and 24:00 to the next day; a real date-time comes back unchanged.
  const isExact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return isExact ? date : undefined;
}
