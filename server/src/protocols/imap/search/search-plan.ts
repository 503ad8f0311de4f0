// Turns a SEARCH criteria tree into a plan whose leaves say who answers them:
// - `snapshot`: a test on the selected mailbox's snapshot entry (flags and keywords, sequence and UID sets,
//   `$`, MODSEQ, EMAILID). The snapshot is what the client was told, refreshed at safe points; flags are read
//   there rather than in SQL because it is both authoritative for this session and free.
// - `database`: an EmailFilter the store answers with indexes (dates, sizes, full text, THREADID, HEADER on the
//   indexed fields From/To/Cc/Bcc/Subject), evaluated once to a set of email ids.
// - `header`: HEADER on a field the index does not cover (or with an empty string, which asks whether the
//   field is present), answered by reading the header blocks of the candidates that remain (search-run.ts).
// Boolean structure is kept exactly: an AND or OR merges its database children into one filter (one query),
// NOT stays a NOT over the leaf's id set, so mixing snapshot and database keys under OR/NOT stays exact.

import type { EmailFilter, EmailFilterCondition, MailboxViewEntry } from '#domain/mail';
import type { ImapDate } from '../wire/date-time.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import type { SearchKey, SystemFlag, TextField } from './search-criteria.ts';
import { nextDay, startOfDay } from './search-dates.ts';

export type EntryTest = (entry: MailboxViewEntry, sequence: number) => boolean;

export type PlanNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly PlanNode[] }
  | { readonly kind: 'not'; readonly child: PlanNode }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'snapshot'; readonly test: EntryTest }
  | { readonly kind: 'database'; readonly filter: EmailFilter }
  /** `field` lower case; `value` folded by foldHeaderText ('' = the field is present). */
  | { readonly kind: 'header'; readonly field: string; readonly value: string };

export interface PlanContext {
  /** The selected mailbox in UID order: sequence number = index + 1. */
  readonly snapshot: readonly MailboxViewEntry[];
  /** The saved result `$` (RFC 5182) as UIDs; undefined before any SEARCH SAVE (then `$` matches nothing). */
  readonly savedResult: SequenceSet | undefined;
  /** IANA zone whose calendar days BEFORE/ON/SINCE name (Europe/Paris by default). */
  readonly timeZone: string;
  /** Now, for OLDER/YOUNGER. */
  readonly now: number;
}

/** The store's keyword for each IMAP system flag (keywords.ts: IMAP maps them at its boundary). */
export const FLAG_KEYWORDS: Readonly<Record<SystemFlag, string>> = {
  '\\Answered': '$answered',
  '\\Deleted': '$deleted',
  '\\Draft': '$draft',
  '\\Flagged': '$flagged',
  '\\Seen': '$seen',
};

/** Header fields the full-text index holds, by the EmailFilter condition that searches them. */
const INDEXED_HEADERS: Readonly<Record<string, TextField>> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  subject: 'subject',
};

const TRUE: PlanNode = { kind: 'constant', value: true };
const FALSE: PlanNode = { kind: 'constant', value: false };

export function planSearch(criteria: SearchKey, context: PlanContext): PlanNode {
  return simplify(translate(criteria, context));
}

/** Case-insensitive, accent-insensitive form for HEADER matching (the index folds the same way). */
export function foldHeaderText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The database leaves of a plan, in evaluation order. */
export function databaseLeaves(node: PlanNode): PlanNode[] {
  if (node.kind === 'database') return [node];
  if (node.kind === 'not') return databaseLeaves(node.child);
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(databaseLeaves);
  return [];
}

/** The header fields a plan reads, lower case, each once. */
export function headerFields(node: PlanNode): string[] {
  const fields = new Set<string>();
  const visit = (current: PlanNode): void => {
    if (current.kind === 'header') fields.add(current.field);
    else if (current.kind === 'not') visit(current.child);
    else if (current.kind === 'and' || current.kind === 'or') current.children.forEach(visit);
  };
  visit(node);
  return [...fields];
}

