// `node bench/src/jmap-bench.ts`: JMAP, Vercors against Cyrus 3.6 on this machine, with the same messages in one
// user's INBOX (bench/src/imap-bench-mail.ts, with replies so that threads matter), loaded by IMAP APPEND into both.
// Each phase runs at 1 client (latency) and at 20 (throughput), on both servers, with the same requests: the inbox
// page (Email/query of INBOX by date, 50 rows, collapseThreads, with its Email/get in the same request), a
// full-text Email/query for a rare and for a common word, and the IMAP commands a webmail would send for the
// same screens (a header FETCH of the 50 newest, UID SEARCH TEXT). Printed: p50/p95/p99 latency and requests/s
// for each, the ratio Vercors/Cyrus, and the targets (inbox page p95 < 50 ms, full text < 200 ms).
// Every answer is checked against the generator (totals, threads, the rows' dates), so a fast wrong answer shows
// up as a mismatch. Bounded: phases are capped in time and operations, every process is stopped by its pid.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import type { VercorsProcess } from '@vercors/e2e/src/vercors-server.ts';
import { openAll, runClients } from './bench-clients.ts';
import { errorText, mb, percentile, setting, storageLine } from './bench-figures.ts';
import { cyrusMissing, startCyrusPeer, type CyrusPeer } from './cyrus-peer.ts';
import { benchMessageStream, type BenchMessage } from './imap-bench-mail.ts';
import {
  expectationsOf,
  PHASE_KEYS,
  phasesFor,
  type BenchTarget,
  type Expectations,
  type ObservedHits,
  type Phase,
} from './jmap-bench-phases.ts';
import { appendAll } from './mailbox-loading.ts';
import { treeCpuSeconds } from './process-cpu.ts';
import { loadAverage, sampleRss } from './process-memory.ts';
import { cpuPerOp, printReport, type PhaseResult, type ServerResult } from './jmap-bench-report.ts';
import {
  BENCH_PASSWORD,
  launchBenchVercors,
  prepareBenchData,
  stopVercors,
  whenReady,
} from './vercors-bench-server.ts';

const MESSAGES = setting('BENCH_JMAP_MESSAGES', 100_000);
const PHASE_MS = setting('BENCH_JMAP_PHASE_SECONDS', 10) * 1000;
const PHASE_MAX_OPS = 100_000;
const CONCURRENCY = (process.env.BENCH_JMAP_CONCURRENCY ?? '1,20').split(',').map(Number);
if (!CONCURRENCY.every((count) => Number.isInteger(count) && count > 0 && count <= 200))
  throw new Error('BENCH_JMAP_CONCURRENCY must be a comma-separated list of client counts (1 to 200)');
/** IMAP connections APPENDing at once while loading: more than one, so a server's own parallelism counts. */
const LOAD_CONNECTIONS = setting('BENCH_JMAP_LOAD_CONNECTIONS', 4);
/**
 * Loading stops after this: 20 messages per second, half the slowest rate Vercors loaded at on a busy 2-core VM
 * (42/s; 100,000 messages: 83 minutes at most).
 */
const LOAD_CAP_MS = Math.max(600_000, MESSAGES * 50);
/** Cyrus's one squatter pass over the loaded mailbox is bounded the same way. */
const INDEX_CAP_MS = Math.max(600_000, MESSAGES * 50);
/** Clients opened at once before a phase. */
const OPEN_PARALLEL = 10;
const SELECTED = new Set((process.env.BENCH_JMAP_PHASES ?? PHASE_KEYS.join(',')).split(','));
for (const key of SELECTED)
  if (!PHASE_KEYS.includes(key))
    throw new Error(`BENCH_JMAP_PHASES: ${key} is none of ${PHASE_KEYS.join(', ')}`);

const DOMAIN = 'ac-test.fr';
const VERCORS_USER = `bench@${DOMAIN}`;
/** Cyrus runs without virtual domains: the same person, by a bare login. */
const CYRUS_USER = 'bench';

/** A server under test, for the phases: where to connect, and whose process tree to watch. */
interface Server extends BenchTarget {
  rootPid(): number;
  readonly storage: string;
}

