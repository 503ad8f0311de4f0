// Email/query and IMAP SEARCH/SORT: filter, sort, page and optionally collapse threads, without a full scan
// for the common cases. A top-level inMailbox drives the query through that mailbox's memberships (date order
// is an index range); full-text conditions come from the search index and are applied to the candidates.

import type { SelectQueryBuilder } from 'kysely';
import type { SearchMatch, SearchMatches } from '#store';
import { type CollapsedOrder, CollapsedOrderCache } from './collapsed-order-cache.ts';
import {
  buildFilter,
  conjuncts,
  drivingMailboxOf,
  hasText,
  toSql,
  type EmailFilter,
  type FilterNode,
  type FilterScope,
} from './email-filter.ts';
import type { MailContext } from './mail-context.ts';
import { invalid } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';

export type EmailSortProperty = 'receivedAt' | 'sentAt' | 'size' | 'subject';

export interface EmailSort {
  readonly property: EmailSortProperty;
  /** Default false: newest, largest, last subject first (JMAP's default is descending receivedAt). */
  readonly isAscending?: boolean;
}

export interface EmailQuery {
  readonly filter?: EmailFilter;
  /** Default: receivedAt descending. Ties are broken by id, in the direction of the first criterion. */
  readonly sort?: readonly EmailSort[];
  readonly position?: number;
  /** Default MAIL_LIMITS.defaultQueryLimit; at most MAIL_LIMITS.maxEmailsPerCall (IMAP SEARCH wants all). */
  readonly limit?: number;
  /** One email per thread: the first in sort order (JMAP collapseThreads). */
  readonly collapseThreads?: boolean;
  readonly calculateTotal?: boolean;
  /** How full-text values match: JMAP's words (default) or IMAP SEARCH's substrings. */
  readonly textMatch?: SearchMatch;
}

export interface EmailQueryResult {
  readonly ids: readonly string[];
  /** The thread of each id, aligned with `ids`. */
  readonly threadIds: readonly string[];
  readonly position: number;
  readonly total?: number;
}

type ScopedQuery = SelectQueryBuilder<FilterScope, 'e' | 'm', object>;

interface Row {
  readonly id: string;
  readonly thread_id: string;
  readonly [flag: `c${number}`]: number | string | boolean;
}

