// `node bench/src/imap-bench.ts`: the IMAP server, Vercors against Dovecot 2.3 (Maildir) on this machine, with the
// same messages, the same users and the same load generator (e2e/src/imap-load-client.ts) for both. Each server
// gets USERS mailboxes of MESSAGES messages (bench/src/imap-bench-mail.ts) by APPEND, then every phase runs at
// 10 and at 50 clients (client i works in mailbox i % USERS): LOGIN+SELECT+LOGOUT cycles, a header FETCH of the
// whole mailbox, single-message BODY[] FETCHes, SEARCH for a rare and a common word, flag STOREs, and an IDLE
// fan-out (every client idles in one mailbox, a writer APPENDs, time until each one has its EXISTS). Last, IDLERS
// connections at once, each logged in, SELECTed and in IDLE, to measure the server's resident memory.
// Printed: ops/s for each server, the ratio Vercors/Dovecot, p95 latency and the peak RSS of each process tree.
// Both are durable at the tagged OK of an APPEND: Vercors fsyncs the blob file and its folder, then commits with a
// WAL fsync; Dovecot (mail_fsync = optimized, its default) fsyncs the message file before moving it into the
// Maildir. Both verify the same argon2id hashes at LOGIN. Every answer is checked (message counts, BODY[] sizes,
// SEARCH hits, echoed FLAGS), so a fast wrong answer shows up as a mismatch, not as a good figure.
// Bounded: every phase is capped in time and in operations, every process started here is stopped by its pid.

import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { openImapSession, type ImapReply, type ImapSession } from '@vercors/e2e/src/imap-load-client.ts';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import type { VercorsProcess } from '@vercors/e2e/src/vercors-server.ts';
import { argon2Hasher } from '@vercors/server/src/domain/identity/password-hasher.ts';
import { openAll, runClients } from './bench-clients.ts';
import { errorText, mb, percentile, secondsSetting, setting, storageLine } from './bench-figures.ts';
import { dovecotMissing, startDovecotPeer, type DovecotPeer } from './dovecot-peer.ts';
import { benchMessages, COMMON_WORD, RARE_WORD, seededRandom, type BenchMessage } from './imap-bench-mail.ts';
import { countCpu, settleCpu } from './process-cpu.ts';
import { loadAverage, sampleRss, treeMemory, type TreeMemory } from './process-memory.ts';
import {
  BENCH_PASSWORD,
  launchBenchVercors,
  prepareBenchData,
  stopVercors,
  whenReady,
} from './vercors-bench-server.ts';

const MESSAGES = setting('BENCH_IMAP_MESSAGES', 1000);
/** Mailboxes loaded with the messages; client i works in mailbox i % USERS. */
const USERS = setting('BENCH_IMAP_USERS', 10);
const CONCURRENCY = (process.env.BENCH_IMAP_CONCURRENCY ?? '10,50').split(',').map(Number);
if (!CONCURRENCY.every((count) => Number.isInteger(count) && count > 0 && count <= 1000))
  throw new Error('BENCH_IMAP_CONCURRENCY must be a comma-separated list of client counts (1 to 1000)');
/** Each phase stops starting operations after this; the rate is on what it finished. */
const PHASE_MS = setting('BENCH_IMAP_PHASE_SECONDS', 5) * 1000;
const PHASE_MAX_OPS = 50_000;
/**
 * Before each phase's measured window, its clients run the same operations untimed for this long, or
 * PHASE_MAX_OPS of them if that comes first (about 5 s of BODY[] FETCHes at 10 clients): V8 compiles a phase's
 * code paths in its first seconds (TurboFan took a fifth of the CPU in the first second of BODY[]), and a mail
 * server runs for months. Warmed for 2 s, Vercors still spent 0.142–0.158 ms of CPU per BODY[] FETCH; warmed for
 * 50,000 FETCHes, 0.129–0.130 (Dovecot 0.136–0.145 either way). Both servers get it; 0 measures cold phases.
 */
const WARMUP_MS = secondsSetting('BENCH_IMAP_WARMUP_SECONDS', 10) * 1000;
/** Loading the mailboxes must finish within this, or the server's run stops there. */
const LOAD_CAP_MS = 300_000;
const IDLERS = setting('BENCH_IMAP_IDLERS', 5000);
/**
 * Dovecot runs one imap process per connection: a thousand is enough to know its memory per connection,
 * and keeps the run short (each login also costs an argon2id hash in Dovecot's single auth process).
 */
