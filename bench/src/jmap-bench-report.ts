// bench/jmap's report: one table with both servers side by side (requests per second, the ratio Vercors/Cyrus,
// p50/p95/p99 latency, the hits each server found), the load times, the latency targets, and with
// BENCH_JMAP_JSON=1 the same figures as one line of JSON at the very end, for scripts.

import { mb, percentile } from './bench-figures.ts';
import type { Expectations } from './jmap-bench-phases.ts';
import type { LoadResult } from './mailbox-loading.ts';
import { loadAverage } from './process-memory.ts';

export interface PhaseResult {
  /** The phase's key (BENCH_JMAP_PHASES). */
  readonly key: string;
  readonly phase: string;
  readonly concurrency: number;
  readonly ops: number;
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly rssPeak: number;
  /** CPU time of the server's process tree during the phase (from /proc), whatever the clients waited for. */
  readonly cpuSeconds: number;
  /** Clients that stopped on an error (the phase goes on with the others). */
  readonly errors: number;
  /** Operations that completed with a wrong answer (a wrong total, rows out of order, the wrong emails). */
  readonly mismatches: number;
  /** JMAP requests refused for maxConcurrentRequests and sent again (their wait is in the latency). */
  readonly retries: number;
  /** The total (JMAP) or number of UIDs (IMAP SEARCH) the server answered last. */
  readonly hits?: number;
  readonly firstProblem?: string;
}

export interface ServerResult {
  readonly name: string;
  readonly phases: PhaseResult[];
  load?: LoadResult & { readonly rssPeak: number; readonly cpuSeconds: number };
  /** Cyrus: seconds of the squatter pass that indexes the loaded mailbox for full text. */
  indexSeconds?: number;
  disk?: string;
  failure?: string;
  /** Cyrus: its syslog errors by kind. */
  logSummary?: string[];
}

export interface ReportInput {
  readonly messages: number;
  readonly expected: Expectations;
  readonly vercors: ServerResult | undefined;
  readonly cyrus: ServerResult | undefined;
  readonly loadConnections: number;
  readonly json: boolean;
}

/** The targets: p95 of the inbox page and of a full-text query, at one client. */
const TARGETS = [
  { key: 'inbox', label: 'inbox page', ms: 50 },
  { key: 'text-rare', label: 'full-text query (rare word)', ms: 200 },
  { key: 'text-common', label: 'full-text query (common word)', ms: 200 },
];

const rate = (p: PhaseResult | undefined) => (p && p.seconds > 0 ? p.ops / p.seconds : 0);
const ms = (p: PhaseResult | undefined, n: number) => (p ? percentile(p.latencies, n).toFixed(1) : '—');
/** The server's CPU per operation, in ms. */
export const cpuPerOp = (p: { readonly cpuSeconds: number; readonly ops: number }) =>
  p.ops > 0 ? ((p.cpuSeconds * 1000) / p.ops).toFixed(1) : '—';
const flag = (p: PhaseResult) => (p.errors + p.mismatches > 0 ? ' !' : p.retries > 0 ? ' *' : '');

export function printReport(input: ReportInput): void {
  const { vercors, cyrus } = input;
  console.log(
    `\nload average at the end ${loadAverage()}; "!" marks a phase with errors or wrong answers, "*" one where Vercors refused requests for maxConcurrentRequests (see above)`,
  );
  printTable(vercors, cyrus);
  console.log('');
  for (const server of [vercors, cyrus]) {
    if (server === undefined) continue;
    const load = server.load;
    if (load !== undefined) {
      const index =
        server.indexSeconds === undefined
          ? ', full-text index written in the same transactions'
          : `, then ${server.indexSeconds.toFixed(0)} s of squatter for the full-text index (${(load.seconds + server.indexSeconds).toFixed(0)} s in all)`;
      console.log(
        `Load ${server.name}: ${load.appended} messages by APPEND over ${input.loadConnections} connections in ${load.seconds.toFixed(0)} s (${(load.appended / load.seconds).toFixed(1)}/s, APPEND p50 ${percentile(load.latencies, 50).toFixed(1)} / p95 ${percentile(load.latencies, 95).toFixed(1)} ms, server CPU ${cpuPerOp({ cpuSeconds: load.cpuSeconds, ops: load.appended })} ms per message, peak RSS ${mb(load.rssPeak)} MB)${index}`,
      );
    }
    if (server.disk !== undefined) console.log(`Disk ${server.name}: ${server.disk}`);
  }
  printTargets(vercors, cyrus);
  for (const server of [vercors, cyrus]) {
    if (server?.failure !== undefined) console.log(`${server.name} stopped early: ${server.failure}`);
    if (server?.logSummary !== undefined && server.logSummary.length > 0) {
      console.log(`${server.name}'s syslog: errors and warnings, by kind:`);
      for (const kind of server.logSummary.slice(0, 8)) console.log(`  ${kind}`);
    }
  }
  if (input.json) console.log(JSON.stringify(asJson(input)));
}