function translate(key: SearchKey, context: PlanContext): PlanNode {
  switch (key.kind) {
    case 'and':
      return { kind: 'and', children: key.keys.map((child) => translate(child, context)) };
    case 'or':
      return { kind: 'or', children: [translate(key.left, context), translate(key.right, context)] };
    case 'not':
      return { kind: 'not', child: translate(key.key, context) };
    case 'all':
    case 'old':
      // \Recent is gone from IMAP4rev2 and the store does not track it: no message is recent, so OLD
      // (NOT RECENT) is every message, and RECENT and NEW (RECENT UNSEEN) are none.
      return TRUE;
    case 'recent':
    case 'new':
      return FALSE;
    case 'flag':
      return keywordTest(FLAG_KEYWORDS[key.flag], key.isSet);
    case 'keyword':
      return keywordTest(key.keyword, key.isSet);
    case 'sequence':
    case 'uid':
      return setTest(key.set, key.kind, context);
    case 'modseq':
      return modseqTest(key.modseq);
    case 'emailId': {
      const id = key.id;
      return { kind: 'snapshot', test: (entry) => entry.emailId === id };
    }
    default:
      return databaseOrHeader(key, context);
  }
}

/** The keys the store or the header fallback answers. */
function databaseOrHeader(key: SearchKey, context: PlanContext): PlanNode {
  switch (key.kind) {
    case 'date':
      return database(dateCondition(key.field, key.comparison, key.date, context.timeZone));
    case 'within': {
      const limit = context.now - key.seconds * 1000;
      // OLDER n: received at least n seconds ago (Dovecot compares with <=); YOUNGER n: at most n seconds ago.
      return database(
        key.comparison === 'older' ? { before: new Date(limit + 1) } : { after: new Date(limit) },
      );
    }
    case 'size':
      return sizeNode(key.comparison, key.size);
    case 'text':
      return database(textCondition(key.field, key.value));
    case 'threadId':
      return database({ inThread: key.id });
    case 'header': {
      const field = key.field.toLowerCase();
      const indexed = INDEXED_HEADERS[field];
      // An empty string asks for the field's presence, which the index cannot tell: read the header.
      if (indexed !== undefined && key.value !== '') return database(textCondition(indexed, key.value));
      return { kind: 'header', field, value: foldHeaderText(key.value) };
    }
    default:
      throw new Error(`search key ${key.kind} has no plan`);
  }
}

function database(condition: EmailFilterCondition): PlanNode {
  return { kind: 'database', filter: condition };
}

/** The full-text condition of one field, matched as a substring (IMAP SEARCH semantics). */
function textCondition(field: TextField, value: string): EmailFilterCondition {
  const condition: { -readonly [K in TextField]?: string } = {};
  condition[field] = value;
  return condition;
}

function keywordTest(keyword: string, isSet: boolean): PlanNode {
  // Snapshot keywords are lower case and sorted, a handful per message: includes() is the fastest test.
  return {
    kind: 'snapshot',
    test: isSet ? (entry) => entry.keywords.includes(keyword) : (entry) => !entry.keywords.includes(keyword),
  };
}

function setTest(set: SequenceSet, kind: 'sequence' | 'uid', context: PlanContext): PlanNode {
  if (set.isSearchResult) {
    const saved = context.savedResult;
    if (saved === undefined) return FALSE;
    return { kind: 'snapshot', test: (entry) => saved.contains(entry.uid) };
  }
  const { snapshot } = context;
  if (kind === 'sequence') {
    const resolved = set.resolve(snapshot.length);
    return { kind: 'snapshot', test: (_entry, sequence) => resolved.contains(sequence) };
  }
  // `*` is the largest UID in use (RFC 9051 §9); an empty mailbox has no message to match anyway.
  const resolved = set.resolve(snapshot[snapshot.length - 1]?.uid ?? 0);
  return { kind: 'snapshot', test: (entry) => resolved.contains(entry.uid) };
}

