// `node bench/src/smtp-bench.ts`: inbound delivery, Vercors's MX against Postfix delivering to a Maildir, on this
// machine, with the same messages, the same concurrency and the same load generator (e2e/src/smtp-load-client.ts).
// Both are durable: Vercors answers 250 after the fsync of the WAL its commit wrote (a message of up to 64 KiB is
// kept in that transaction; a larger one is first written and fsynced as a file); Postfix answers 250
// after cleanup fsyncs the queue file, and virtual(8) fsyncs each Maildir file before its rename. Both servers run
// side by side and take turns, 3 runs each; the medians, each turn's ratio, and memory per connection (RSS and PSS
// deltas with IDLE_SESSIONS idle sessions open).
// Bounded: every run is capped in time and every process started here is stopped by its id.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
// The same Postfix peer and client as the tests, so the benchmark measures what the tests prove.
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { postfixMissing, startPostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';
import { openSmtpSession, type SmtpSession } from '@vercors/e2e/src/smtp-load-client.ts';
import { mean, percentile, secondsSetting } from './bench-figures.ts';
import { forwardedSettings } from './forwarded-settings.ts';
import { countCpu, settleCpu } from './process-cpu.ts';
import { treeMemory } from './process-memory.ts';
import { lockDelta, lockLine, readLockTotals, type LockTotals } from './write-lock-figures.ts';

const VERCORS_CLI = join(import.meta.dirname, '..', '..', 'server', 'src', 'cli', 'vercors.ts');
const MESSAGES = Number(process.env.BENCH_SMTP_MESSAGES ?? 600);
const CONCURRENCY = Number(process.env.BENCH_SMTP_CONCURRENCY ?? 10);
const RUNS = 3;
const MESSAGE_BYTES = 4096;
/** One run never takes longer than this; the rate is then on what it finished. */
const RUN_CAP_MS = 25_000;
/**
 * Each server's warm-up repeats the run's load until this much time has passed: a fresh Node process goes on
 * compiling for tens of seconds (V8's optimising compiler still took 3–5 % of the CPU 15 s into the load), and a
 * mail server runs for months. 0: a single run, as until 2026-12-01.
 */
const WARMUP_MS = secondsSetting('BENCH_SMTP_WARMUP_SECONDS', 15) * 1000;
const MAX_WARMUP_RUNS = 20;
const DOMAIN = 'ac-test.fr';
const RECIPIENT = `sink@${DOMAIN}`;
/**
 * Idle sessions held open to measure memory per connection. With 100, Vercors's few KiB per session were
 * smaller than what one garbage collection returns between the two readings (the delta came out negative).
 */
const IDLE_SESSIONS = 500;
/**
 * Postfix's default_process_limit is 100 smtpd processes, one per session: the memory probe alone holds
 * IDLE_SESSIONS open, so the limit is raised to keep Postfix from queueing connections Vercors accepts.
 */
const POSTFIX_PROCESS_LIMIT = 600;

interface RunResult {
  readonly messages: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

function message(run: number, index: number): string {
  const body = `${'Lorem ipsum dolor sit amet, réunion de rentrée à Grenoble. '.repeat(2)}\r\n`;
  const head = `From: load@example.org\r\nTo: ${RECIPIENT}\r\nSubject: bench ${run}-${index}\r\nMessage-ID: <bench-${run}-${index}-${process.pid}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
  let text = head;
  while (Buffer.byteLength(text) < MESSAGE_BYTES) text += body;
  return text;
}

/** MESSAGES messages over CONCURRENCY connections; per-message latency from MAIL to the final reply. */
async function load(port: number, run: number): Promise<RunResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + RUN_CAP_MS;
  const worker = async () => {
    const session = await openSmtpSession(port);
    while (next < MESSAGES && performance.now() < deadline) {
      const index = next++;
      const sent = performance.now();
      const reply = await session.send('load@example.org', [RECIPIENT], message(run, index));
      if (!reply.startsWith('250')) throw new Error(`message ${index}: ${reply}`);
      latenciesMs.push(performance.now() - sent);
    }
    await session.quit();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { messages: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** The run's load, at least once and then again until WARMUP_MS have passed; untimed. */
async function warmUp(server: Server): Promise<void> {
  const started = performance.now();
  for (let run = 1; run <= MAX_WARMUP_RUNS; run++) {
    await load(server.port, -run);
    if (performance.now() - started >= WARMUP_MS) break;
  }
  await settleCpu(await server.rootPid());
}

/** The middle value (the upper one of an even count), as the latencies' p50 is taken. */
const median = (values: readonly number[]) => percentile(values, 50);

interface ConnectionMemory {
  /** RSS delta per session: counts a page shared by several processes (Postfix's smtpd) once per process. */
  readonly rss: number;
  /** PSS delta per session: a shared page divided among the processes that share it. */
  readonly pss: number;
}

/** Memory deltas of the server's process tree with `count` idle sessions (EHLO done), per session. */
async function memoryPerConnection(port: number, rootPid: number, count: number): Promise<ConnectionMemory> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = treeMemory(rootPid, true);
  const sessions: SmtpSession[] = [];
  for (let i = 0; i < count; i++) sessions.push(await openSmtpSession(port));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = treeMemory(rootPid, true);
  await Promise.all(sessions.map((session) => session.quit()));
  return { rss: (after.rss - before.rss) / count, pss: (after.pss - before.pss) / count };
}

function cli(dataDir: string, args: string[], input = ''): void {
  const result = spawnSync(process.execPath, [VERCORS_CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', VERCORS_DATA: dataDir, VERCORS_LOCALE: 'en' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`vercors ${args.join(' ')}: ${result.stdout}${result.stderr}`);
}

async function waitForGreeting(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const session = await openSmtpSession(port);
      await session.quit();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`nothing answers on ${port}`);
}

/** A server under test: where it listens, the root of its process tree, and how to stop it. */
interface Server {
  readonly port: number;
  rootPid(): Promise<number>;
  stop(): Promise<void>;
  /** Vercors: its write lock's totals so far (from /metrics). */
  lockTotals?(): Promise<LockTotals | undefined>;
}

/** Vercors on a fresh data folder, with one account; resolves once it greets. */
async function startVercors(root: string): Promise<Server> {
  const dataDir = join(root, 'vercors');
  cli(dataDir, ['domain', 'add', DOMAIN]);
  cli(dataDir, [
    'user',
    'add',
    RECIPIENT,
    '--name',
    'Sink',
    '--quota',
    '100G',
    '--quota-messages',
    '100000000',
  ]);
  const port = await freeLoopbackPort();
  const httpPort = process.env.BENCH_SMTP_LOCK === '1' ? await freeLoopbackPort() : undefined;
  const child: ChildProcess = spawn(
    process.execPath,
    [VERCORS_CLI, 'serve', ...(process.env.BENCH_WORKERS ? ['--workers', process.env.BENCH_WORKERS] : [])],
    {
      env: {
        ...forwardedSettings(),
        PATH: process.env.PATH ?? '',
        // For profiling the server under load, e.g. BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
        NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
        VERCORS_DATA: dataDir,
        VERCORS_LOG_LEVEL: 'warn',
        VERCORS_HOSTNAME: 'mx.bench.test',
        // BENCH_SMTP_LOCK=1: /metrics, read around each run for the write lock's figures. Off by default: with
        // the HTTP listener on, the tree shrank by about 36 MB while the memory probe opened its sessions, and
        // the figure per connection came out at -72 KiB.
        VERCORS_LISTEN_HTTP: httpPort === undefined ? '' : `127.0.0.1:${httpPort}`,
        VERCORS_LISTEN_SMTP: `127.0.0.1:${port}`,
        VERCORS_LISTEN_SUBMISSION: '',
        VERCORS_LISTEN_SUBMISSIONS: '',
        VERCORS_LISTEN_IMAP: '',
        VERCORS_LISTEN_IMAPS: '',
        VERCORS_LISTEN_MANAGESIEVE: '',
        // Same footing as Postfix's smtpd here: no greeting delay, no DNS (Postfix checks neither SPF nor DKIM).
        VERCORS_SMTP_GREETING_DELAY: '0s',
        VERCORS_DELIVERY_DNS: 'offline',
        VERCORS_SMTP_MAX_CONNECTIONS_PER_IP: '1000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(undefined);
      }, 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  };
  try {
    await waitForGreeting(port, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    rootPid: () => Promise.resolve(child.pid ?? 0),
    stop,
    ...(httpPort === undefined ? {} : { lockTotals: () => readLockTotals(httpPort) }),
  };
}

/** The shared Postfix peer (e2e/src/postfix-peer.ts) as a sink: every address of the domain into one Maildir. */
async function startPostfix(): Promise<(Server & { delivered(): number }) | undefined> {
  const missing = postfixMissing();
  if (missing !== undefined) {
    console.log(`${missing}: only Vercors was measured.`);
    return undefined;
  }
  const postfix = await startPostfixPeer({
    domain: DOMAIN,
    // The load client never starts TLS; without a certificate no smtpd loads a TLS context either, as
    // in the figures bench/README.md records.
    tls: false,
    processLimit: POSTFIX_PROCESS_LIMIT,
  });
  return {
    port: postfix.port,
    // Every Postfix process (smtpd, cleanup, qmgr, virtual) is the master's child, reaped by it.
    rootPid: () => postfix.masterPid(),
    delivered: () => (existsSync(postfix.maildir) ? readdirSync(postfix.maildir).length : 0),
    stop: () => postfix.stop(),
  };
}

interface MeasuredRun extends RunResult {
  /** Copies in the mailbox per second, from the run's start until the last of them was there. */
  readonly storedRate: number;
  readonly cpuSeconds: number;
  /** Vercors: its write lock over the run (load only, not the settling after it). */
  readonly lock?: LockTotals;
}

/**
 * One measured run, and the CPU the server spent on it until it settled. `delivered` counts stored copies when
 * 250 only means queued (Postfix); without it, acknowledged is stored (Vercors answers after the commit).
 */
async function measuredRun(server: Server, run: number, delivered?: () => number): Promise<MeasuredRun> {
  const cpu = countCpu(await server.rootPid());
  const before = delivered?.() ?? 0;
  const lockBefore = await server.lockTotals?.();
  const started = performance.now();
  const result = await load(server.port, run);
  const lockAfter = await server.lockTotals?.();
  const lock = lockBefore && lockAfter ? lockDelta(lockBefore, lockAfter) : undefined;
  let storedRate = result.messages / result.seconds;
  if (delivered !== undefined) {
    const until = Date.now() + RUN_CAP_MS;
    while (delivered() < before + result.messages && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    storedRate = (delivered() - before) / ((performance.now() - started) / 1000);
  }
  await settleCpu(await server.rootPid());
  return { ...result, storedRate, cpuSeconds: cpu.stop(), ...(lock === undefined ? {} : { lock }) };
}

/** CPU time of the server's processes over the measured runs (Postfix's: until its Maildir copies), per message. */
function cpuPerMessage(runs: readonly MeasuredRun[]): string {
  const messages = runs.reduce((sum, run) => sum + run.messages, 0);
  const cpuSeconds = runs.reduce((sum, run) => sum + run.cpuSeconds, 0);
  return messages > 0 ? ((1000 * cpuSeconds) / messages).toFixed(2) : '—';
}

function perConnection(memory: ConnectionMemory): string {
  return `${(memory.rss / 1024).toFixed(1)} / ${(memory.pss / 1024).toFixed(1)}`;
}

function latencyCell(figures: { mean: number; p50: number; p90: number; p99: number }): string {
  return [figures.mean, figures.p50, figures.p90, figures.p99].map((ms) => ms.toFixed(1)).join(' / ');
}

function summary(runs: readonly RunResult[]) {
  const rates = runs.map((run) => run.messages / run.seconds);
  const latencies = runs.flatMap((run) => run.latenciesMs);
  return {
    rate: median(rates),
    mean: mean(latencies),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    rates,
  };
}

const root = join(tmpdir(), `vercors-smtp-bench-${process.pid}`);
mkdirSync(root, { recursive: true });
const servers: Server[] = [];
try {
  console.log(
    `SMTP inbound: ${MESSAGES} messages of ${MESSAGE_BYTES} bytes over ${CONCURRENCY} connections, ${RUNS} runs ` +
      'each, the two servers taking turns',
  );
  const vercors = await startVercors(root);
  servers.push(vercors);
  // Before any load: after thousands of deliveries, a garbage collection during the probe returned more than
  // its sessions took (-0.1 KiB per connection after 2,000-message runs).
  const vercorsMemory = await memoryPerConnection(vercors.port, await vercors.rootPid(), IDLE_SESSIONS);
  // BENCH_SMTP_PEER=none: Vercors alone, for quick before/after runs of a change.
  const postfix = process.env.BENCH_SMTP_PEER === 'none' ? undefined : await startPostfix();
  if (postfix) servers.push(postfix);
  // Warm-up: JIT, SQLite pages, first blob folders; Postfix's processes and queue folders.
  await warmUp(vercors);
  if (postfix) await warmUp(postfix);
  // Turns, so both servers see the same machine (its speed drifts by a fifth over minutes); the first to run
  // alternates, so neither always follows the other's leftovers.
  const vercorsRuns: MeasuredRun[] = [];
  const postfixRuns: MeasuredRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    const measureVercors = async () => vercorsRuns.push(await measuredRun(vercors, run));
    const measurePostfix = async () => {
      if (postfix) postfixRuns.push(await measuredRun(postfix, run, () => postfix.delivered()));
    };
    if (run % 2 === 0) {
      await measureVercors();
      await measurePostfix();
    } else {
      await measurePostfix();
      await measureVercors();
    }
  }
  const postfixMemory = postfix
    ? await memoryPerConnection(postfix.port, await postfix.rootPid(), IDLE_SESSIONS)
    : undefined;
  const v = summary(vercorsRuns);
  const p = postfix ? summary(postfixRuns) : undefined;
  const postfixStored = median(postfixRuns.map((run) => run.storedRate));
  const rows = [
    ['', 'Vercors (WAL fsync)', 'Postfix 3.7 → Maildir'],
    ['acknowledged msg/s (median)', v.rate.toFixed(0), p ? p.rate.toFixed(0) : '—'],
    ['stored msg/s (median)', v.rate.toFixed(0), p ? postfixStored.toFixed(0) : '—'],
    [
      // The mean too: with each connection sending its next message once the last is answered, the rate is the
      // connections over the mean latency, and a slow tail lowers it as much as a slow median.
      'latency mean / p50 / p90 / p99 (ms)',
      latencyCell(v),
      p ? latencyCell(p) : '—',
    ],
    ['server CPU per message (ms)', cpuPerMessage(vercorsRuns), p ? cpuPerMessage(postfixRuns) : '—'],
    [
      'memory per connection, RSS / PSS (KiB)',
      perConnection(vercorsMemory),
      postfixMemory ? perConnection(postfixMemory) : '—',
    ],
    [
      'runs msg/s',
      v.rates.map((rate) => rate.toFixed(0)).join(', '),
      p ? p.rates.map((rate) => rate.toFixed(0)).join(', ') : '—',
    ],
  ];
  for (const row of rows)
    console.log(`${(row[0] ?? '').padEnd(38)} ${(row[1] ?? '').padStart(34)} ${(row[2] ?? '').padStart(24)}`);
  const locks = vercorsRuns.flatMap((run) => (run.lock === undefined ? [] : [run.lock]));
  if (locks.length > 0)
    console.log(
      `Vercors's write lock over the runs: ${lockLine(
        locks,
        vercorsRuns.reduce((sum, run) => sum + run.seconds, 0),
        vercorsRuns.reduce((sum, run) => sum + run.messages, 0),
      )}`,
    );
  if (p) {
    // Each turn's ratio: the two runs of a turn ran minutes apart at most, on the same machine.
    const turns = vercorsRuns.map((run, index) => {
      const peer = postfixRuns[index];
      return peer ? run.messages / run.seconds / peer.storedRate : 0;
    });
    console.log(
      `ratio Vercors/Postfix: acknowledged ${(v.rate / p.rate).toFixed(2)}, stored ${(v.rate / postfixStored).toFixed(2)}; ` +
        `stored, turn by turn: ${turns.map((ratio) => ratio.toFixed(2)).join(', ')}`,
    );
  }
} finally {
  for (const server of servers.reverse()) await server.stop();
  await rm(root, { recursive: true, force: true });
}