const DOVECOT_IDLERS = setting('BENCH_IMAP_DOVECOT_IDLERS', 1000);
/** Opening the idlers stops after this: 5,000 argon2id logins take 2 to 4 minutes on a busy 2-core VM. */
const IDLE_OPEN_CAP_MS = 420_000;
/** Connections being opened at once (login + SELECT), for the phases' clients and the idlers. */
const OPEN_PARALLEL = 25;
const FANOUT_MAX_ROUNDS = 40;
const FANOUT_WAIT_MS = 15_000;
/** The target for IDLERS connections in IDLE. */
const IDLE_RSS_TARGET = 500 * 1000 * 1000;

/** BENCH_IMAP_PHASES: a comma-separated subset, to profile or compare one phase (loading always runs). */
const PHASES = ['login', 'headers', 'body', 'search-rare', 'search-common', 'flags', 'fanout', 'idle'];
/** Phases outside the workload, run only when named: `copy` (UID COPY of one message to another folder). */
const EXTRA_PHASES = ['copy'];
const SELECTED = new Set((process.env.BENCH_IMAP_PHASES ?? PHASES.join(',')).split(','));
for (const key of SELECTED)
  if (!PHASES.includes(key) && !EXTRA_PHASES.includes(key))
    throw new Error(`BENCH_IMAP_PHASES: ${key} is none of ${[...PHASES, ...EXTRA_PHASES].join(', ')}`);
/** The folder the copy phase copies into, created by its first operation in each mailbox. */
const COPY_TARGET = 'Bench-copies';

const DOMAIN = 'ac-test.fr';
const PASSWORD = BENCH_PASSWORD;
const user = (index: number) => `bench${index % USERS}@${DOMAIN}`;
/**
 * The line an MTA adds on delivery: it makes every mailbox's copy its own bytes, as in real life, so Vercors's
 * content-addressed blob store cannot keep one file for ten mailboxes while Dovecot writes ten.
 */
const deliveredTo = (index: number) => Buffer.from(`Delivered-To: ${user(index)}\r\n`);
const FANOUT_USER = `fanout@${DOMAIN}`;
const HEADER_FETCH =
  'UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])';

interface Target {
  readonly name: string;
  readonly port: number;
  rootPid(): Promise<number>;
  /** The folder holding everything the server stores, for its size on disk after loading. */
  readonly storage: string;
  /**
   * Start the server afresh on the same data, before the memory probe: idle memory is then what thousands of
   * sessions cost, not the garbage the phases left in a heap. Dovecot's per-connection processes need none.
   */
  restart?(): Promise<void>;
}

interface PhaseResult {
  readonly phase: string;
  readonly concurrency: number;
  readonly ops: number;
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly rssPeak: number;
  /** CPU time the server's processes spent during the phase, whatever the machine's other load. */
  readonly cpuSeconds: number;
  /** Clients that stopped on an error (the phase goes on with the others). */
  readonly errors: number;
  /** Operations that completed but returned something else than expected (a wrong count, a wrong size). */
  readonly mismatches: number;
  readonly firstProblem?: string;
}

interface IdleMemory {
  readonly requested: number;
  readonly open: number;
  readonly failed: number;
  readonly seconds: number;
  readonly before: TreeMemory;
  readonly after: TreeMemory;
  readonly firstProblem?: string;
}

interface ServerResult {
  readonly name: string;
  readonly phases: PhaseResult[];
  /** What the loaded mailboxes take on disk, with the largest file. */
  disk?: string;
  idle?: IdleMemory;
  failure?: string;
}

const messages = benchMessages(MESSAGES);
const expectedRare = messages.filter((message) => message.hasRareWord).length;
const expectedCommon = messages.filter((message) => message.hasCommonWordInBody).length;

const existsOf = (reply: ImapReply) =>
  Number(reply.untagged.map((line) => /^\* (\d+) EXISTS/i.exec(line.text)?.[1]).find(Boolean) ?? -1);

/** A logged-in session with INBOX selected, and the number of messages SELECT reported. */
async function openMailbox(target: Target, email: string): Promise<{ session: ImapSession; exists: number }> {
  const session = await openImapSession({ port: target.port });
  try {
    await session.login(email, PASSWORD);
    const reply = await session.ok('SELECT INBOX');
    return { session, exists: existsOf(reply) };
  } catch (error) {
    session.close();
    throw error;
  }
}

const searchCount = (reply: ImapReply) => {
  const line = reply.untagged.find((entry) => /^\* SEARCH\b/i.test(entry.text));
  return line === undefined ? -1 : line.text.trim().split(/\s+/).length - 2;
};

interface PhaseSpec<S> {
  open(client: number, concurrency: number): Promise<S>;
  /** One timed operation; returns a description when the answer is not what it should be. */
  op(state: S, client: number, n: number): Promise<string | undefined>;
  close(state: S): Promise<void>;
}

