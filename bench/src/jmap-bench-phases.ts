// What bench/jmap times on each server: the same JMAP requests (the inbox page a webmail shows first, and a
// full-text search, each an Email/query with its Email/get in one request) and the IMAP commands a webmail on
// IMAP would send for the same screens, with what a right answer is, computed from the generated messages: so a
// fast wrong answer shows up as a mismatch, not as a good figure.

import { openImapSession, type ImapReply, type ImapSession } from '@vercors/e2e/src/imap-load-client.ts';
import { COMMON_WORD, RARE_WORD, type BenchMessage } from './imap-bench-mail.ts';
import { openJmapClient, type JmapClient, type MethodCall, type MethodResponse } from './jmap-load-client.ts';

/** Rows of a page, as webmails ask for them. */
export const PAGE_ROWS = 50;
/** What a message list shows of each row. */
export const LIST_PROPERTIES = [
  'threadId',
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'subject',
  'receivedAt',
  'size',
  'preview',
  'hasAttachment',
] as const;
/**
 * Cyrus's IMAP SEARCH reads every message (its Xapian index serves JMAP and SEARCH FUZZY only): about 0.3 ms of
 * CPU per message, so 20 clients searching 100,000 messages at once on 2 cores wait about 5 minutes each. Bounded,
 * but not cut short.
 */
const IMAP_SEARCH_TIMEOUT_MS = 900_000;

export interface Expectations {
  readonly threads: number;
  /** receivedAt (ms) of the inbox page's rows: the newest email of each thread, newest thread first. */
  readonly inboxPage: readonly number[];
  readonly rareHits: number;
  /** receivedAt (ms) of the rare word's first page, newest first. */
  readonly rarePage: readonly number[];
}

export function expectationsOf(messages: readonly BenchMessage[]): Expectations {
  const newestFirst = [...messages].sort((a, b) => b.receivedAt - a.receivedAt);
  const seenThreads = new Set<number>();
  const inboxPage: number[] = [];
  for (const message of newestFirst) {
    if (seenThreads.has(message.threadRoot)) continue;
    seenThreads.add(message.threadRoot);
    if (inboxPage.length < PAGE_ROWS) inboxPage.push(message.receivedAt);
  }
  const rare = newestFirst.filter((message) => message.hasRareWord);
  return {
    threads: seenThreads.size,
    inboxPage,
    rareHits: rare.length,
    rarePage: rare.slice(0, PAGE_ROWS).map((message) => message.receivedAt),
  };
}

/** Where and as whom the phases work on one server. */
export interface BenchTarget {
  readonly name: string;
  readonly imapPort: number;
  readonly httpPort: number;
  /** The login, for IMAP and for JMAP's Basic auth alike. */
  readonly user: string;
  readonly password: string;
}

/** The number of results each phase saw last (a search's hits, a page's total), for the report. */
export type ObservedHits = Map<string, number>;

export interface PhaseSpec<S> {
  open(client: number): Promise<S>;
  /** One timed operation; returns a description when the answer is not what it should be. */
  op(state: S, client: number, n: number): Promise<string | undefined>;
  close(state: S): Promise<void>;
  /** Requests refused for maxConcurrentRequests and sent again by this client (JMAP only). */
  retries?(state: S): number;
}

export interface Phase {
  /** For BENCH_JMAP_PHASES. */
  readonly key: string;
  readonly name: string;
  readonly spec: PhaseSpec<unknown>;
}

export const PHASE_KEYS = [
  'inbox',
  'text-rare',
  'text-common',
  'imap-inbox',
  'imap-text-rare',
  'imap-text-common',
];

// JMAP

/** Email/query of INBOX, newest first, one row per thread, and Email/get of the rows: a webmail's first screen. */
export function inboxPageCalls(accountId: string, inboxId: string): MethodCall[] {
  return queryAndGet(accountId, { filter: { inMailbox: inboxId }, collapseThreads: true });
}

/** Email/query of the whole account for `word` (full text), newest first, and Email/get of the rows. */
export function textQueryCalls(accountId: string, word: string): MethodCall[] {
  return queryAndGet(accountId, { filter: { text: word } });
}