export async function queryEmails(
  context: MailContext,
  accountId: string,
  query: EmailQuery,
): Promise<EmailQueryResult> {
  const position = query.position ?? 0;
  const limit = query.limit ?? MAIL_LIMITS.defaultQueryLimit;
  if (!Number.isSafeInteger(position) || position < 0)
    throw invalid('email', String(position), 'invalidPosition');
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAIL_LIMITS.maxEmailsPerCall) {
    throw invalid('email', String(limit), 'invalidLimit');
  }
  const drivingMailbox = drivingMailboxOf(query.filter);
  const tree = buildFilter(query.filter, {
    accountId,
    drivingMailbox,
    textMatch: query.textMatch ?? 'words',
  });

  // SQL answers the text-free conjuncts; the others are evaluated on the candidates
  const parts = conjuncts(tree);
  const inSql = parts.filter((node) => !hasText(node));
  const inMemory = parts.filter(hasText);
  const matches = await searchMatches(context, accountId, inMemory);
  const flags: FilterNode[] = [];
  const base = baseQuery(context, accountId, drivingMailbox, inSql, inMemory, matches, flags);
  const sorted = orderBy(base, query.sort ?? [{ property: 'receivedAt' }], drivingMailbox !== undefined);

  if (inMemory.length === 0) {
    const collapse = query.collapseThreads === true;
    const countTotal = !query.calculateTotal
      ? undefined
      : isWholeMailbox(query.filter) && drivingMailbox !== undefined
        ? () => mailboxTotal(context, accountId, drivingMailbox, collapse)
        : () => countRows(base, collapse);
    if (
      collapse &&
      drivingMailbox !== undefined &&
      isWholeMailbox(query.filter) &&
      position + limit > DEEP_PAGE
    ) {
      const order = await wholeCollapsedOrder(context, accountId, drivingMailbox, query.sort, sorted);
      const total = await countTotal?.();
      return {
        ids: order.ids.slice(position, position + limit),
        threadIds: order.threadIds.slice(position, position + limit),
        position,
        ...(total !== undefined && { total }),
      };
    }
    return collapse
      ? await collapsedPage(sorted, position, limit, countTotal)
      : await plainPage(sorted, position, limit, countTotal);
  }
  // Text conditions: read the candidates in order, a batch at a time, keep those that match; stop once the
  // page asked for is full, unless the total is wanted (then every candidate is read)
  // A filter that is one text condition over the whole account counts its matches: the index holds exactly the
  // account's live emails (destruction removes them in its transaction), so the total needs no scan.
  const [only] = inMemory;
  const onlyMatches =
    inSql.length === 0 &&
    inMemory.length === 1 &&
    only?.kind === 'text' &&
    drivingMailbox === undefined &&
    query.collapseThreads !== true
      ? matches.get(only)
      : undefined;
  const matchCount = onlyMatches && (onlyMatches.ids?.size ?? onlyMatches.count);
  const wanted =
    query.calculateTotal && matchCount === undefined ? Number.POSITIVE_INFINITY : position + limit;
  const kept: Row[] = [];
  const threads = new Set<string>();
  // A message arriving between two batches shifts the rows: one read twice is kept once.
  const seen = new Set<string>();
  let batch = Math.max(MIN_SCAN_BATCH, 2 * (position + limit));
  for (let offset = 0; ; offset += batch, batch = Math.min(batch * 4, MAX_SCAN_BATCH)) {
    const rows = (await sorted.offset(offset).limit(batch).execute()) as unknown as Row[];
    const fresh = rows.filter((row) => !seen.has(row.id));
    for (const row of fresh) seen.add(row.id);
    const found = await matchesAmong(matches, fresh);
    for (const row of fresh) {
      if (!inMemory.every((node) => evaluate(node, row, found, flags))) continue;
      if (query.collapseThreads) {
        if (threads.has(row.thread_id)) continue;
        threads.add(row.thread_id);
      }
      kept.push(row);
    }
    if (rows.length < batch || kept.length >= wanted) break;
  }
  const page = kept.slice(position, position + limit);
  return {
    ids: page.map((row) => row.id),
    threadIds: page.map((row) => row.thread_id),
    position,
    ...(query.calculateTotal && { total: matchCount ?? kept.length }),
  };
}

/**
 * Candidates read per batch when text conditions filter them: the first batch is twice the page (a common
 * word fills it at once), later ones grow fourfold up to the maximum (a rare word reads on through the box).
 */
const MIN_SCAN_BATCH = 200;
const MAX_SCAN_BATCH = 20_000;

/**
 * A full-text leaf's matches in the index: every id when they are few (they also narrow the SQL), else their
 * number and a test of each batch of candidates (a word in every email is never listed whole).
 */
interface TextMatches extends SearchMatches {
  readonly ids: ReadonlySet<string> | undefined;
}

async function searchMatches(
  context: MailContext,
  accountId: string,
  nodes: readonly FilterNode[],
): Promise<Map<FilterNode, TextMatches>> {
  const { search } = context.database;
  const matches = new Map<FilterNode, TextMatches>();
  const visit = async (node: FilterNode): Promise<void> => {
    if (node.kind === 'text') {
      const found = await search.match(accountId, node.condition);
      const ids =
        found.count > 0 && found.count <= NARROWING_IDS
          ? new Set(await search.search(accountId, node.condition))
          : undefined;
      matches.set(node, { count: found.count, among: (candidates) => found.among(candidates), ids });
    } else if (node.kind === 'not') await visit(node.child);
    else if (node.kind === 'and' || node.kind === 'or') for (const child of node.children) await visit(child);
  };
  for (const node of nodes) await visit(node);
  return matches;
}

/** Which of `rows` each full-text leaf matches. */
async function matchesAmong(
  matches: ReadonlyMap<FilterNode, TextMatches>,
  rows: readonly Row[],
): Promise<Map<FilterNode, ReadonlySet<string>>> {
  const found = new Map<FilterNode, ReadonlySet<string>>();
  const ids = rows.map((row) => row.id);
  for (const [node, leaf] of matches) {
    found.set(node, leaf.ids ?? (leaf.count === 0 ? EMPTY : new Set(await leaf.among(ids))));
  }
  return found;
}

