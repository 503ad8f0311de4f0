// `node bench/src/directory-bench.ts`: the directory and contacts of issue 7, Vercors against established peers in
// the same run, on this machine.
//
// 1. Autocomplete over a synthetic académie (bench/src/directory-people.ts: 100,000 people, 1,000 establishments
//    of the académie de Grenoble), loaded into Vercors by the HR import's two commands (timed), then JMAP
//    `Directory/search` from 20 concurrent clients (20 accounts, one kept-alive connection each) typing what
//    people type: 2–6 letters of a name, "name commune" pairs, with or without accents. The peer is OpenLDAP
//    slapd with the same people (inetOrgPerson, eq+sub indexes on cn, sn, givenName, mail, l), queried by 20
//    ldapts clients with `(|(sn=X*)(givenName=X*)(cn=*X*)(mail=X*)(l=X*))` per word, ANDed for two words,
//    10 entries at most, as Vercors' default limit. Both are measured after 3 s of the same load untimed
//    (BENCH_DIRECTORY_WARM_UP_SECONDS). Every answer is checked: each word must start a word of each card
//    (accents and case aside); an empty answer counts, since every query comes from a real person.
//    Printed: p50/p95/p99, requests/s, server CPU per request, the load's own CPU per request (it shares the
//    machine's cores), and the issue's target (p99 < 20 ms at 20).
// 2. Full CardDAV sync of a 10,000-card address book on Vercors, Radicale and Cyrus 3.6: the same vCards PUT
//    over 8 connections (timed), then a phone's first sync (sync-collection with an empty token, then
//    addressbook-multiget by batches of 250), then 100 cards changed and an incremental sync from the token.
//    Counts and a sample of card contents are checked on each server. Printed: times, bytes, ratios.
//
// Sizes and durations come from BENCH_DIRECTORY_* variables (see `setting` calls below); BENCH_DIRECTORY_PEERS
// picks the peers (slapd,radicale,cyrus). Every server is on 127.0.0.1, every process stopped by its pid.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'ldapts';
import { startRadicale, type CardDavServer } from '@vercors/e2e/src/carddav-peers.ts';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { VERCORS_CLI, within, type VercorsProcess } from '@vercors/e2e/src/vercors-server.ts';
import { openAll, runClients, type TimedRun } from './bench-clients.ts';
import { errorText, mb, mean, percentile, setting, storageLine } from './bench-figures.ts';
import {
  HttpConnection,
  putCards,
  syncBook,
  updateCards,
  type DavTarget,
  type SyncResult,
} from './carddav-sync.ts';
import { cyrusMissing, startCyrusPeer, type CyrusPeer } from './cyrus-peer.ts';
import {
  establishmentsCsv,
  fold,
  foldedWords,
  generateDirectory,
  generateQueries,
  peopleCsv,
  peopleLdif,
  unmatchedWord,
  vcardOf,
  type Directory,
  type Query,
} from './directory-people.ts';
import { treeCpuSeconds } from './process-cpu.ts';
import { loadAverage } from './process-memory.ts';
import { slapdMissing, startSlapdPeer, type SlapdPeer } from './slapd-peer.ts';
import {
  BENCH_PASSWORD,
  launchBenchVercors,
  prepareBenchData,
  stopVercors,
  whenReady,
} from './vercors-bench-server.ts';

const SEED = setting('BENCH_DIRECTORY_SEED', 7);
const PEOPLE = setting('BENCH_DIRECTORY_PEOPLE', 100_000);
const ESTABLISHMENTS = setting('BENCH_DIRECTORY_ESTABLISHMENTS', 1_000);
const CLIENTS = setting('BENCH_DIRECTORY_CLIENTS', 20);
const PHASE_MS = setting('BENCH_DIRECTORY_SECONDS', 20) * 1000;
const PHASE_MAX_OPS = setting('BENCH_DIRECTORY_MAX_QUERIES', 200_000);
/**
 * The same load, untimed, before the measured one, on every server alike: a server's first second under load
 * (its JIT compiling the hot paths, its caches filling) is not its steady latency.
 */
const WARM_UP_MS = setting('BENCH_DIRECTORY_WARM_UP_SECONDS', 3) * 1000;
/** Distinct queries; each client walks the list from its own offset. */
const QUERY_COUNT = 5_000;
const CARDS = Math.min(setting('BENCH_DIRECTORY_CARDS', 10_000), PEOPLE);
const MULTIGET_BATCH = setting('BENCH_DIRECTORY_MULTIGET_BATCH', 250);
const PUT_CONNECTIONS = setting('BENCH_DIRECTORY_PUT_CONNECTIONS', 8);
const SYNC_RUNS = setting('BENCH_DIRECTORY_SYNC_RUNS', 3);
const CHANGES = Math.min(setting('BENCH_DIRECTORY_CHANGES', 100), CARDS);
/**
 * Radicale checks every PUT's UID against every card of the book, so a PUT costs what the book's size costs (13
 * cards/s at 2,000 cards here; 10,000 would take an hour; one PUT of the whole book took 22 ms a card): its
 * card-by-card PUTs stop after this, then the cards are written as files into its storage (one file per card in
 * the book's folder, which is Radicale's storage format; it reads them on the next request).
 */