/** `concurrency` clients run `op` until the phase's time or operation cap; latency per operation. */
async function runPhase<S>(
  target: Target,
  phase: string,
  concurrency: number,
  spec: PhaseSpec<S>,
): Promise<PhaseResult> {
  let states: S[];
  try {
    states = await openAll(
      concurrency,
      OPEN_PARALLEL,
      (client) => spec.open(client, concurrency),
      (state) => void spec.close(state),
    );
  } catch (error) {
    return failedPhase(phase, concurrency, `opening the clients: ${errorText(error)}`);
  }
  const op = (state: S, client: number, n: number) => spec.op(state, client, n);
  const warmUp =
    WARMUP_MS > 0 ? await runClients(states, op, { ms: WARMUP_MS, maxOps: PHASE_MAX_OPS }) : undefined;
  const sampler = sampleRss(await target.rootPid());
  const cpu = countCpu(await target.rootPid());
  const run = await runClients(states, op, { ms: PHASE_MS, maxOps: PHASE_MAX_OPS });
  const rssPeak = sampler.stop();
  const cpuSeconds = cpu.stop();
  await Promise.all(states.map((state) => spec.close(state)));
  const firstProblem = warmUp?.firstProblem ?? run.firstProblem;
  const result: PhaseResult = {
    phase,
    concurrency,
    ops: run.latencies.length,
    seconds: run.seconds,
    latencies: run.latencies,
    rssPeak,
    cpuSeconds,
    // What went wrong during the warm-up counts too (a client that failed then fails again in the run).
    errors: run.errors + (warmUp?.errors ?? 0),
    mismatches: run.mismatches + (warmUp?.mismatches ?? 0),
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
  report(target.name, result);
  return result;
}

function failedPhase(phase: string, concurrency: number, problem: string): PhaseResult {
  return {
    phase,
    concurrency,
    ops: 0,
    seconds: 0,
    latencies: [],
    rssPeak: 0,
    cpuSeconds: 0,
    errors: 1,
    mismatches: 0,
    firstProblem: problem,
  };
}

/** The server's CPU time per operation of the phase, in ms. */
/** Three decimals below a millisecond: a BODY[] or a STORE costs about 0.1 ms, where 0.01 is 10 %. */
function cpuPerOp(result: PhaseResult): string {
  if (result.ops === 0) return '—';
  const ms = (1000 * result.cpuSeconds) / result.ops;
  return ms.toFixed(ms < 1 ? 3 : 2);
}

function report(server: string, result: PhaseResult): void {
  const rate = result.seconds > 0 ? result.ops / result.seconds : 0;
  const problems =
    result.errors + result.mismatches > 0
      ? `  (${result.errors} errors, ${result.mismatches} mismatches: ${result.firstProblem ?? ''})`
      : '';
  const p95 = percentile(result.latencies, 95).toFixed(1).padStart(7);
  // A reduce, not Math.max(...latencies): spreading a long run's latencies overflows the call stack.
  const max = result.latencies
    .reduce((highest, latency) => Math.max(highest, latency), 0)
    .toFixed(0)
    .padStart(6);
  const cpu = cpuPerOp(result).padStart(6);
  console.log(
    `  ${server.padEnd(8)} ${result.phase.padEnd(26)} c=${String(result.concurrency).padEnd(3)} ${rate.toFixed(1).padStart(9)} ops/s  p95 ${p95} ms  max ${max} ms  CPU ${cpu} ms/op  peak RSS ${mb(result.rssPeak).padStart(5)} MB${problems}`,
  );
}

/** Every mailbox gets the same messages, in order, one connection per mailbox. */
async function loadMailboxes(target: Target): Promise<PhaseResult> {
  const latencies: number[] = [];
  let firstProblem: string | undefined;
  let errors = 0;
  const sampler = sampleRss(await target.rootPid());
  const cpu = countCpu(await target.rootPid());
  const started = performance.now();
  const deadline = started + LOAD_CAP_MS;
  await Promise.all(
    Array.from({ length: USERS }, async (_, index) => {
      const session = await openImapSession({ port: target.port });
      try {
        await session.login(user(index), PASSWORD);
        for (const message of messages) {
          if (performance.now() > deadline) throw new Error(`loading took more than ${LOAD_CAP_MS / 1000} s`);
          const sent = performance.now();
          const raw = Buffer.concat([deliveredTo(index), message.raw]);
          const reply = await session.append('INBOX', raw, { internalDate: message.internalDate });
          if (reply.status !== 'OK') throw new Error(`APPEND: ${reply.status} ${reply.text}`);
          latencies.push(performance.now() - sent);
        }
      } catch (error) {
        errors++;
        firstProblem ??= errorText(error);
      } finally {
        await session.logout();
      }
    }),
  );
  const result: PhaseResult = {
    phase: 'APPEND (loading)',
    concurrency: USERS,
    ops: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latencies,
    rssPeak: sampler.stop(),
    cpuSeconds: cpu.stop(),
    errors,
    mismatches: 0,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
  report(target.name, result);
  if (errors > 0) throw new Error(`loading the mailboxes failed: ${firstProblem ?? ''}`);
  return result;
}

interface ReaderState {
  readonly session: ImapSession;
  /** UIDs in APPEND order: uids[k] is messages[k]. */
  readonly uids: readonly number[];
  /**
   * The indexes into `uids` this client picks from: the clients sharing a mailbox take turns (k % clients), so
   * a STORE never races another client's on the same message and the FLAGS echoed are this client's own.
   */
  readonly mine: readonly number[];
  readonly random: () => number;
  /** The Delivered-To line this mailbox's copies start with. */
  readonly deliveredToBytes: number;
  /** The message the flag phase flagged last, and whether it is still flagged. */
  flaggedUid: number;
  isFlagPending: boolean;
  /** Whether this client has made sure COPY_TARGET exists. */
  hasCopyTarget: boolean;
}

/** A client in its mailbox, with the UIDs, for the read and write phases. */
function reader(
  target: Target,
  op: (state: ReaderState) => Promise<string | undefined>,
): PhaseSpec<ReaderState> {
  return {
    async open(client, concurrency) {
      const { session } = await openMailbox(target, user(client));
      const reply = await session.ok('UID SEARCH ALL');
      const uids = (reply.untagged.find((line) => /^\* SEARCH\b/i.test(line.text))?.text ?? '')
        .split(/\s+/)
        .slice(2)
        .map(Number)
        .sort((a, b) => a - b);
      if (uids.length !== MESSAGES) {
        session.close();
        throw new Error(`${user(client)} holds ${uids.length} messages, not ${MESSAGES}`);
      }
      const sharing = Math.ceil(concurrency / USERS);
      const slot = Math.floor(client / USERS);
      const mine = uids.map((_, index) => index).filter((index) => index % sharing === slot);
      return {
        session,
        uids,
        mine,
        random: seededRandom(client + 1),
        deliveredToBytes: deliveredTo(client).length,
        flaggedUid: uids[0] ?? 1,
        isFlagPending: false,
        hasCopyTarget: false,
      };
    },
    op: (state) => op(state),
    async close(state) {
      // Every phase starts from unflagged messages.
      if (state.isFlagPending && !state.session.isClosed)
        await state.session
          .command(`UID STORE ${state.flaggedUid} -FLAGS.SILENT (\\Flagged)`)
          .catch(() => undefined);
      await state.session.logout();
    },
  };
}

const pick = (state: ReaderState) => state.mine[Math.floor(state.random() * state.mine.length)] ?? 0;

interface Phase {
  /** For BENCH_IMAP_PHASES. */
  readonly key: string;
  readonly name: string;
  run(concurrency: number): Promise<PhaseResult>;
}

function phases(target: Target): Phase[] {
  const phase = <S>(key: string, name: string, spec: PhaseSpec<S>): Phase => ({
    key,
    name,
    run: (concurrency) => runPhase(target, name, concurrency, spec),
  });
  /** `UID SEARCH <criterion>`, checked against the number of hits the generator put in. */
  const searchPhase = (key: string, label: string, criterion: string, expected: number) =>
    phase(
      key,
      label,
      reader(target, async (state) => {
        const count = searchCount(await state.session.ok(`UID SEARCH ${criterion}`));
        return count === expected ? undefined : `SEARCH ${criterion}: ${count} hits, ${expected} expected`;
      }),
    );
  return [
    phase('login', 'LOGIN+SELECT+LOGOUT', {
      open: (client) => Promise.resolve(client),
      async op(client) {
        const { session, exists } = await openMailbox(target, user(client));
        await session.ok('LOGOUT');
        session.close();
        return exists === MESSAGES ? undefined : `SELECT said ${exists} EXISTS, not ${MESSAGES}`;
      },
      close: () => Promise.resolve(),
    }),
    phase(
      'headers',
      `FETCH headers ×${MESSAGES}`,
      reader(target, async (state) => {
        const reply = await state.session.ok(HEADER_FETCH);
        const fetched = reply.untagged.filter((line) => / FETCH /i.test(line.text)).length;
        return fetched >= MESSAGES ? undefined : `header FETCH returned ${fetched} messages`;
      }),
    ),
    phase(
      'body',
      'FETCH BODY[] (one message)',
      reader(target, async (state) => {
        const index = pick(state);
        const reply = await state.session.ok(`UID FETCH ${state.uids[index]} BODY.PEEK[]`);
        const literal = reply.untagged.find((line) => / FETCH /i.test(line.text))?.literals[0];
        const size = state.deliveredToBytes + (messages[index] as BenchMessage).raw.length;
        return literal?.length === size
          ? undefined
          : `BODY[] of UID ${state.uids[index]}: ${literal?.length ?? 'no'} bytes, APPENDed ${size}`;
      }),
    ),
    searchPhase('search-rare', `SEARCH TEXT rare (${expectedRare} hits)`, `TEXT ${RARE_WORD}`, expectedRare),
    searchPhase(
      'search-common',
      `SEARCH BODY common (${expectedCommon})`,
      `BODY ${COMMON_WORD}`,
      expectedCommon,
    ),
    phase(
      'flags',
      'STORE ±FLAGS \\Flagged',
      reader(target, async (state) => {
        // One operation flags a random message, the next unflags it again (and close() if the phase ended between).
        const isFlagging = !state.isFlagPending;
        if (isFlagging) state.flaggedUid = state.uids[pick(state)] ?? 1;
        const uid = state.flaggedUid;
        state.isFlagPending = isFlagging;
        const reply = await state.session.ok(`UID STORE ${uid} ${isFlagging ? '+' : '-'}FLAGS (\\Flagged)`);
        const echo = reply.untagged.find((line) => new RegExp(`\\bUID ${uid}\\b`).test(line.text));
        if (echo === undefined) return `UID STORE ${uid}: no FETCH with the new FLAGS`;
        return /\\Flagged/i.test(echo.text) === isFlagging
          ? undefined
          : `UID STORE ${uid} ${isFlagging ? '+' : '-'}FLAGS: echoed ${echo.text.slice(0, 120)}`;
      }),
    ),
    phase(
      'copy',
      'UID COPY to a folder',
      reader(target, async (state) => {
        // Clients sharing a mailbox may race to create it: "already exists" is as good.
        if (!state.hasCopyTarget) await state.session.command(`CREATE ${COPY_TARGET}`);
        state.hasCopyTarget = true;
        const uid = state.uids[pick(state)] ?? 1;
        const reply = await state.session.ok(`UID COPY ${uid} ${COPY_TARGET}`);
        return new RegExp(`\\[COPYUID \\d+ ${uid} \\d+\\]`).test(reply.text)
          ? undefined
          : `UID COPY ${uid}: no COPYUID in ${reply.text.slice(0, 120)}`;
      }),
    ),
  ];
}

function fanoutMessage(round: number, concurrency: number): Buffer {
  return Buffer.from(
    [
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      'From: Secrétariat <secretariat@ac-test.fr>',
      `To: ${FANOUT_USER}`,
      `Subject: Annonce ${concurrency}-${round}`,
      `Message-ID: <fanout-${concurrency}-${round}-${process.pid}@ac-test.fr>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Rappel : la réunion du conseil pédagogique est avancée à 16 h.',
      '',
    ].join('\r\n'),
  );
}

/** `concurrency` sessions IDLE in one mailbox; a writer APPENDs; latency until each session has its EXISTS. */
async function fanOut(target: Target, concurrency: number): Promise<PhaseResult> {
  const phase = 'IDLE fan-out (APPEND)';
  let idlers: { session: ImapSession; exists: number }[];
  try {
    idlers = await openAll(
      concurrency,
      OPEN_PARALLEL,
      () => openMailbox(target, FANOUT_USER),
      (idler) => idler.session.close(),
    );
  } catch (error) {
    return failedPhase(phase, concurrency, `opening the idlers: ${errorText(error)}`);
  }
  const writer = await openImapSession({ port: target.port });
  const latencies: number[] = [];
  let errors = 0;
  let firstProblem: string | undefined;
  const sampler = sampleRss(await target.rootPid());
  const cpu = countCpu(await target.rootPid());
  const started = performance.now();
  try {
    await writer.login(FANOUT_USER, PASSWORD);
    await Promise.all(idlers.map((idler) => idler.session.idle()));
    const exists = Math.max(...idlers.map((idler) => idler.exists));
    for (let round = 1; round <= FANOUT_MAX_ROUNDS && performance.now() < started + PHASE_MS; round++) {
      const expected = exists + round;
      const sent = performance.now();
      const arrivals = idlers.map(async ({ session }) => {
        await session.waitForUntagged((line) => {
          const count = /^\* (\d+) EXISTS/i.exec(line.text)?.[1];
          return count !== undefined && Number(count) >= expected;
        }, FANOUT_WAIT_MS);
        return performance.now() - sent;
      });
      const appended = writer.append('INBOX', fanoutMessage(round, concurrency));
      const outcomes = await Promise.allSettled([appended, ...arrivals]);
      const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
      for (const outcome of outcomes.slice(1))
        if (outcome.status === 'fulfilled') latencies.push(outcome.value as number);
      if (failures.length > 0) {
        errors += failures.length;
        firstProblem ??= `round ${round}: ${errorText((failures[0] as PromiseRejectedResult).reason)}`;
        break;
      }
    }
  } catch (error) {
    errors++;
    firstProblem ??= errorText(error);
  }
  const seconds = (performance.now() - started) / 1000;
  const rssPeak = sampler.stop();
  const cpuSeconds = cpu.stop();
  await Promise.all([...idlers.map((idler) => idler.session.logout()), writer.logout()]);
  const result: PhaseResult = {
    phase,
    concurrency,
    ops: latencies.length,
    seconds,
    latencies,
    rssPeak,
    cpuSeconds,
    errors,
    mismatches: 0,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
  report(target.name, result);
  return result;
}

/** `count` connections logged in, INBOX selected and in IDLE at once; the server's memory with them open. */
async function idleMemory(target: Target, count: number): Promise<IdleMemory> {
  await sleep(2000);
  const root = await target.rootPid();
  const before = treeMemory(root, true);
  const sessions: ImapSession[] = [];
  let failed = 0;
  let firstProblem: string | undefined;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count && failed < 50 && performance.now() < started + IDLE_OPEN_CAP_MS) {
      const index = next++;
      try {
        const { session } = await openMailbox(target, user(index));
        sessions.push(session);
        await session.idle();
      } catch (error) {
        failed++;
        firstProblem ??= `connection ${index}: ${errorText(error)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: OPEN_PARALLEL }, worker));
  const seconds = (performance.now() - started) / 1000;
  await sleep(3000);
  const after = treeMemory(root, true);
  const open = sessions.filter((session) => !session.isClosed).length;
  for (const session of sessions) session.close();
  await sleep(2000);
  const result: IdleMemory = {
    requested: count,
    open,
    failed,
    seconds,
    before,
    after,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
  console.log(`  ${target.name.padEnd(8)} ${idleLine(result)}`);
  return result;
}

function idleLine(idle: IdleMemory): string {
  const perConnection = idle.open > 0 ? (idle.after.rss - idle.before.rss) / idle.open / 1024 : 0;
  const pssPer = idle.open > 0 ? (idle.after.pss - idle.before.pss) / idle.open / 1024 : 0;
  return (
    `${idle.open} of ${idle.requested} connections in IDLE (opened in ${idle.seconds.toFixed(0)} s): ` +
    `RSS ${mb(idle.after.rss)} MB (${mb(idle.before.rss)} before, ${perConnection.toFixed(0)} KiB per connection), ` +
    `PSS ${mb(idle.after.pss)} MB (${pssPer.toFixed(0)} KiB per connection), ${idle.after.processes} processes` +
    (idle.failed > 0 ? `; ${idle.failed} failed: ${idle.firstProblem ?? ''}` : '')
  );
}

/** A server under test, started and (once measured) stopped by the bench. */
interface Contender {
  readonly target: Target;
  /** IDLE connections for its memory probe. */
  readonly idlers: number;
  readonly result: ServerResult;
  /** Why it stopped answering, with what it printed, for the failure line. */
  failureDetail?(): string;
  stop(): Promise<void>;
}

/**
 * Run `step` unless the contender failed already; a failure ends its part of the run (the other server goes on).
 */
async function guarded(contender: Contender, step: () => Promise<void>): Promise<void> {
  if (contender.result.failure !== undefined) return;
  try {
    await step();
  } catch (error) {
    contender.result.failure = `${errorText(error)}${contender.failureDetail?.() ?? ''}`;
  }
}

/** Loading by APPEND, then a warm-up, until the server has settled (Vercors folds its search index). */
async function prepare({ target, result }: Contender): Promise<void> {
  console.log(`${target.name}: load average ${loadAverage()}`);
  result.phases.push(await loadMailboxes(target));
  result.disk = storageLine(target.storage);
  console.log(`  ${target.name.padEnd(8)} stored after loading: ${result.disk}`);
  // Warm-up, not timed: the first header FETCH and SEARCH build what each server caches (Dovecot's
  // dovecot.index.cache fields, Vercors's statement caches), as a client's first sync would.
  for (let index = 0; index < USERS; index++) {
    const { session } = await openMailbox(target, user(index));
    await session.ok(HEADER_FETCH);
    await session.ok(`UID SEARCH TEXT ${RARE_WORD}`);
    await session.logout();
  }
  await settleCpu(await target.rootPid());
}

/**
 * Every phase against both servers, one after the other, the first alternating from phase to phase: both see
 * the same machine (its speed drifts by a fifth or more over minutes), and neither always runs second. Then each
 * server's IDLE memory probe.
 */
async function measure(contenders: readonly Contender[]): Promise<void> {
  for (const contender of contenders) await guarded(contender, () => prepare(contender));
  let turn = 0;
  const inTurn = async (run: (contender: Contender) => Promise<PhaseResult>) => {
    const order = turn++ % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order)
      await guarded(contender, async () => {
        contender.result.phases.push(await run(contender));
        await settleCpu(await contender.target.rootPid());
      });
  };
  for (const concurrency of CONCURRENCY) {
    for (const key of [...PHASES, ...EXTRA_PHASES]) {
      if (!SELECTED.has(key)) continue;
      if (key === 'fanout') await inTurn(({ target }) => fanOut(target, concurrency));
      else if (key !== 'idle')
        await inTurn(({ target }) => {
          const phase = phases(target).find((candidate) => candidate.key === key);
          if (phase === undefined) throw new Error(`no phase ${key}`);
          return phase.run(concurrency);
        });
    }
  }
  if (!SELECTED.has('idle')) return;
  for (const contender of contenders)
    await guarded(contender, async () => {
      await contender.target.restart?.();
      contender.result.idle = await idleMemory(contender.target, contender.idlers);
    });
}

async function startVercors(root: string): Promise<Contender> {
  const result: ServerResult = { name: 'Vercors', phases: [] };
  const dataDir = join(root, 'vercors');
  await prepareBenchData(dataDir, DOMAIN, [
    ...Array.from({ length: USERS }, (_, index) => user(index)),
    FANOUT_USER,
  ]);
  const port = await freeLoopbackPort();
  let server: VercorsProcess | undefined;
  const start = async () => {
    server = launchBenchVercors({
      dataDir,
      imapPort: port,
      workers: process.env.BENCH_WORKERS,
      // For profiling the server under load, e.g. BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
      nodeOptions: process.env.BENCH_NODE_OPTIONS,
    });
    await whenReady(server);
  };
  const contender: Contender = {
    target: {
      name: 'Vercors',
      port,
      storage: dataDir,
      rootPid: () => Promise.resolve(server?.pid ?? 0),
      restart: async () => {
        await stopVercors(server);
        await start();
      },
    },
    idlers: IDLERS,
    result,
    failureDetail() {
      const exit = server?.child.exitCode ?? server?.child.signalCode ?? 'still running';
      const output = `${server?.stdout() ?? ''}${server?.stderr() ?? ''}`.slice(-2000);
      return ` (vercors serve: ${exit})\n${output}`;
    },
    stop: () => stopVercors(server),
  };
  await guarded(contender, start);
  return contender;
}

async function startDovecot(): Promise<Contender | undefined> {
  const missing = dovecotMissing();
  if (missing !== undefined) {
    console.log(`${missing}: only Vercors was measured.`);
    return undefined;
  }
  const result: ServerResult = { name: 'Dovecot', phases: [] };
  // The same argon2id parameters as Vercors (password-hasher.ts), so a login costs both servers the same hash.
  const users: { email: string; password: string }[] = [];
  for (const email of [...Array.from({ length: USERS }, (_, index) => user(index)), FANOUT_USER])
    users.push({ email, password: `{ARGON2ID}${await argon2Hasher.hash(PASSWORD)}` });
  let peer: DovecotPeer | undefined;
  const stop = async () => {
    if (peer === undefined) return;
    const warnings = (await peer.log()).split('\n').filter((line) => /Warning|Error|Fatal|Panic/.test(line));
    // Distinct kinds: the text after the process prefix, without numbers.
    const kinds = [
      ...new Set(
        warnings.map((line) =>
          line.replace(/^.*?: (Warning|Error|Fatal|Panic): /, '$1: ').replace(/\d+/g, 'N'),
        ),
      ),
    ];
    if (warnings.length > 0)
      console.log(`  Dovecot's log: ${warnings.length} warnings or errors, of these kinds:`);
    for (const kind of kinds.slice(0, 5)) console.log(`    ${kind.slice(0, 240)}`);
    await peer.stop();
  };
  const contender: Contender = {
    target: {
      name: 'Dovecot',
      port: 0,
      storage: '',
      rootPid: () => Promise.resolve(peer?.masterPid ?? 0),
    },
    idlers: DOVECOT_IDLERS,
    result,
    stop,
  };
  await guarded(contender, async () => {
    peer = await startDovecotPeer({ users, maxConnections: Math.max(DOVECOT_IDLERS, ...CONCURRENCY) + 200 });
  });
  if (peer === undefined) return contender;
  const started = peer;
  return {
    ...contender,
    target: { ...contender.target, port: started.port, storage: join(started.folder, 'mail') },
  };
}

function fdLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
  } catch {
    return 1024;
  }
}

