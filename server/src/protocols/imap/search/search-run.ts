// Runs a SEARCH over the selected mailbox's snapshot: the plan's snapshot leaves in memory, each database leaf
// as one query restricted to the mailbox (inMailbox drives it through the mailbox's memberships, so no query
// scans the account), and HEADER on unindexed fields by reading the header blocks of the messages still
// undecided. Three-valued evaluation (true, false, unknown) decides each message with what is known so far:
//   1. snapshot leaves only: messages already false are out; if none is unknown, no query is made at all;
//   2. database leaves: one query each, only if some message is still unknown;
//   3. header leaves: only for messages still unknown, at most maxHeaderReads of them (else NO [LIMIT]).
// A message the snapshot still shows but another session expunged is absent from every query's result: a
// positive database key does not match it, NOT does; RFC 9051 §7.5.1 lets us report it until EXPUNGE is sent.

import { MAIL_LIMITS, type EmailQuery, type EmailQueryResult, type MailboxViewEntry } from '#domain/mail';
import type { SequenceSet } from '../wire/sequence-set.ts';
import type { SearchKey } from './search-criteria.ts';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import { databaseLeaves, foldHeaderText, headerFields, type PlanNode, planSearch } from './search-plan.ts';

/** One matching message: its sequence number and its snapshot entry. */
export interface SearchMatch {
  readonly sequence: number;
  readonly entry: MailboxViewEntry;
}

/**
 * The decoded values of the asked header fields of one email, keyed by lower-case field name (a field absent
 * from the message is absent from the map, or maps to []). Undefined when the email no longer exists.
 */
export type HeaderReader = (
  emailId: string,
  fields: readonly string[],
) => Promise<ReadonlyMap<string, readonly string[]> | undefined>;

export type QueryEmails = (accountId: string, query: EmailQuery) => Promise<EmailQueryResult>;

export interface SearchRun {
  readonly criteria: SearchKey;
  /** The selected mailbox in UID order (sequence number = index + 1). */
  readonly snapshot: readonly MailboxViewEntry[];
  /** `$` (RFC 5182) as UIDs; undefined when nothing was saved. */
  readonly savedResult: SequenceSet | undefined;
  readonly accountId: string;
  readonly mailboxId: string;
  /** MailService.queryEmails. */
  readonly queryEmails: QueryEmails;
  /** For HEADER on fields the index does not cover; without it such a search is refused (NO [CANNOT]). */
  readonly readHeaders?: HeaderReader;
  /** IANA zone of BEFORE/ON/SINCE days. */
  readonly timeZone: string;
  /** Epoch ms, for OLDER/YOUNGER. */
  readonly now: number;
  readonly limits?: SearchLimits;
}

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;