const RADICALE_PUT_MS = setting('BENCH_DIRECTORY_RADICALE_PUT_SECONDS', 60) * 1000;
/** The CLI's import of 100,000 people; the PUT of 10,000 cards; both far above what they take. */
const IMPORT_CAP_MS = Math.max(300_000, PEOPLE * 6);
const PUT_CAP_MS = Math.max(300_000, CARDS * 60);
const PEERS = new Set(
  (process.env.BENCH_DIRECTORY_PEERS ?? 'slapd,radicale,cyrus').split(',').filter(Boolean),
);
/** The issue's target. */
const TARGET_P99_MS = 20;

const DOMAIN = 'ac-test.fr';
/** One account per client, as 20 people typing at once (Vercors bounds concurrent requests per account). */
const USERS = Array.from({ length: CLIENTS }, (_, index) => `bench${index + 1}@${DOMAIN}`);
const LDAP_SUFFIX = 'dc=ac-grenoble,dc=fr';
const CARD_SAMPLE = 50;

interface SearchResult {
  readonly server: string;
  readonly run: TimedRun;
  readonly cpuSeconds: number;
  /** The load's own CPU (this process: clients, parsing, checks), on the same cores as the server's. */
  readonly clientCpuSeconds: number;
  /** Answers with no entry. */
  readonly empty: number;
  readonly entries: number;
  readonly note: string;
  /** Latencies by kind of query (bucketOf): where the time goes. */
  readonly byKind: Map<string, number[]>;
}

/** The kind of a query for the breakdown: how many letters a single word has, or a pair. */
const bucketOf = (query: Query) =>
  query.words.length > 1
    ? 'name + commune'
    : [...(query.words[0] ?? '')].length <= 2
      ? '2 letters'
      : [...(query.words[0] ?? '')].length === 3
        ? '3 letters'
        : '4–6 letters';

/** Runs `send` and files its latency under the query's kind. */
async function timed<T>(byKind: Map<string, number[]>, query: Query, send: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await send();
  const list = byKind.get(bucketOf(query)) ?? [];
  list.push(performance.now() - started);
  byKind.set(bucketOf(query), list);
  return result;
}

interface DavResult {
  readonly server: string;
  readonly load?: {
    seconds: number;
    sent: number;
    p95: number;
    failures: number;
    /** Cards per second at the start and at the end of the load: a server that slows down with the book. */
    firstRate: number;
    lastRate: number;
    /** When card-by-card PUTs hit their cap: the whole book written as files into the server's storage. */
    fillSeconds?: number;
    /** The untimed sync that had the server read those files (its caches), before the timed ones. */
    warmSeconds?: number;
    firstFailure?: string;
  };
  /** `firstSeconds`: the first sync after loading (cold caches); `medianSeconds` over SYNC_RUNS. */
  readonly full?: SyncResult & { medianSeconds: number; firstSeconds: number; check: string };
  readonly incremental?: SyncResult & { medianSeconds: number; check: string };
  readonly failure?: string;
}

// ---------------------------------------------------------------- the Vercors side

/** `vercors ARGS` to its end, bounded; its output; throws on a non-zero exit. */
function vercorsCommand(dataDir: string, args: readonly string[], capMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERCORS_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', VERCORS_DATA: dataDir, VERCORS_LOCALE: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`vercors ${args.join(' ')} exited ${code ?? signal}:\n${output.slice(-3000)}`));
    });
  });
}

interface JmapSearcher {
  readonly http: HttpConnection;
  readonly apiPath: string;
  readonly accountId: string;
}