function printTable(vercors: ServerResult | undefined, dovecot: ServerResult | undefined): void {
  const header = [
    'phase',
    'clients',
    'Vercors ops/s',
    'Dovecot ops/s',
    'V/D',
    'p95 ms V / D',
    'CPU ms/op V / D',
    'peak RSS MB V / D',
  ];
  const rows: string[][] = [header];
  const rate = (p: PhaseResult | undefined) => (p && p.seconds > 0 ? p.ops / p.seconds : 0);
  const cell = (p: PhaseResult | undefined, text: (p: PhaseResult) => string) => (p ? text(p) : '—');
  const flag = (p: PhaseResult) => (p.errors + p.mismatches > 0 ? ' !' : '');
  for (const first of (vercors ?? dovecot)?.phases ?? []) {
    const find = (server: ServerResult | undefined) =>
      server?.phases.find((p) => p.phase === first.phase && p.concurrency === first.concurrency);
    const v = find(vercors);
    const d = find(dovecot);
    rows.push([
      first.phase,
      String(first.concurrency),
      cell(v, (p) => `${rate(p).toFixed(1)}${flag(p)}`),
      cell(d, (p) => `${rate(p).toFixed(1)}${flag(p)}`),
      v && d && rate(d) > 0 ? (rate(v) / rate(d)).toFixed(2) : '—',
      `${cell(v, (p) => percentile(p.latencies, 95).toFixed(1))} / ${cell(d, (p) => percentile(p.latencies, 95).toFixed(1))}`,
      `${cell(v, cpuPerOp)} / ${cell(d, cpuPerOp)}`,
      `${cell(v, (p) => mb(p.rssPeak))} / ${cell(d, (p) => mb(p.rssPeak))}`,
    ]);
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
}

const root = await mkdtemp(join(tmpdir(), 'vercors-imap-bench-'));
const contenders: Contender[] = [];
try {
  const limit = fdLimit();
  const idlersFit = IDLERS + 1000 <= limit;
  const averageKib = messages.reduce((sum, message) => sum + message.raw.length, 0) / messages.length / 1024;
  console.log(
    `IMAP: ${MESSAGES} messages (${averageKib.toFixed(1)} KiB on average) in each of ${USERS} mailboxes, clients ${CONCURRENCY.join(' and ')}, phases capped at ${PHASE_MS / 1000} s; ${IDLERS} idlers on Vercors, ${DOVECOT_IDLERS} on Dovecot; ulimit -n ${limit}${idlersFit ? '' : ' (too low for the idlers: raise it)'}; load average ${loadAverage()}`,
  );
  if (!idlersFit) throw new Error(`ulimit -n is ${limit}: ${IDLERS} idlers need ${IDLERS + 1000}`);
  // BENCH_IMAP_VERCORS=none: Dovecot alone, to check the peer's setup.
  if (process.env.BENCH_IMAP_VERCORS !== 'none') contenders.push(await startVercors(root));
  // BENCH_IMAP_PEER=none: Vercors alone, for quick before/after runs of a change.
  if (process.env.BENCH_IMAP_PEER !== 'none') {
    const dovecot = await startDovecot();
    if (dovecot !== undefined) contenders.push(dovecot);
  }
  await measure(contenders);
  const vercors = contenders.find((contender) => contender.target.name === 'Vercors')?.result;
  const dovecot = contenders.find((contender) => contender.target.name === 'Dovecot')?.result;
  // Stopped before the table, so Dovecot's log summary comes first.
  for (const contender of contenders.splice(0).reverse()) await contender.stop();
  console.log(
    `\nload average at the end ${loadAverage()}; "!" marks a phase with errors or wrong answers (see above)`,
  );
  printTable(vercors, dovecot);
  for (const server of [vercors, dovecot]) {
    if (server === undefined) continue;
    if (server.idle !== undefined) {
      const verdict =
        server === vercors
          ? `; under ${mb(IDLE_RSS_TARGET)} MB: ${server.idle.after.rss < IDLE_RSS_TARGET && server.idle.open === IDLERS ? 'yes' : 'no'}`
          : '';
      console.log(`IDLE ${server.name}: ${idleLine(server.idle)}${verdict}`);
    }
    if (server.disk !== undefined) console.log(`Disk ${server.name}: ${server.disk}`);
    if (server.failure !== undefined) console.log(`${server.name} stopped early: ${server.failure}`);
  }
} finally {
  for (const contender of contenders.reverse()) await contender.stop();
  await rm(root, { recursive: true, force: true });
}