function generateMessages(): BenchMessage[] {
  const started = performance.now();
  const messages: BenchMessage[] = [];
  let lastSaid = started;
  for (const message of benchMessageStream(MESSAGES, { hasReplies: true })) {
    messages.push(message);
    if (performance.now() - lastSaid > 15_000) {
      lastSaid = performance.now();
      console.log(`  generating messages: ${messages.length} of ${MESSAGES}`);
    }
  }
  const bytes = messages.reduce((sum, message) => sum + message.raw.length, 0);
  console.log(
    `Generated ${messages.length} messages (${mb(bytes)} MB, ${(bytes / messages.length / 1024).toFixed(1)} KiB on average) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return messages;
}

/** `concurrency` clients run one phase; latency of each operation, with the server's peak RSS. */
async function runPhase(
  server: Server,
  key: string,
  name: string,
  concurrency: number,
  spec: Phase['spec'],
  hits: ObservedHits,
): Promise<PhaseResult> {
  const base = { key, phase: name, concurrency };
  let states: unknown[];
  try {
    states = await openAll(
      concurrency,
      OPEN_PARALLEL,
      (client) => spec.open(client),
      (state) => void spec.close(state),
    );
  } catch (error) {
    return {
      ...base,
      ops: 0,
      seconds: 0,
      latencies: [],
      rssPeak: 0,
      cpuSeconds: 0,
      errors: 1,
      mismatches: 0,
      retries: 0,
      firstProblem: `opening the clients: ${errorText(error)}`,
    };
  }
  const sampler = sampleRss(server.rootPid());
  const cpuBefore = treeCpuSeconds(server.rootPid());
  const run = await runClients(states, (state, client, n) => spec.op(state, client, n), {
    ms: PHASE_MS,
    maxOps: PHASE_MAX_OPS,
  });
  const cpuSeconds = treeCpuSeconds(server.rootPid()) - cpuBefore;
  const rssPeak = sampler.stop();
  const retries = states.reduce<number>((sum, state) => sum + (spec.retries?.(state) ?? 0), 0);
  await Promise.all(states.map((state) => spec.close(state)));
  const result: PhaseResult = {
    ...base,
    ops: run.latencies.length,
    seconds: run.seconds,
    latencies: run.latencies,
    rssPeak,
    cpuSeconds,
    errors: run.errors,
    mismatches: run.mismatches,
    retries,
    ...(hits.has(key) ? { hits: hits.get(key) } : {}),
    ...(run.firstProblem === undefined ? {} : { firstProblem: run.firstProblem }),
  };
  reportLine(server.name, result);
  return result;
}

function reportLine(server: string, result: PhaseResult): void {
  const rate = result.seconds > 0 ? result.ops / result.seconds : 0;
  const p = (n: number) => percentile(result.latencies, n).toFixed(1);
  const problems =
    result.errors + result.mismatches > 0
      ? `  (${result.errors} errors, ${result.mismatches} mismatches: ${result.firstProblem ?? ''})`
      : '';
  const retries =
    result.retries > 0 ? `, ${result.retries} requests refused for maxConcurrentRequests and sent again` : '';
  const hits = result.hits === undefined ? '' : `  hits ${result.hits}`;
  console.log(
    `  ${server.padEnd(8)} ${result.phase.padEnd(44)} c=${String(result.concurrency).padEnd(3)} ${rate.toFixed(1).padStart(8)} req/s  p50 ${p(50)}  p95 ${p(95)}  p99 ${p(99)} ms  CPU ${cpuPerOp(result)} ms/req  peak RSS ${mb(result.rssPeak)} MB${hits}${retries}${problems}`,
  );
}

/** Load, then every selected phase at each concurrency. */
async function measure(
  server: Server,
  messages: readonly BenchMessage[],
  expected: Expectations,
  result: ServerResult,
  indexSearch?: () => Promise<number>,
): Promise<void> {
  console.log(`${server.name}: load average ${loadAverage()}`);
  const sampler = sampleRss(server.rootPid());
  const cpuBefore = treeCpuSeconds(server.rootPid());
  const load = await appendAll({
    label: server.name,
    port: server.imapPort,
    user: server.user,
    password: server.password,
    messages,
    connections: LOAD_CONNECTIONS,
    capMs: LOAD_CAP_MS,
  });
  result.load = {
    ...load,
    rssPeak: sampler.stop(),
    cpuSeconds: treeCpuSeconds(server.rootPid()) - cpuBefore,
  };
  console.log(
    `  ${server.name.padEnd(8)} loaded ${load.appended} messages in ${load.seconds.toFixed(0)} s (${(load.appended / load.seconds).toFixed(1)}/s over ${LOAD_CONNECTIONS} connections, APPEND p95 ${percentile(load.latencies, 95).toFixed(0)} ms)`,
  );
  if (load.errors > 0) throw new Error(`loading failed: ${load.firstProblem ?? ''}`);
  if (indexSearch !== undefined) {
    result.indexSeconds = await indexSearch();
    console.log(
      `  ${server.name.padEnd(8)} full-text index (squatter, one pass) in ${result.indexSeconds.toFixed(0)} s`,
    );
  }
  result.disk = storageLine(server.storage, 1_000_000);
  console.log(`  ${server.name.padEnd(8)} stored after loading: ${result.disk}`);
  const hits: ObservedHits = new Map();
  const phases = phasesFor(server, messages.length, expected, hits).filter((phase) =>
    SELECTED.has(phase.key),
  );
  // Warm-up, not timed: each operation once, as a client's first visit would (caches, statements, page cache).
  for (const phase of phases) await warmUp(phase.spec);
  for (const concurrency of CONCURRENCY)
    for (const phase of phases)
      result.phases.push(await runPhase(server, phase.key, phase.name, concurrency, phase.spec, hits));
}

async function warmUp(spec: Phase['spec']): Promise<void> {
  const state = await spec.open(0);
  try {
    await spec.op(state, 0, 0);
  } finally {
    await spec.close(state);
  }
}

async function benchVercors(root: string, messages: readonly BenchMessage[], expected: Expectations) {
  const result: ServerResult = { name: 'Vercors', phases: [] };
  const dataDir = join(root, 'vercors');
  await prepareBenchData(dataDir, DOMAIN, [VERCORS_USER]);
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
    const pid = server.pid;
    const target: Server = {
      name: 'Vercors',
      imapPort,
      httpPort,
      user: VERCORS_USER,
      password: BENCH_PASSWORD,
      storage: dataDir,
      rootPid: () => pid,
    };
    await measure(target, messages, expected, result);
  } catch (error) {
    const exit = server?.child.exitCode ?? server?.child.signalCode ?? 'still running';
    const output = `${server?.stdout() ?? ''}${server?.stderr() ?? ''}`.slice(-2000);
    result.failure = `${errorText(error)} (vercors serve: ${exit})\n${output}`;
  } finally {
    await stopVercors(server);
  }
  return result;
}

async function benchCyrus(messages: readonly BenchMessage[], expected: Expectations) {
  const missing = cyrusMissing();
  if (missing !== undefined) {
    console.log(`${missing}: Cyrus was not measured.`);
    return undefined;
  }
  const result: ServerResult = { name: 'Cyrus', phases: [] };
  let peer: CyrusPeer | undefined;
  try {
    peer = await startCyrusPeer({
      users: [{ name: CYRUS_USER, password: BENCH_PASSWORD }],
      maxConnections: Math.max(...CONCURRENCY, LOAD_CONNECTIONS) + 10,
    });
    const cyrus = peer;
    const target: Server = {
      name: 'Cyrus',
      imapPort: cyrus.imapPort,
      httpPort: cyrus.httpPort,
      user: CYRUS_USER,
      password: BENCH_PASSWORD,
      storage: cyrus.storage,
      rootPid: () => cyrus.masterPid,
    };
    await measure(target, messages, expected, result, () => cyrus.indexSearch(CYRUS_USER, INDEX_CAP_MS));
    result.logSummary = summariseLog(await cyrus.log());
  } catch (error) {
    result.failure = errorText(error);
    if (peer !== undefined) result.logSummary = summariseLog(await peer.log());
  } finally {
    await peer?.stop();
  }
  return result;
}

/** Cyrus's errors, by kind (the text after the process name, without numbers), with a count. */
function summariseLog(log: string): string[] {
  const kinds = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (!/\bmail\.(err|crit|alert|emerg|warn)\b/.test(line)) continue;
    const kind = line
      .replace(/^.*?cyrus-bench\/[a-z]+\[\d+\]: /, '')
      .replace(/\d+/g, 'N')
      .slice(0, 200);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([kind, count]) => `${count} × ${kind}`);
}

const root = await mkdtemp(join(tmpdir(), 'vercors-jmap-bench-'));
try {
  console.log(
    `JMAP: one INBOX of ${MESSAGES} messages, clients ${CONCURRENCY.join(' and ')}, phases of ${PHASE_MS / 1000} s, load over ${LOAD_CONNECTIONS} IMAP connections; load average ${loadAverage()}`,
  );
  const messages = generateMessages();
  const expected = expectationsOf(messages);
  console.log(
    `  ${expected.threads} threads, ${expected.rareHits} messages with the rare word; phases: ${[...SELECTED].join(', ')}`,
  );
  // BENCH_JMAP_VERCORS=none: Cyrus alone, to check the peer's setup.
  const vercors =
    process.env.BENCH_JMAP_VERCORS === 'none' ? undefined : await benchVercors(root, messages, expected);
  // BENCH_JMAP_PEER=none: Vercors alone, for quick before/after runs of a change.
  const cyrus = process.env.BENCH_JMAP_PEER === 'none' ? undefined : await benchCyrus(messages, expected);
  printReport({
    messages: MESSAGES,
    expected,
    vercors,
    cyrus,
    loadConnections: LOAD_CONNECTIONS,
    json: process.env.BENCH_JMAP_JSON === '1',
  });
} finally {
  await rm(root, { recursive: true, force: true });
}