const EMPTY: ReadonlySet<string> = new Set();

/** A full-text match set small enough to narrow the SQL itself (a top-level AND of a rare word). */
const NARROWING_IDS = 1_000;

function baseQuery(
  context: MailContext,
  accountId: string,
  drivingMailbox: string | undefined,
  inSql: readonly FilterNode[],
  inMemory: readonly FilterNode[],
  matches: ReadonlyMap<FilterNode, TextMatches>,
  flags: FilterNode[],
): ScopedQuery {
  const { db } = context.database;
  let query: ScopedQuery =
    drivingMailbox === undefined
      ? // Without a driving mailbox the builder never names m (email-filter.ts only uses it when one drives).
        (db.selectFrom('emails as e') as unknown as ScopedQuery)
      : db
          .selectFrom('email_mailboxes as m')
          .innerJoin('emails as e', 'e.id', 'm.email_id')
          .where('m.mailbox_id', '=', drivingMailbox);
  query = query.where('e.account_id', '=', accountId).select(['e.id', 'e.thread_id']);
  for (const node of inSql) query = query.where((eb) => toSql(node, eb));
  for (const node of inMemory) {
    const leaf = matches.get(node);
    if (leaf !== undefined && leaf.count === 0) query = query.where('e.id', 'in', ['']);
    else if (leaf?.ids !== undefined) query = query.where('e.id', 'in', [...leaf.ids]);
    collectFlags(node, flags);
  }
  // SQL leaves under a text-bearing conjunct come back as 0/1 columns c0, c1…, evaluated with the text matches
  flags.forEach((node, index) => {
    query = query.select((eb) => eb.case().when(toSql(node, eb)).then(1).else(0).end().as(`c${index}`));
  });
  return query;
}

function collectFlags(node: FilterNode, flags: FilterNode[]): void {
  if (!hasText(node)) {
    flags.push(node);
    return;
  }
  if (node.kind === 'not') collectFlags(node.child, flags);
  else if (node.kind === 'and' || node.kind === 'or')
    for (const child of node.children) collectFlags(child, flags);
}

function evaluate(
  node: FilterNode,
  row: Row,
  matches: ReadonlyMap<FilterNode, ReadonlySet<string>>,
  flags: readonly FilterNode[],
): boolean {
  const flag = flags.indexOf(node);
  if (flag >= 0) return Number(row[`c${flag}`]) === 1 || row[`c${flag}`] === true;
  switch (node.kind) {
    case 'text':
      return matches.get(node)?.has(row.id) ?? false;
    case 'not':
      return !evaluate(node.child, row, matches, flags);
    case 'and':
      return node.children.every((child) => evaluate(child, row, matches, flags));
    case 'or':
      return node.children.some((child) => evaluate(child, row, matches, flags));
    case 'sql':
      throw new Error('a SQL condition without its flag column');
  }
}

function orderBy(query: ScopedQuery, sort: readonly EmailSort[], isDriven: boolean): ScopedQuery {
  if (sort.length === 0) return orderBy(query, [{ property: 'receivedAt' }], isDriven);
  let ordered = query;
  for (const criterion of sort) {
    const direction = criterion.isAscending ? 'asc' : 'desc';
    switch (criterion.property) {
      case 'receivedAt':
        ordered = ordered.orderBy(isDriven ? 'm.received_at' : 'e.received_at', direction);
        break;
      case 'sentAt':
        // A message without a Date: header sorts by its arrival (RFC 5256 §2.2 does the same for SORT DATE).
        ordered = ordered.orderBy((eb) => eb.fn.coalesce('e.sent_at', 'e.received_at'), direction);
        break;
      case 'size':
        ordered = ordered.orderBy('e.size', direction);
        break;
      case 'subject':
        ordered = ordered.orderBy('e.normalized_subject', direction);
        break;
      default:
        throw invalid('email', String(criterion.property), 'unsupportedSort');
    }
  }
  const tieDirection = sort[0]?.isAscending ? 'asc' : 'desc';
  return ordered.orderBy(isDriven ? 'm.email_id' : 'e.id', tieDirection);
}