function queryAndGet(accountId: string, query: Record<string, unknown>): MethodCall[] {
  return [
    [
      'Email/query',
      {
        accountId,
        ...query,
        sort: [{ property: 'receivedAt', isAscending: false }],
        position: 0,
        limit: PAGE_ROWS,
        // A list shows "1–50 of N", and the total is what the bench checks.
        calculateTotal: true,
      },
      'q',
    ],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: LIST_PROPERTIES,
      },
      'g',
    ],
  ];
}

interface PageCheck {
  /** Email/query's total, or -1 when there was none. */
  readonly total: number;
  readonly problem?: string;
}

/**
 * A query-and-get answer against what it should be: as many rows as the total allows (at most a page), every
 * row found by Email/get, newest first, and, where the generator knows them, the total and the rows' dates.
 */
export function checkPage(
  responses: readonly MethodResponse[],
  expected: { readonly total?: number; readonly page?: readonly number[] },
): PageCheck {
  const [query, get] = responses;
  const failed = responses.find(([name]) => name === 'error');
  if (failed !== undefined) return { total: -1, problem: `error ${JSON.stringify(failed[1]).slice(0, 160)}` };
  if (query?.[0] !== 'Email/query' || get?.[0] !== 'Email/get')
    return { total: -1, problem: `answered ${responses.map(([name]) => name).join(', ')}` };
  const ids = query[1].ids as string[] | undefined;
  const total = typeof query[1].total === 'number' ? query[1].total : -1;
  const list = (get[1].list ?? []) as { receivedAt?: string }[];
  const dates = list.map((email) => Date.parse(email.receivedAt ?? ''));
  const problem = (text: string) => ({ total, problem: text });
  if (expected.total !== undefined && total !== expected.total)
    return problem(`total ${total}, ${expected.total} expected`);
  if (ids?.length !== Math.min(PAGE_ROWS, total))
    return problem(`${ids?.length ?? 'no'} ids for a total of ${total}`);
  if (list.length !== ids.length) return problem(`Email/get found ${list.length} of ${ids.length} ids`);
  if (dates.some((date, index) => Number.isNaN(date) || (index > 0 && date > (dates[index - 1] ?? 0))))
    return problem('rows not newest first');
  const page = expected.page;
  if (page !== undefined && dates.some((date, index) => date !== page[index]))
    return problem(`rows are not the expected emails (first row ${list[0]?.receivedAt ?? 'none'})`);
  return { total };
}

interface JmapState {
  readonly client: JmapClient;
  readonly inboxId: string;
}

async function openJmap(target: BenchTarget): Promise<JmapState> {
  const client = await openJmapClient({
    port: target.httpPort,
    user: target.user,
    password: target.password,
  });
  try {
    const [found] = await client.call([
      ['Mailbox/query', { accountId: client.accountId, filter: { role: 'inbox' } }, 'm'],
    ]);
    const inboxId = (found?.[1].ids as string[] | undefined)?.[0];
    if (inboxId === undefined) throw new Error(`no inbox: ${JSON.stringify(found).slice(0, 200)}`);
    return { client, inboxId };
  } catch (error) {
    client.close();
    throw error;
  }
}

function jmapPhase(
  target: BenchTarget,
  hits: ObservedHits,
  key: string,
  calls: (state: JmapState) => MethodCall[],
  expected: { readonly total?: number; readonly page?: readonly number[] },
): PhaseSpec<JmapState> {
  return {
    open: () => openJmap(target),
    async op(state) {
      const check = checkPage(await state.client.call(calls(state)), expected);
      hits.set(key, check.total);
      return check.problem;
    },
    close: (state) => Promise.resolve(state.client.close()),
    retries: (state) => state.client.limitRetries,
  };
}

// IMAP

/** The header FETCH bench/imap times, for the 50 newest messages: a webmail's first screen over IMAP. */
export const imapPageFetch = (firstUid: number, lastUid: number) =>
  `UID FETCH ${firstUid}:${lastUid} (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])`;

interface ImapState {
  readonly session: ImapSession;
  /** UIDs of the newest PAGE_ROWS messages (the highest sequence numbers). */
  readonly firstUid: number;
  readonly lastUid: number;
}

const existsOf = (reply: ImapReply) =>
  Number(reply.untagged.map((line) => /^\* (\d+) EXISTS/i.exec(line.text)?.[1]).find(Boolean) ?? -1);