function modseqTest(modseq: bigint): PlanNode {
  // The snapshot's modseqs are safe integers; a larger value is above every one of them.
  if (modseq > BigInt(Number.MAX_SAFE_INTEGER)) return FALSE;
  const floor = Number(modseq);
  return { kind: 'snapshot', test: (entry) => entry.modseq >= floor };
}

function sizeNode(comparison: 'larger' | 'smaller', size: bigint): PlanNode {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (comparison === 'larger') return size >= max ? FALSE : database({ minSize: Number(size) + 1 });
  if (size === 0n) return FALSE;
  return size > max ? TRUE : database({ maxSize: Number(size) });
}

function dateCondition(
  field: 'internal' | 'sent',
  comparison: 'before' | 'on' | 'since',
  date: ImapDate,
  timeZone: string,
): EmailFilterCondition {
  const start = new Date(startOfDay(date, timeZone));
  const end = comparison === 'on' ? new Date(startOfDay(nextDay(date), timeZone)) : undefined;
  if (field === 'internal') {
    if (comparison === 'before') return { before: start };
    return end === undefined ? { after: start } : { after: start, before: end };
  }
  if (comparison === 'before') return { sentBefore: start };
  return end === undefined ? { sentAfter: start } : { sentAfter: start, sentBefore: end };
}

/**
 * Flatten nested AND/OR, fold constants, drop double NOTs, and merge the database children of each AND/OR into
 * one filter. In an AND with a positive database child, NOT(database) children join that filter too: the
 * store answers `SINCE x NOT FROM y` in one query returning few ids, rather than every id from y.
 */
function simplify(node: PlanNode): PlanNode {
  if (node.kind === 'not') {
    const child = simplify(node.child);
    if (child.kind === 'constant') return child.value ? FALSE : TRUE;
    if (child.kind === 'not') return child.child;
    return { kind: 'not', child };
  }
  if (node.kind !== 'and' && node.kind !== 'or') return node;
  const isAnd = node.kind === 'and';
  const children: PlanNode[] = [];
  for (const child of node.children.map(simplify)) {
    if (child.kind === node.kind) children.push(...child.children);
    else if (child.kind === 'constant') {
      // TRUE in an AND and FALSE in an OR change nothing; the other constant decides the whole node.
      if (child.value !== isAnd) return child;
    } else children.push(child);
  }
  const merged = mergeDatabaseChildren(children, isAnd);
  if (merged.length === 0) return isAnd ? TRUE : FALSE;
  return merged.length === 1 ? merged[0]! : { kind: node.kind, children: merged };
}

function mergeDatabaseChildren(children: readonly PlanNode[], isAnd: boolean): PlanNode[] {
  const operator = isAnd ? 'AND' : 'OR';
  const filters: EmailFilter[] = [];
  const others: PlanNode[] = [];
  for (const child of children) {
    if (child.kind !== 'database') others.push(child);
    // A child already merged with the same operator is flattened: Roundcube's `OR OR OR …` chains would
    // otherwise nest deeper than the store's filter depth bound.
    else if ('operator' in child.filter && child.filter.operator === operator) {
      filters.push(...child.filter.conditions);
    } else filters.push(child.filter);
  }
  if (isAnd && filters.length > 0) {
    const kept: PlanNode[] = [];
    for (const child of others) {
      if (child.kind === 'not' && child.child.kind === 'database') {
        filters.push({ operator: 'NOT', conditions: [child.child.filter] });
      } else kept.push(child);
    }
    others.splice(0, others.length, ...kept);
  }
  if (filters.length === 0) return others;
  const filter: EmailFilter = filters.length === 1 ? filters[0]! : { operator, conditions: filters };
  return [{ kind: 'database', filter }, ...others];
}