async function openSearcher(port: number, user: string): Promise<JmapSearcher> {
  const http = new HttpConnection(port, user, BENCH_PASSWORD);
  try {
    let path = '/.well-known/jmap';
    let answer = await http.send('GET', path);
    for (let hops = 0; answer.status >= 300 && answer.status < 400 && hops < 3; hops++) {
      path = new URL(String(answer.headers.location ?? path), 'http://127.0.0.1').pathname;
      answer = await http.send('GET', path);
    }
    if (answer.status !== 200)
      throw new Error(`JMAP session: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    const session = JSON.parse(answer.body) as { apiUrl: string; primaryAccounts: Record<string, string> };
    const accountId =
      session.primaryAccounts['urn:vercors:jmap'] ?? session.primaryAccounts['urn:ietf:params:jmap:mail'];
    if (accountId === undefined)
      throw new Error(`JMAP session without an account: ${answer.body.slice(0, 200)}`);
    return { http, apiPath: new URL(session.apiUrl, 'http://127.0.0.1').pathname, accountId };
  } catch (error) {
    http.close();
    throw error;
  }
}

interface DirectoryCardJson {
  readonly name: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly email: string | null;
  readonly title: string | null;
  readonly disciplines: readonly string[];
  readonly posts: readonly { readonly name: string; readonly commune: string }[];
}

/** One Directory/search; the cards, or throws on anything but a method answer. */
async function directorySearch(searcher: JmapSearcher, text: string): Promise<DirectoryCardJson[]> {
  const body = JSON.stringify({
    using: ['urn:ietf:params:jmap:core', 'urn:vercors:jmap'],
    methodCalls: [['Directory/search', { accountId: searcher.accountId, text, limit: 10 }, '0']],
  });
  const answer = await searcher.http.send('POST', searcher.apiPath, body, {
    'content-type': 'application/json',
  });
  if (answer.status !== 200)
    throw new Error(`Directory/search: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  const [name, args] = (
    JSON.parse(answer.body) as { methodResponses: [string, { list?: DirectoryCardJson[] }][] }
  ).methodResponses[0] ?? ['', {}];
  if (name !== 'Directory/search' || args.list === undefined)
    throw new Error(`Directory/search answered ${answer.body.slice(0, 300)}`);
  return args.list;
}

/** Client `client`'s `n`th query: each walks the list from its own offset. */
const queryOf = (queries: readonly Query[], client: number, n: number) =>
  queries[(client * 997 + n) % queries.length] as Query;

/** This process's CPU seconds (user and system) since `before`. */
const cpuSecondsSince = (before: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1e6;
};

const cardTexts = (card: DirectoryCardJson) => [
  card.name,
  card.givenName ?? '',
  card.familyName ?? '',
  card.email ?? '',
  card.title ?? '',
  ...card.disciplines,
  ...card.posts.flatMap((post) => [post.name, post.commune]),
];

async function searchVercors(port: number, pid: number, queries: readonly Query[]): Promise<SearchResult> {
  const searchers = await openAll(
    CLIENTS,
    5,
    (index) => openSearcher(port, USERS[index] ?? ''),
    (searcher) => searcher.http.close(),
  );
  try {
    // Warm-up, untimed: each worker builds its in-memory index on its first search.
    const warmUp = Date.now();
    for (const [index, searcher] of searchers.entries())
      await directorySearch(searcher, queries[index]?.text ?? 'ma');
    console.log(`  Vercors  first searches (index built in each worker): ${Date.now() - warmUp} ms`);
    await runClients(
      searchers,
      async (searcher, client, n) => void (await directorySearch(searcher, queryOf(queries, client, n).text)),
      { ms: WARM_UP_MS, maxOps: PHASE_MAX_OPS },
    );
    let empty = 0;
    let entries = 0;
    const byKind = new Map<string, number[]>();
    const cpuBefore = treeCpuSeconds(pid);
    const clientBefore = process.cpuUsage();
    const run = await runClients(
      searchers,
      async (searcher, client, n) => {
        const query = queryOf(queries, client, n);
        const list = await timed(byKind, query, () => directorySearch(searcher, query.text));
        entries += list.length;
        if (list.length === 0) {
          empty++;
          return `"${query.text}": no answer, though the directory has a match`;
        }
        for (const card of list) {
          const word = unmatchedWord(query, cardTexts(card));
          if (word !== undefined) return `"${query.text}": ${card.name} has no word starting with "${word}"`;
        }
        return undefined;
      },
      { ms: PHASE_MS, maxOps: PHASE_MAX_OPS },
    );
    return {
      server: 'Vercors',
      run,
      cpuSeconds: treeCpuSeconds(pid) - cpuBefore,
      clientCpuSeconds: cpuSecondsSince(clientBefore),
      empty,
      entries,
      byKind,
      note: 'JMAP Directory/search, ranked, accents folded',
    };
  } finally {
    for (const searcher of searchers) searcher.http.close();
  }
}

// ---------------------------------------------------------------- the OpenLDAP side

const ldapEscape = (value: string) =>
  value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** One word: a prefix of the names, the address or the commune, or anywhere in the full name. */
const wordFilter = (word: string) => {
  const x = ldapEscape(word);
  return `(|(sn=${x}*)(givenName=${x}*)(cn=*${x}*)(mail=${x}*)(l=${x}*))`;
};

export const ldapFilter = (query: Query) =>
  query.words.length === 1 ? wordFilter(query.words[0] ?? '') : `(&${query.words.map(wordFilter).join('')})`;

async function searchSlapd(slapd: SlapdPeer, queries: readonly Query[]): Promise<SearchResult> {
  const clients = await openAll(
    CLIENTS,
    5,
    async () => {
      const client = new Client({ url: slapd.url, timeout: 60_000, connectTimeout: 10_000 });
      await client.bind(slapd.rootDn, slapd.rootPassword);
      return client;
    },
    (client) => void client.unbind(),
  );
  try {
    let empty = 0;
    let entries = 0;
    const byKind = new Map<string, number[]>();
    const base = `ou=people,${slapd.suffix}`;
    const attributes = ['cn', 'sn', 'givenName', 'mail', 'l', 'title', 'ou'];
    for (const [index, client] of clients.entries())
      await client.search(base, { scope: 'sub', filter: ldapFilter(queries[index] as Query), sizeLimit: 10 });
    await runClients(
      clients,
      async (client, index, n) =>
        void (await client.search(base, {
          scope: 'sub',
          filter: ldapFilter(queryOf(queries, index, n)),
          sizeLimit: 10,
          attributes,
        })),
      { ms: WARM_UP_MS, maxOps: PHASE_MAX_OPS },
    );
    const cpuBefore = treeCpuSeconds(slapd.pid);
    const clientBefore = process.cpuUsage();
    const run = await runClients(
      clients,
      async (client, index, n) => {
        const query = queryOf(queries, index, n);
        const { searchEntries } = await timed(byKind, query, () =>
          client.search(base, { scope: 'sub', filter: ldapFilter(query), sizeLimit: 10, attributes }),
        );
        entries += searchEntries.length;
        // LDAP matching ignores case, not accents: "helene" does not find Hélène. Counted, not a mismatch.
        if (searchEntries.length === 0) empty++;
        for (const entry of searchEntries) {
          const values = (name: string) => [entry[name] ?? []].flat().map(String);
          const texts = ['sn', 'givenName', 'mail', 'l'].flatMap(values);
          const cn = values('cn').map(fold).join(' ');
          for (const word of query.words) {
            const wanted = fold(word);
            if (!texts.flatMap(foldedWords).some((w) => w.startsWith(wanted)) && !cn.includes(wanted))
              return `"${query.text}": ${entry.dn} does not match "${word}"`;
          }
        }
        return undefined;
      },
      { ms: PHASE_MS, maxOps: PHASE_MAX_OPS },
    );
    return {
      server: 'OpenLDAP',
      run,
      cpuSeconds: treeCpuSeconds(slapd.pid) - cpuBefore,
      clientCpuSeconds: cpuSecondsSince(clientBefore),
      empty,
      entries,
      byKind,
      note: 'ldapts search, substring filter, sizeLimit 10, unranked',
    };
  } finally {
    await Promise.all(clients.map((client) => client.unbind().catch(() => undefined)));
  }
}

// ---------------------------------------------------------------- CardDAV, on every server alike

const cardName = (hrId: string) => `bench-${hrId}.vcf`;

async function measureDav(target: DavTarget, directory: Directory): Promise<DavResult> {
  const people = directory.people.slice(0, CARDS);
  const cards = people.map((person) => ({
    name: cardName(person.hrId),
    vcard: vcardOf(person, `bench-${person.hrId}`),
  }));
  const load = await putCards(target, cards, PUT_CONNECTIONS, target.putCapMs ?? PUT_CAP_MS);
  const rates = (from: number, to: number) => {
    // Cards per second over a slice of the load, from the PUTs' latencies (connections overlap: × connections).
    const slice = load.latencies.slice(from, to);
    const meanMs = mean(slice);
    return meanMs > 0 ? (1000 * PUT_CONNECTIONS) / meanMs : 0;
  };
  const tenth = Math.max(1, Math.floor(load.sent / 10));
  const loadLine: NonNullable<DavResult['load']> = {
    seconds: load.seconds,
    sent: load.sent,
    p95: percentile(load.latencies, 95),
    failures: load.failures,
    firstRate: rates(0, tenth),
    lastRate: rates(load.sent - tenth, load.sent),
    ...(load.firstFailure === undefined ? {} : { firstFailure: load.firstFailure }),
  };
  console.log(
    `  ${target.name.padEnd(8)} PUT ${load.sent} of ${cards.length} cards in ${load.seconds.toFixed(1)} s (${(load.sent / load.seconds).toFixed(0)}/s over ${PUT_CONNECTIONS} connections, p95 ${loadLine.p95.toFixed(1)} ms; first tenth ${loadLine.firstRate.toFixed(0)}/s, last tenth ${loadLine.lastRate.toFixed(0)}/s)${load.failures > 0 ? `, ${load.failures} failed: ${load.firstFailure ?? ''}` : ''}`,
  );
  if (load.sent < cards.length && load.failures === 0 && target.fillBook !== undefined) {
    loadLine.fillSeconds = await target.fillBook(cards);
    // The server reads the new files once, as PUTs would have had it do: one untimed sync, reported apart.
    const started = performance.now();
    await syncBook(target, '', MULTIGET_BATCH);
    loadLine.warmSeconds = (performance.now() - started) / 1000;
    console.log(
      `  ${target.name.padEnd(8)} card-by-card PUT stopped at its cap; the ${cards.length} cards written into its storage as files in ${loadLine.fillSeconds.toFixed(1)} s, then read by the server (one untimed sync) in ${loadLine.warmSeconds.toFixed(1)} s`,
    );
  }
  if (load.failures > 0)
    return { server: target.name, load: loadLine, failure: load.firstFailure ?? 'PUT failed' };

  // The first sync, SYNC_RUNS times (each a phone that never synced); the last one's token is kept.
  const fulls: SyncResult[] = [];
  for (let run = 0; run < SYNC_RUNS; run++) fulls.push(await syncBook(target, '', MULTIGET_BATCH));
  const full = fulls.at(-1) as SyncResult;
  const fullCheck = checkCards(full, people, cards.length, 0);
  console.log(
    `  ${target.name.padEnd(8)} full sync: median ${median(fulls.map((f) => f.seconds)).toFixed(2)} s, ${full.requests} requests, ${mb(full.bytesIn)} MB in; ${fullCheck}`,
  );

  // 100 cards changed elsewhere (every CARDS/CHANGES-th), then the phone's next sync from its token.
  const step = Math.max(1, Math.floor(cards.length / CHANGES));
  const changed = people.filter((_, index) => index % step === 0).slice(0, CHANGES);
  await updateCards(
    target,
    changed.map((person) => ({
      name: cardName(person.hrId),
      vcard: vcardOf(person, `bench-${person.hrId}`, 1),
    })),
  );
  const increments: SyncResult[] = [];
  for (let run = 0; run < SYNC_RUNS; run++)
    increments.push(await syncBook(target, full.token, MULTIGET_BATCH));
  const incremental = increments.at(-1) as SyncResult;
  const incrementalCheck = checkCards(incremental, changed, changed.length, 1);
  console.log(
    `  ${target.name.padEnd(8)} incremental sync after ${changed.length} changes: median ${(median(increments.map((f) => f.seconds)) * 1000).toFixed(0)} ms, ${incremental.listed} listed, ${(incremental.bytesIn / 1000).toFixed(0)} kB in; ${incrementalCheck}`,
  );
  return {
    server: target.name,
    load: loadLine,
    full: {
      ...full,
      medianSeconds: median(fulls.map((f) => f.seconds)),
      firstSeconds: fulls[0]?.seconds ?? 0,
      check: fullCheck,
    },
    incremental: {
      ...incremental,
      medianSeconds: median(increments.map((f) => f.seconds)),
      check: incrementalCheck,
    },
  };
}

/** "ok" when the sync listed and fetched `expected` cards and a sample holds the generator's values. */
function checkCards(
  sync: SyncResult,
  people: Directory['people'],
  expected: number,
  revision: number,
): string {
  const problems: string[] = [];
  if (sync.listed !== expected) problems.push(`listed ${sync.listed} of ${expected}`);
  if (sync.cards.size !== expected) problems.push(`fetched ${sync.cards.size} of ${expected}`);
  const step = Math.max(1, Math.floor(people.length / CARD_SAMPLE));
  let sampled = 0;
  let wrong = 0;
  for (let index = 0; index < people.length && sampled < CARD_SAMPLE; index += step) {
    const person = people[index];
    if (person === undefined) break;
    sampled++;
    const card = (sync.cards.get(cardName(person.hrId)) ?? '').replace(/\r?\n[ \t]/g, '');
    const fields = [
      `UID:bench-${person.hrId}`,
      `EMAIL;TYPE=INTERNET,WORK:${person.email}`,
      `TEL;TYPE=WORK,VOICE:${person.phone}`,
      `révision ${revision}`,
    ];
    // Servers may reorder or re-case parameters: each value must be there, as the line's end.
    const lines = card.split(/\r?\n/);
    const has = (field: string) => {
      const value = field.slice(field.indexOf(':') + 1);
      return (
        lines.some(
          (line) => line.toUpperCase().startsWith(field.split(/[;:]/)[0] ?? '') && line.endsWith(value),
        ) || lines.some((line) => line.includes(value))
      );
    };
    if (!fields.every(has) || !card.includes(person.givenName)) wrong++;
  }
  if (wrong > 0) problems.push(`${wrong} of ${sampled} sampled cards differ from what was PUT`);
  return problems.length === 0
    ? `checked (${expected} cards, ${sampled} sampled)`
    : `MISMATCH: ${problems.join('; ')}`;
}

const median = (values: readonly number[]) => percentile(values, 50);

// ---------------------------------------------------------------- the peers

async function benchVercors(root: string, directory: Directory, queries: readonly Query[]) {
  const dataDir = join(root, 'vercors');
  await mkdir(dataDir);
  const started = performance.now();
  await prepareBenchData(dataDir, DOMAIN, USERS);
  console.log(
    `  Vercors  ${USERS.length} accounts made in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  await writeFile(join(root, 'etablissements.csv'), establishmentsCsv(directory));
  await writeFile(join(root, 'personnels.csv'), peopleCsv(directory));
  let at = performance.now();
  await vercorsCommand(
    dataDir,
    ['directory', 'establishment', 'import', '--csv', join(root, 'etablissements.csv')],
    IMPORT_CAP_MS,
  );
  const establishmentSeconds = (performance.now() - at) / 1000;
  at = performance.now();
  const output = await vercorsCommand(
    dataDir,
    ['directory', 'import', '--csv', join(root, 'personnels.csv')],
    IMPORT_CAP_MS,
  );
  const importSeconds = (performance.now() - at) / 1000;
  // Every generated person must have been created: an import that skipped rows would make search look cheap.
  const summary = /Import applied: [^\n]*/.exec(output)?.[0] ?? '';
  const created = Number(/Import applied: (\d+) new/.exec(summary)?.[1] ?? -1);
  if (created !== PEOPLE)
    throw new Error(`the HR import created ${created} people of ${PEOPLE}:\n${output.slice(-2000)}`);
  console.log(
    `  Vercors  import: ${ESTABLISHMENTS} establishments in ${establishmentSeconds.toFixed(1)} s, ${PEOPLE} people in ${importSeconds.toFixed(1)} s (${(PEOPLE / importSeconds).toFixed(0)}/s); ${summary}`,
  );
  console.log(`  Vercors  stored: ${storageLine(dataDir)}`);
  const imapPort = await freeLoopbackPort();
  const httpPort = await freeLoopbackPort();
  let server: VercorsProcess | undefined;
  try {
    server = launchBenchVercors({
      dataDir,
      imapPort,
      httpPort,
      workers: process.env.BENCH_WORKERS,
      nodeOptions: process.env.BENCH_NODE_OPTIONS,
    });
    await whenReady(server);
    const search = await searchVercors(httpPort, server.pid, queries);
    reportSearch(search);
    const user = USERS[0] ?? '';
    const dav = await measureDav(
      {
        name: 'Vercors',
        port: httpPort,
        bookPath: `/dav/addressbooks/${user}/contacts/`,
        user,
        password: BENCH_PASSWORD,
      },
      directory,
    ).catch((error: unknown) => ({ server: 'Vercors', failure: errorText(error) }) as DavResult);
    return { search, dav, importSeconds, establishmentSeconds };
  } catch (error) {
    const exit = server?.child.exitCode ?? server?.child.signalCode ?? 'still running';
    throw new Error(
      `${errorText(error)} (vercors serve: ${exit})\n${`${server?.stdout() ?? ''}${server?.stderr() ?? ''}`.slice(-2000)}`,
      {
        cause: error,
      },
    );
  } finally {
    await stopVercors(server);
  }
}

async function benchSlapd(directory: Directory, queries: readonly Query[]) {
  const missing = slapdMissing();
  if (missing !== undefined) {
    console.log(`  ${missing}: OpenLDAP was not measured.`);
    return undefined;
  }
  const slapd = await startSlapdPeer(LDAP_SUFFIX, peopleLdif(directory, LDAP_SUFFIX), IMPORT_CAP_MS);
  try {
    console.log(
      `  OpenLDAP slapadd of ${PEOPLE} people (indexes built) in ${slapd.loadSeconds.toFixed(1)} s; stored: ${storageLine(slapd.folder)}`,
    );
    const search = await searchSlapd(slapd, queries);
    reportSearch(search);
    return { search, loadSeconds: slapd.loadSeconds };
  } finally {
    await slapd.stop();
  }
}

async function benchRadicale(root: string, directory: Directory): Promise<DavResult> {
  let radicale: CardDavServer | undefined;
  try {
    radicale = await startRadicale(root);
    return await measureDav(
      {
        name: 'Radicale',
        port: Number(new URL(radicale.origin).port),
        bookPath: new URL(radicale.bookUrl).pathname,
        user: radicale.username,
        password: radicale.password,
        putCapMs: RADICALE_PUT_MS,
        fillBook: async (cards) => {
          const started = performance.now();
          const folder = join(
            root,
            'radicale',
            'collections',
            'collection-root',
            radicale?.username ?? '',
            'contacts',
          );
          for (const card of cards) await writeFile(join(folder, card.name), card.vcard);
          return (performance.now() - started) / 1000;
        },
      },
      directory,
    );
  } catch (error) {
    console.log(`  Radicale failed: ${errorText(error)}`);
    return { server: 'Radicale', failure: errorText(error) };
  } finally {
    await radicale?.stop();
  }
}

async function benchCyrus(directory: Directory): Promise<DavResult | undefined> {
  const missing = cyrusMissing();
  if (missing !== undefined) {
    console.log(`  ${missing}: Cyrus was not measured.`);
    return undefined;
  }
  let peer: CyrusPeer | undefined;
  try {
    peer = await startCyrusPeer({
      users: [{ name: 'bench', password: BENCH_PASSWORD }],
      maxConnections: PUT_CONNECTIONS + 10,
      httpModules: 'carddav',
    });
    const target: DavTarget = {
      name: 'Cyrus',
      port: peer.httpPort,
      bookPath: '/dav/addressbooks/user/bench/Default/',
      user: 'bench',
      password: BENCH_PASSWORD,
    };
    // Cyrus makes the user's home and its Default book on the first authenticated DAV request.
    const http = new HttpConnection(target.port, target.user, target.password);
    try {
      const home = await http.send('PROPFIND', '/dav/addressbooks/user/bench/', '', { depth: '1' });
      if (home.status !== 207)
        throw new Error(`PROPFIND of the home: HTTP ${home.status} ${home.body.slice(0, 300)}`);
      if (!home.body.includes('/Default/')) {
        const made = await http.send('MKCOL', target.bookPath);
        if (made.status !== 201)
          throw new Error(`MKCOL Default: HTTP ${made.status} ${made.body.slice(0, 300)}`);
      }
    } finally {
      http.close();
    }
    return await measureDav(target, directory);
  } catch (error) {
    const log = (await peer?.log()) ?? '';
    console.log(`  Cyrus    failed: ${errorText(error)}`);
    return { server: 'Cyrus', failure: `${errorText(error)} ${log.slice(-500)}` };
  } finally {
    await peer?.stop();
  }
}

// ---------------------------------------------------------------- report

function reportSearch(result: SearchResult): void {
  const { run } = result;
  const rate = run.seconds > 0 ? run.latencies.length / run.seconds : 0;
  const p = (n: number) => percentile(run.latencies, n).toFixed(1);
  console.log(
    `  ${result.server.padEnd(8)} c=${CLIENTS} ${run.latencies.length} queries in ${run.seconds.toFixed(1)} s: ${rate.toFixed(0)} req/s  p50 ${p(50)}  p95 ${p(95)}  p99 ${p(99)} ms  CPU ${((result.cpuSeconds * 1000) / Math.max(1, run.latencies.length)).toFixed(2)} ms/req (load ${((result.clientCpuSeconds * 1000) / Math.max(1, run.latencies.length)).toFixed(2)})  empty ${result.empty}  errors ${run.errors}  mismatches ${run.mismatches}${run.firstProblem === undefined ? '' : ` (first: ${run.firstProblem})`}`,
  );
}

function ratio(ours: number, theirs: number): string {
  if (!(ours > 0) || !(theirs > 0)) return '—';
  return theirs / ours >= 10 ? (theirs / ours).toFixed(0) : (theirs / ours).toFixed(2);
}

function printReport(
  vercors: Awaited<ReturnType<typeof benchVercors>> | undefined,
  slapd: Awaited<ReturnType<typeof benchSlapd>>,
  davs: readonly DavResult[],
): void {
  console.log('');
  console.log(`=== bench/directory report (${new Date().toISOString()}, load average ${loadAverage()}) ===`);
  console.log(
    `Autocomplete: ${PEOPLE} people, ${ESTABLISHMENTS} establishments, ${CLIENTS} concurrent clients, ${PHASE_MS / 1000} s, ${QUERY_COUNT} distinct queries`,
  );
  if (vercors !== undefined)
    console.log(
      `  HR import into Vercors: establishments ${vercors.establishmentSeconds.toFixed(1)} s, people ${vercors.importSeconds.toFixed(1)} s (${(PEOPLE / vercors.importSeconds).toFixed(0)} people/s)${slapd === undefined ? '' : `; OpenLDAP slapadd ${slapd.loadSeconds.toFixed(1)} s`}`,
    );
  const rows = [vercors?.search, slapd?.search].filter((row): row is SearchResult => row !== undefined);
  console.log(
    '| server | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | load CPU ms/req | empty answers | entries/answer | errors | wrong |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const count = row.run.latencies.length;
    console.log(
      `| ${row.server} (${row.note}) | ${(count / row.run.seconds).toFixed(0)} | ${percentile(row.run.latencies, 50).toFixed(1)} | ${percentile(row.run.latencies, 95).toFixed(1)} | ${percentile(row.run.latencies, 99).toFixed(1)} | ${((row.cpuSeconds * 1000) / Math.max(1, count)).toFixed(2)} | ${((row.clientCpuSeconds * 1000) / Math.max(1, count)).toFixed(2)} | ${row.empty} of ${count} (${((100 * row.empty) / Math.max(1, count)).toFixed(1)} %) | ${(row.entries / Math.max(1, count)).toFixed(1)} | ${row.run.errors} | ${row.run.mismatches - (row.server === 'Vercors' ? row.empty : 0)} |`,
    );
  }
  console.log('  by kind of query, p50 / p99 ms (count):');
  for (const kind of ['2 letters', '3 letters', '4–6 letters', 'name + commune'])
    console.log(
      `    ${kind.padEnd(15)} ${rows
        .map((row) => {
          const latencies = row.byKind.get(kind) ?? [];
          return `${row.server} ${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} (${latencies.length})`;
        })
        .join('   ')}`,
    );
  const v = vercors?.search;
  const l = slapd?.search;
  if (v !== undefined && l !== undefined) {
    const rate = (r: SearchResult) => r.run.latencies.length / r.run.seconds;
    console.log(
      `  throughput Vercors/OpenLDAP ×${(rate(v) / rate(l)).toFixed(2)}; latency OpenLDAP/Vercors: p99 ×${ratio(percentile(v.run.latencies, 99), percentile(l.run.latencies, 99))}, p50 ×${ratio(percentile(v.run.latencies, 50), percentile(l.run.latencies, 50))}`,
    );
  }
  if (v !== undefined) {
    const p99 = percentile(v.run.latencies, 99);
    const clean = v.run.errors === 0 && v.run.mismatches === 0;
    console.log(
      `  Target (issue 7): Vercors p99 < ${TARGET_P99_MS} ms at ${CLIENTS} concurrent requests: p99 ${p99.toFixed(1)} ms — ${p99 < TARGET_P99_MS && clean ? 'HOLDS' : 'DOES NOT HOLD'}${clean ? '' : ' (errors or wrong answers)'}`,
    );
  }
  console.log('');
  console.log(
    `CardDAV: ${CARDS} cards in one address book; multiget batches of ${MULTIGET_BATCH}; medians of ${SYNC_RUNS} syncs; ${CHANGES} changes for the incremental sync`,
  );
  console.log(
    '| server | PUT all (cards/s, p95) | full sync first / median | requests | bytes in / out | incremental sync | listed | bytes in | checks |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const dav of davs) {
    if (
      dav.failure !== undefined ||
      dav.full === undefined ||
      dav.incremental === undefined ||
      dav.load === undefined
    ) {
      console.log(
        `| ${dav.server} | failed: ${(dav.failure ?? '').replace(/\n/g, ' ').slice(0, 300)} |||||||`,
      );
      continue;
    }
    const put =
      dav.load.sent === CARDS
        ? `${dav.load.seconds.toFixed(1)} s (${(CARDS / dav.load.seconds).toFixed(0)}/s, ${dav.load.p95.toFixed(0)} ms; first/last tenth ${dav.load.firstRate.toFixed(0)}/${dav.load.lastRate.toFixed(0)} per s)`
        : `${dav.load.sent} in ${dav.load.seconds.toFixed(0)} s (${(dav.load.sent / dav.load.seconds).toFixed(0)}/s, ${dav.load.p95.toFixed(0)} ms; first/last tenth ${dav.load.firstRate.toFixed(0)}/${dav.load.lastRate.toFixed(0)} per s), capped; then all ${CARDS} written as files in ${dav.load.fillSeconds?.toFixed(1) ?? '?'} s and read by a first untimed sync in ${dav.load.warmSeconds?.toFixed(1) ?? '?'} s`;
    console.log(
      `| ${dav.server} | ${put} | ${dav.full.firstSeconds.toFixed(2)} / ${dav.full.medianSeconds.toFixed(2)} s | ${dav.full.requests} | ${(dav.full.bytesIn / 1e6).toFixed(2)} MB / ${(dav.full.bytesOut / 1e3).toFixed(0)} kB | ${(dav.incremental.medianSeconds * 1000).toFixed(0)} ms | ${dav.incremental.listed} | ${(dav.incremental.bytesIn / 1e3).toFixed(0)} kB | ${dav.full.check}; ${dav.incremental.check} |`,
    );
  }
  const ours = davs.find((dav) => dav.server === 'Vercors');
  for (const peer of davs) {
    if (
      peer === ours ||
      ours?.full === undefined ||
      peer.full === undefined ||
      ours.incremental === undefined ||
      peer.incremental === undefined ||
      ours.load === undefined ||
      peer.load === undefined
    )
      continue;
    console.log(
      `  ${peer.server} / Vercors (how many times Vercors' time or bytes; PUT: Vercors' cards/s over the peer's): PUT rate ${ratio(peer.load.sent / peer.load.seconds, ours.load.sent / ours.load.seconds)}, full sync ${ratio(ours.full.medianSeconds, peer.full.medianSeconds)}, full sync bytes ${ratio(ours.full.bytesIn, peer.full.bytesIn)}, incremental ${ratio(ours.incremental.medianSeconds, peer.incremental.medianSeconds)}`,
    );
  }
}

// ---------------------------------------------------------------- main

const root = await mkdtemp(join(tmpdir(), 'vercors-directory-bench-'));
const overall = performance.now();
try {
  console.log(
    `Directory: ${PEOPLE} people, ${ESTABLISHMENTS} establishments, ${CLIENTS} clients for ${PHASE_MS / 1000} s; CardDAV: ${CARDS} cards; peers: ${[...PEERS].join(', ')}; load average ${loadAverage()}`,
  );
  let at = performance.now();
  const directory = generateDirectory(SEED, ESTABLISHMENTS, PEOPLE);
  const queries = generateQueries(directory, QUERY_COUNT, SEED + 1);
  console.log(
    `  generated in ${((performance.now() - at) / 1000).toFixed(1)} s; queries like ${queries
      .slice(0, 6)
      .map((query) => `"${query.text}"`)
      .join(', ')}`,
  );
  at = performance.now();
  const vercors = await benchVercors(root, directory, queries);
  const slapd = PEERS.has('slapd') ? await benchSlapd(directory, queries) : undefined;
  const davs: DavResult[] = [vercors.dav];
  if (PEERS.has('radicale')) davs.push(await benchRadicale(root, directory));
  if (PEERS.has('cyrus')) {
    const cyrus = await benchCyrus(directory);
    if (cyrus !== undefined) davs.push(cyrus);
  }
  printReport(vercors, slapd, davs);
  console.log(`(whole bench: ${((performance.now() - overall) / 1000).toFixed(0)} s)`);
} finally {
  await within(rm(root, { recursive: true, force: true }), 60_000, 'removing the bench folder').catch(
    () => undefined,
  );
}
