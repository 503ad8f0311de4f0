// `node bench/src/smtp-bench.ts`: inbound delivery, Vercors's MX against Postfix delivering to a Maildir, on this
// machine, with the same messages, the same concurrency and the same load generator (e2e/src/smtp-load-client.ts).
// Both are durable: Vercors answers 250 after the fsync of the WAL its commit wrote (a message of up to 64 KiB is
// kept in that transaction; a larger one is first written and fsynced as a file); Postfix answers 250
// after cleanup fsyncs the queue file, and virtual(8) fsyncs each Maildir file before its rename. Median of 3
// runs each, then the ratio, and memory per connection (RSS and PSS deltas with IDLE_SESSIONS idle sessions open).
// Bounded: every run is capped in time and every process started here is stopped by its id.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
// The same Postfix peer and client as the tests, so the benchmark measures what the tests prove.
import { postfixMissing, startPostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';
import { openSmtpSession, type SmtpSession } from '@vercors/e2e/src/smtp-load-client.ts';
import { forwardedSettings } from './forwarded-settings.ts';
import { countCpu } from './process-cpu.ts';
import { treeMemory } from './process-memory.ts';

const VERCORS_CLI = join(import.meta.dirname, '..', '..', 'server', 'src', 'cli', 'vercors.ts');
const MESSAGES = Number(process.env.BENCH_SMTP_MESSAGES ?? 600);
const CONCURRENCY = Number(process.env.BENCH_SMTP_CONCURRENCY ?? 10);
const RUNS = 3;
const MESSAGE_BYTES = 4096;
/** One run never takes longer than this; the rate is then on what it finished. */
const RUN_CAP_MS = 25_000;
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

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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

async function benchVercors(
  root: string,
): Promise<{ runs: RunResult[]; memory: ConnectionMemory; cpuSeconds: number }> {
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
  const port = await freePort();
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
        VERCORS_LISTEN_HTTP: '',
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
  try {
    await waitForGreeting(port, 60_000);
    // Before any load: after thousands of deliveries, a garbage collection during the probe returned more than
    // its sessions took (-0.1 KiB per connection after 2,000-message runs).
    const memory = await memoryPerConnection(port, child.pid ?? 0, IDLE_SESSIONS);
    await load(port, -1); // warm-up: JIT, SQLite pages, first blob folders
    const runs: RunResult[] = [];
    const cpu = countCpu(child.pid ?? 0);
    for (let run = 0; run < RUNS; run++) runs.push(await load(port, run));
    const cpuSeconds = cpu.stop();
    return { runs, memory, cpuSeconds };
  } finally {
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
  }
}

/** The shared Postfix peer (e2e/src/postfix-peer.ts) as a sink: every address of the domain into one Maildir. */
async function benchPostfix(): Promise<
  { runs: RunResult[]; memory: ConnectionMemory; deliveredRate: number; cpuSeconds: number } | undefined
> {
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
  const delivered = () => (existsSync(postfix.maildir) ? readdirSync(postfix.maildir).length : 0);
  try {
    await load(postfix.port, -1);
    const runs: RunResult[] = [];
    const deliveredRates: number[] = [];
    // Every Postfix process (smtpd, cleanup, qmgr, virtual) is the master's child, reaped by it.
    const cpu = countCpu(await postfix.masterPid());
    for (let run = 0; run < RUNS; run++) {
      const before = delivered();
      const started = performance.now();
      const result = await load(postfix.port, run);
      runs.push(result);
      // Postfix's 250 means "queued"; the Maildir copy follows. Time until every copy is there as well.
      const until = Date.now() + RUN_CAP_MS;
      while (delivered() < before + result.messages && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      deliveredRates.push((delivered() - before) / ((performance.now() - started) / 1000));
    }
    const cpuSeconds = cpu.stop();
    const memory = await memoryPerConnection(postfix.port, await postfix.masterPid(), IDLE_SESSIONS);
    return { runs, memory, deliveredRate: median(deliveredRates), cpuSeconds };
  } finally {
    await postfix.stop();
  }
}

/** CPU time of the server's processes over the measured runs (Postfix's: until its Maildir copies), per message. */
function cpuPerMessage(cpuSeconds: number, runs: readonly RunResult[]): string {
  const messages = runs.reduce((sum, run) => sum + run.messages, 0);
  return messages > 0 ? ((1000 * cpuSeconds) / messages).toFixed(2) : '—';
}

function perConnection(memory: ConnectionMemory): string {
  return `${(memory.rss / 1024).toFixed(1)} / ${(memory.pss / 1024).toFixed(1)}`;
}

function summary(runs: readonly RunResult[]) {
  const rates = runs.map((run) => run.messages / run.seconds);
  const latencies = runs.flatMap((run) => run.latenciesMs);
  return { rate: median(rates), p50: percentile(latencies, 50), p99: percentile(latencies, 99), rates };
}

const root = join(tmpdir(), `vercors-smtp-bench-${process.pid}`);
mkdirSync(root, { recursive: true });
try {
  console.log(
    `SMTP inbound: ${MESSAGES} messages of ${MESSAGE_BYTES} bytes over ${CONCURRENCY} connections, median of ${RUNS} runs`,
  );
  const vercors = await benchVercors(root);
  // BENCH_SMTP_PEER=none: Vercors alone, for quick before/after runs of a change.
  const postfix = process.env.BENCH_SMTP_PEER === 'none' ? undefined : await benchPostfix();
  const v = summary(vercors.runs);
  const rows = [
    ['', 'Vercors (WAL fsync)', 'Postfix 3.7 → Maildir'],
    ['acknowledged msg/s (median)', v.rate.toFixed(0), postfix ? summary(postfix.runs).rate.toFixed(0) : '—'],
    ['stored msg/s (median)', v.rate.toFixed(0), postfix ? postfix.deliveredRate.toFixed(0) : '—'],
    [
      'latency p50 / p99 (ms)',
      `${v.p50.toFixed(1)} / ${v.p99.toFixed(1)}`,
      postfix ? `${summary(postfix.runs).p50.toFixed(1)} / ${summary(postfix.runs).p99.toFixed(1)}` : '—',
    ],
    [
      'server CPU per message (ms)',
      cpuPerMessage(vercors.cpuSeconds, vercors.runs),
      postfix ? cpuPerMessage(postfix.cpuSeconds, postfix.runs) : '—',
    ],
    [
      'memory per connection, RSS / PSS (KiB)',
      perConnection(vercors.memory),
      postfix ? perConnection(postfix.memory) : '—',
    ],
    [
      'runs msg/s',
      vercors.runs.map((r) => (r.messages / r.seconds).toFixed(0)).join(', '),
      postfix ? postfix.runs.map((r) => (r.messages / r.seconds).toFixed(0)).join(', ') : '—',
    ],
  ];
  for (const row of rows)
    console.log(`${(row[0] ?? '').padEnd(30)} ${(row[1] ?? '').padStart(34)} ${(row[2] ?? '').padStart(24)}`);
  if (postfix) {
    const p = summary(postfix.runs);
    console.log(
      `ratio Vercors/Postfix: acknowledged ${(v.rate / p.rate).toFixed(2)}, stored ${(v.rate / postfix.deliveredRate).toFixed(2)}`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