const searchUids = (reply: ImapReply) =>
  (reply.untagged.find((line) => /^\* SEARCH\b/i.test(line.text))?.text ?? '')
    .trim()
    .split(/\s+/)
    .slice(2)
    .map(Number);

/** Logged in, INBOX selected (kept for the whole phase, as a webmail's IMAP connection is). */
async function openImap(target: BenchTarget, expectedMessages: number): Promise<ImapState> {
  const session = await openImapSession({ port: target.imapPort });
  try {
    await session.login(target.user, target.password);
    const exists = existsOf(await session.ok('SELECT INBOX'));
    if (exists !== expectedMessages) throw new Error(`SELECT: ${exists} EXISTS, not ${expectedMessages}`);
    const first = Math.max(1, exists - PAGE_ROWS + 1);
    const uids = searchUids(await session.ok(`UID SEARCH ${first}:${exists}`)).sort((a, b) => a - b);
    return { session, firstUid: uids[0] ?? 1, lastUid: uids.at(-1) ?? 1 };
  } catch (error) {
    session.close();
    throw error;
  }
}

function imapPhase(
  target: BenchTarget,
  expectedMessages: number,
  op: (state: ImapState) => Promise<string | undefined>,
): PhaseSpec<ImapState> {
  return {
    open: () => openImap(target, expectedMessages),
    op: (state) => op(state),
    close: (state) => state.session.logout(),
  };
}

function imapSearch(hits: ObservedHits, key: string, word: string, expected?: number) {
  return async (state: ImapState) => {
    const count = searchUids(
      await state.session.ok(`UID SEARCH TEXT ${word}`, { timeoutMs: IMAP_SEARCH_TIMEOUT_MS }),
    ).length;
    hits.set(key, count);
    return expected === undefined || count === expected
      ? undefined
      : `SEARCH TEXT ${word}: ${count} hits, ${expected} expected`;
  };
}

/** Every phase, in the order they run. */
export function phasesFor(
  target: BenchTarget,
  messages: number,
  expected: Expectations,
  hits: ObservedHits,
): Phase[] {
  const phase = <S>(key: string, name: string, spec: PhaseSpec<S>): Phase => ({
    key,
    name,
    spec: spec as PhaseSpec<unknown>,
  });
  const pageRows = Math.min(PAGE_ROWS, messages);
  return [
    phase(
      'inbox',
      `JMAP inbox page (${pageRows} of ${expected.threads} threads)`,
      jmapPhase(target, hits, 'inbox', (state) => inboxPageCalls(state.client.accountId, state.inboxId), {
        total: expected.threads,
        page: expected.inboxPage,
      }),
    ),
    phase(
      'text-rare',
      `JMAP text "${RARE_WORD}" (${expected.rareHits} hits)`,
      jmapPhase(target, hits, 'text-rare', (state) => textQueryCalls(state.client.accountId, RARE_WORD), {
        total: expected.rareHits,
        page: expected.rarePage,
      }),
    ),
    phase(
      'text-common',
      `JMAP text "${COMMON_WORD}"`,
      jmapPhase(
        target,
        hits,
        'text-common',
        (state) => textQueryCalls(state.client.accountId, COMMON_WORD),
        {},
      ),
    ),
    phase(
      'imap-inbox',
      `IMAP FETCH ${pageRows} newest headers`,
      imapPhase(target, messages, async (state) => {
        const reply = await state.session.ok(imapPageFetch(state.firstUid, state.lastUid));
        const fetched = reply.untagged.filter((line) => / FETCH /i.test(line.text)).length;
        return fetched === pageRows ? undefined : `header FETCH returned ${fetched} messages`;
      }),
    ),
    phase(
      'imap-text-rare',
      `IMAP SEARCH TEXT "${RARE_WORD}"`,
      imapPhase(target, messages, imapSearch(hits, 'imap-text-rare', RARE_WORD, expected.rareHits)),
    ),
    phase(
      'imap-text-common',
      `IMAP SEARCH TEXT "${COMMON_WORD}"`,
      imapPhase(target, messages, imapSearch(hits, 'imap-text-common', COMMON_WORD)),
    ),
  ];
}