interface Knowledge {
  /** Email ids of each database leaf, once queried. */
  readonly databaseIds?: ReadonlyMap<PlanNode, ReadonlySet<string>>;
  /** Header values of the emails read so far. */
  readonly headers?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/** The matching messages in UID order. Throws SearchError (limit, cannot) or the domain's errors. */
export async function runSearch(run: SearchRun): Promise<SearchMatch[]> {
  const limits = run.limits ?? DEFAULT_SEARCH_LIMITS;
  const plan = planSearch(run.criteria, {
    snapshot: run.snapshot,
    savedResult: run.savedResult,
    timeZone: run.timeZone,
    now: run.now,
  });

  // 1. What the snapshot alone decides
  const { snapshot } = run;
  const matched: number[] = [];
  let undecided = decide(plan, snapshot, allPositions(snapshot.length), {}, matched);
  if (undecided.length > 0) {
    // 2. The database leaves, for the messages still undecided
    const databaseIds = await queryLeaves(plan, run, limits);
    undecided = decide(plan, snapshot, undecided, { databaseIds }, matched);
    if (undecided.length > 0) {
      // 3. The header blocks of what is left
      const headers = await readHeaderBlocks(plan, undecided, snapshot, run, limits);
      decide(plan, snapshot, undecided, { databaseIds, headers }, matched);
    }
  }
  // Positions are indexes in the snapshot: ascending positions are UID order.
  matched.sort((a, b) => a - b);
  return matched.map((position) => ({ sequence: position + 1, entry: snapshot[position]! }));
}

function allPositions(length: number): number[] {
  const positions = new Array<number>(length);
  for (let position = 0; position < length; position++) positions[position] = position;
  return positions;
}

/** Adds the positions known to match to `matched`; returns those still unknown. */
function decide(
  plan: PlanNode,
  snapshot: readonly MailboxViewEntry[],
  positions: readonly number[],
  knowledge: Knowledge,
  matched: number[],
): number[] {
  const unknown: number[] = [];
  for (const position of positions) {
    const truth = evaluate(plan, snapshot[position]!, position + 1, knowledge);
    if (truth === TRUE) matched.push(position);
    else if (truth === UNKNOWN) unknown.push(position);
  }
  return unknown;
}

/** Kleene logic: FALSE wins an AND, TRUE wins an OR, NOT keeps UNKNOWN. Depth bounded by SearchLimits. */
function evaluate(node: PlanNode, entry: MailboxViewEntry, sequence: number, knowledge: Knowledge): Truth {
  switch (node.kind) {
    case 'constant':
      return node.value ? TRUE : FALSE;
    case 'snapshot':
      return node.test(entry, sequence) ? TRUE : FALSE;
    case 'database': {
      const ids = knowledge.databaseIds?.get(node);
      if (ids === undefined) return UNKNOWN;
      return ids.has(entry.emailId) ? TRUE : FALSE;
    }
    case 'header': {
      const headers = knowledge.headers?.get(entry.emailId);
      if (headers === undefined) return UNKNOWN;
      const values = headers.get(node.field) ?? [];
      return values.some((value) => foldHeaderText(value).includes(node.value)) ? TRUE : FALSE;
    }
    case 'not': {
      const truth = evaluate(node.child, entry, sequence, knowledge);
      return truth === UNKNOWN ? UNKNOWN : truth === TRUE ? FALSE : TRUE;
    }
    case 'and':
    case 'or': {
      const decisive = node.kind === 'and' ? FALSE : TRUE;
      let result: Truth = node.kind === 'and' ? TRUE : FALSE;
      for (const child of node.children) {
        const truth = evaluate(child, entry, sequence, knowledge);
        if (truth === decisive) return decisive;
        if (truth === UNKNOWN) result = UNKNOWN;
      }
      return result;
    }
  }
}

/** One query per database leaf, each restricted to the selected mailbox, substring matching as IMAP wants. */
async function queryLeaves(
  plan: PlanNode,
  run: SearchRun,
  limits: SearchLimits,
): Promise<Map<PlanNode, ReadonlySet<string>>> {
  const leaves = databaseLeaves(plan);
  if (leaves.length > limits.maxDatabaseQueries) {
    throw new SearchError(
      'limit',
      `Search needs ${leaves.length} database queries (at most ${limits.maxDatabaseQueries}): simplify it`,
    );
  }
  const ids = new Map<PlanNode, ReadonlySet<string>>();
  const limit = MAIL_LIMITS.maxEmailsPerCall;
  for (const leaf of leaves) {
    if (leaf.kind !== 'database') continue;
    // Queries run one after the other: SQLite has one connection, and each is a single indexed query.
    const result = await run.queryEmails(run.accountId, {
      filter: { operator: 'AND', conditions: [{ inMailbox: run.mailboxId }, leaf.filter] },
      limit,
      textMatch: 'substring',
    });
    // A full page may have been cut: the answer would be wrong, so refuse rather than guess.
    if (result.ids.length >= limit) {
      throw new SearchError('limit', `Search matches more than ${limit - 1} messages: narrow it`);
    }
    ids.set(leaf, new Set(result.ids));
  }
  return ids;
}

async function readHeaderBlocks(
  plan: PlanNode,
  undecided: readonly number[],
  snapshot: readonly MailboxViewEntry[],
  run: SearchRun,
  limits: SearchLimits,
): Promise<Map<string, ReadonlyMap<string, readonly string[]>>> {
  const reader = run.readHeaders;
  if (reader === undefined) throw new SearchError('cannot', 'HEADER search on this field is not available');
  if (undecided.length > limits.maxHeaderReads) {
    throw new SearchError(
      'limit',
      `HEADER search on this field would read ${undecided.length} messages (at most ${limits.maxHeaderReads}): ` +
        'narrow it by date or UID',
    );
  }
  const fields = headerFields(plan);
  const headers = new Map<string, ReadonlyMap<string, readonly string[]>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < undecided.length) {
      const { emailId } = snapshot[undecided[next++]!]!;
      headers.set(emailId, (await reader(emailId, fields)) ?? new Map());
    }
  };
  const workers = Math.min(limits.headerReadConcurrency, undecided.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return headers;
}