async function plainPage(
  sorted: ScopedQuery,
  position: number,
  limit: number,
  countTotal: (() => Promise<number>) | undefined,
): Promise<EmailQueryResult> {
  const rows =
    limit === 0 ? [] : ((await sorted.offset(position).limit(limit).execute()) as unknown as Row[]);
  const total = await countTotal?.();
  return {
    ids: rows.map((row) => row.id),
    threadIds: rows.map((row) => row.thread_id),
    position,
    ...(total !== undefined && { total }),
  };
}

/** Matching emails (or threads) by counting rows. */
async function countRows(base: ScopedQuery, collapse: boolean): Promise<number> {
  const counted = await base
    .clearSelect()
    .select((eb) =>
      (collapse ? eb.fn.count<number>('e.thread_id').distinct() : eb.fn.countAll<number>()).as('count'),
    )
    .executeTakeFirst();
  return Number(counted?.count ?? 0);
}

/** A whole mailbox: its counters already say how many emails and threads it holds. */
/** Past this many rows, a whole mailbox's collapsed page comes from its kept order (collapsed-order-cache.ts). */
const DEEP_PAGE = 1_000;

/** Per database (one per process): the thread-collapsed order of the mailboxes scrolled deep lately. */
const collapsedOrders = new WeakMap<object, CollapsedOrderCache>();

/** A whole mailbox collapsed by thread in `sort` order, read again only when the account's mail changed. */
async function wholeCollapsedOrder(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  sort: readonly EmailSort[] | undefined,
  sorted: ScopedQuery,
): Promise<CollapsedOrder> {
  let cache = collapsedOrders.get(context.database);
  if (cache === undefined) {
    cache = new CollapsedOrderCache();
    collapsedOrders.set(context.database, cache);
  }
  // Read before the rows: the order read next holds at least every change up to it.
  const account = await context.database.db
    .selectFrom('accounts')
    .select('modseq')
    .where('id', '=', accountId)
    .executeTakeFirst();
  const modseq = Number(account?.modseq ?? 0);
  const key = `${accountId}\u0000${mailboxId}\u0000${JSON.stringify(sort ?? [])}`;
  const kept = cache.get(key, modseq);
  if (kept !== undefined) return kept;
  const rows = (await sorted.execute()) as unknown as Row[];
  const seen = new Set<string>();
  const ids: string[] = [];
  const threadIds: string[] = [];
  for (const row of rows) {
    if (seen.has(row.thread_id)) continue;
    seen.add(row.thread_id);
    ids.push(row.id);
    threadIds.push(row.thread_id);
  }
  const order = { ids, threadIds };
  cache.set(key, modseq, order);
  return order;
}

function isWholeMailbox(filter: EmailFilter | undefined): boolean {
  if (filter === undefined || 'operator' in filter) return false;
  return Object.entries(filter).every(([key, value]) => key === 'inMailbox' || value === undefined);
}

async function mailboxTotal(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  collapse: boolean,
): Promise<number> {
  const row = await context.database.db
    .selectFrom('mailboxes')
    .select(['total_emails', 'total_threads'])
    .where('id', '=', mailboxId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number((collapse ? row?.total_threads : row?.total_emails) ?? 0);
}

/** First chunk read when collapsing threads; doubled until the page is full or the candidates run out. */
const COLLAPSE_FIRST_CHUNK = 256;

async function collapsedPage(
  sorted: ScopedQuery,
  position: number,
  limit: number,
  countTotal: (() => Promise<number>) | undefined,
): Promise<EmailQueryResult> {
  const wanted = position + limit;
  const seen = new Set<string>();
  const unique: Row[] = [];
  let offset = 0;
  let chunk = Math.max(COLLAPSE_FIRST_CHUNK, wanted * 2);
  while (unique.length < wanted) {
    const rows = (await sorted.offset(offset).limit(chunk).execute()) as unknown as Row[];
    for (const row of rows) {
      if (seen.has(row.thread_id)) continue;
      seen.add(row.thread_id);
      unique.push(row);
    }
    if (rows.length < chunk) break;
    offset += chunk;
    chunk *= 2;
  }
  const page = unique.slice(position, wanted);
  const total = await countTotal?.();
  return {
    ids: page.map((row) => row.id),
    threadIds: page.map((row) => row.thread_id),
    position,
    ...(total !== undefined && { total }),
  };
}