function printTable(vercors: ServerResult | undefined, cyrus: ServerResult | undefined): void {
  const header = [
    'phase',
    'clients',
    'Vercors req/s',
    'Cyrus req/s',
    'V/C',
    'p50 ms V / C',
    'p95 ms V / C',
    'p99 ms V / C',
    'CPU ms/req V / C',
    'hits V / C',
  ];
  const rows: string[][] = [header];
  const cell = (p: PhaseResult | undefined, text: (p: PhaseResult) => string) => (p ? text(p) : '—');
  for (const first of (vercors ?? cyrus)?.phases ?? []) {
    const find = (server: ServerResult | undefined) =>
      server?.phases.find((p) => p.key === first.key && p.concurrency === first.concurrency);
    const v = find(vercors);
    const c = find(cyrus);
    rows.push([
      first.phase,
      String(first.concurrency),
      cell(v, (p) => `${rate(p).toFixed(1)}${flag(p)}`),
      cell(c, (p) => `${rate(p).toFixed(1)}${flag(p)}`),
      v && c && rate(c) > 0 ? (rate(v) / rate(c)).toFixed(2) : '—',
      `${ms(v, 50)} / ${ms(c, 50)}`,
      `${ms(v, 95)} / ${ms(c, 95)}`,
      `${ms(v, 99)} / ${ms(c, 99)}`,
      `${cell(v, cpuPerOp)} / ${cell(c, cpuPerOp)}`,
      `${cell(v, (p) => String(p.hits ?? '—'))} / ${cell(c, (p) => String(p.hits ?? '—'))}`,
    ]);
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows)
    console.log(
      row
        .map((text, column) =>
          column === 0 ? text.padEnd(widths[0] ?? 0) : text.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
}

/** The phase at the fewest clients: latency targets are about one user waiting, not about throughput. */
function latencyPhase(server: ServerResult | undefined, key: string): PhaseResult | undefined {
  const candidates = server?.phases.filter((p) => p.key === key && p.ops > 0) ?? [];
  return candidates.sort((a, b) => a.concurrency - b.concurrency)[0];
}

function printTargets(vercors: ServerResult | undefined, cyrus: ServerResult | undefined): void {
  for (const target of TARGETS) {
    const parts: string[] = [];
    for (const server of [vercors, cyrus]) {
      const phase = latencyPhase(server, target.key);
      if (server === undefined || phase === undefined) continue;
      const p95 = percentile(phase.latencies, 95);
      const isMet = p95 < target.ms && phase.errors + phase.mismatches === 0;
      parts.push(
        `${server.name} ${p95.toFixed(1)} ms at ${phase.concurrency} client(s): ${isMet ? 'met' : 'not met'}`,
      );
    }
    if (parts.length > 0)
      console.log(`Target p95 < ${target.ms} ms for the ${target.label}: ${parts.join('; ')}`);
  }
}

function asJson(input: ReportInput) {
  const server = (result: ServerResult | undefined) =>
    result === undefined
      ? null
      : {
          name: result.name,
          load:
            result.load === undefined
              ? null
              : {
                  messages: result.load.appended,
                  seconds: result.load.seconds,
                  perSecond: result.load.appended / result.load.seconds,
                  p50: percentile(result.load.latencies, 50),
                  p95: percentile(result.load.latencies, 95),
                  errors: result.load.errors,
                  cpuSeconds: result.load.cpuSeconds,
                  rssPeak: result.load.rssPeak,
                },
          indexSeconds: result.indexSeconds ?? null,
          disk: result.disk ?? null,
          failure: result.failure ?? null,
          phases: result.phases.map((p) => ({
            key: p.key,
            phase: p.phase,
            clients: p.concurrency,
            ops: p.ops,
            seconds: p.seconds,
            perSecond: rate(p),
            p50: percentile(p.latencies, 50),
            p95: percentile(p.latencies, 95),
            p99: percentile(p.latencies, 99),
            hits: p.hits ?? null,
            errors: p.errors,
            mismatches: p.mismatches,
            retries: p.retries,
            cpuSeconds: p.cpuSeconds,
            rssPeak: p.rssPeak,
            firstProblem: p.firstProblem ?? null,
          })),
        };
  return {
    messages: input.messages,
    threads: input.expected.threads,
    rareHits: input.expected.rareHits,
    loadConnections: input.loadConnections,
    vercors: server(input.vercors),
    cyrus: server(input.cyrus),
  };
}
