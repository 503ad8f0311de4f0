// bench/web's figures as a person reads them (the download, then one line per measure with its median, p95 and
// the server's CPU, then the verdict on each of the issue's budgets) and, with --json, as one line of JSON last.
// A budget is checked on the p95 (nearest rank: with 10 runs, the slowest), so one slow run out of ten fails it.

import { percentile } from '../bench-figures.ts';
import type { HeapFigures, JmapCall, WaterfallEntry } from './browser-measures.ts';
import type { BundleSizes } from './bundle-size.ts';
import type { Seed } from './seed-mailbox.ts';
import type { TraceSummary } from './trace-summary.ts';

/** The issue's budgets (1 KB = 1,000 bytes, the stricter reading). */
export const BUDGETS = { initialJsGzipBytes: 300_000, interactiveMs: 1500, openMs: 200 } as const;

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly values: number[];
  /** Server CPU (whole process tree) during each measure, ms. */
  readonly cpuMs: number[];
  readonly budgetMs?: number;
}

export interface WebBenchResult {
  readonly messages: number;
  readonly runs: number;
  /** Conversations in the list (the folder's threads). */
  listSize: number;
  readonly machine: { readonly cores: number; loadBefore: string; loadAfter: string };
  readonly versions: { readonly node: string; chromium: string };
  readonly dataDir: string;
  readonly bundle: BundleSizes;
  readonly seed: Seed;
  /** The first load after the server started (caches empty on both sides), not counted in the series. */
  firstLoadMs?: number;
  readonly series: Series[];
  readonly longTasksCold: number[];
  readonly blockingMsCold: number[];
  readonly heapAfterLoad: HeapFigures[];
  readonly heapAfterScroll: HeapFigures[];
  /** The JMAP requests each kind of measure waited for (by measure: 'opens', 'jumps to the end'…). */
  readonly jmapCalls: Record<string, JmapCall[]>;
  /** The app's service worker after each cold load (the warm load follows it): none, active, not active. */
  readonly serviceWorkers: string[];
  waterfallCold: WaterfallEntry[];
  waterfallWarm: WaterfallEntry[];
  /** Chromium traces of one more round's cold load and first open (with --trace, or when a budget fails). */
  readonly traces: { readonly label: string; readonly summary: TraceSummary }[];
  readonly pageErrors: string[];
  /** Opens whose reading pane showed no text: wrong answers. */
  emptyBodies: number;
  serverCpuSeconds: number;
  failure?: string;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const mbOf = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '—');
const median = (values: readonly number[]) => (values.length === 0 ? Number.NaN : percentile(values, 50));
const p95Of = (values: readonly number[]) => (values.length === 0 ? Number.NaN : percentile(values, 95));
const verdict = (isPass: boolean) => (isPass ? 'PASS' : 'FAIL');

export function printWebReport(result: WebBenchResult, isJson: boolean): void {
  const { bundle } = result;
  console.log('');
  console.log(
    `bench:web — ${result.messages.toLocaleString('en')} messages in INBOX (${result.listSize.toLocaleString('en')} conversations), ${result.runs} runs; ${result.machine.cores} cores, load average ${result.machine.loadBefore} → ${result.machine.loadAfter}; Node ${result.versions.node}, Chromium ${result.versions.chromium}`,
  );
  console.log(`Build: web/dist of ${bundle.builtAt}`);
  for (const asset of bundle.initial)
    console.log(
      `  initial JS  ${asset.file.padEnd(32)} ${kb(asset.bytes).padStart(10)} → ${kb(asset.gzipBytes).padStart(9)} gzip -9`,
    );
  for (const asset of bundle.lazy)
    console.log(
      `  lazy JS     ${asset.file.padEnd(32)} ${kb(asset.bytes).padStart(10)} → ${kb(asset.gzipBytes).padStart(9)} gzip -9`,
    );
  for (const asset of bundle.css)
    console.log(
      `  ${asset.isInitial ? 'CSS        ' : 'lazy CSS   '} ${asset.file.padEnd(32)} ${kb(asset.bytes).padStart(10)} → ${kb(asset.gzipBytes).padStart(9)} gzip -9`,
    );
  const seed = result.seed;
  console.log(
    `Seed: ${result.dataDir}, ${seed.isReused ? `reused (made ${seed.createdAt}: ` : 'made now ('}mbox generated in ${seed.generateSeconds.toFixed(0)} s, imported in ${seed.importSeconds.toFixed(0)} s, ${(seed.messages / seed.importSeconds).toFixed(0)} messages/s)`,
  );
  if (result.firstLoadMs !== undefined)
    console.log(
      `First load after the server started (not counted): interactive at ${ms(result.firstLoadMs)} ms`,
    );

  console.log('');
  console.log(
    `${'measure'.padEnd(52)} ${'n'.padStart(3)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  server CPU/op  budget`,
  );
  for (const series of result.series) {
    const budget =
      series.budgetMs === undefined
        ? ''
        : `${series.budgetMs} ms ${verdict(series.values.length > 0 && p95Of(series.values) <= series.budgetMs)}`;
    console.log(
      `${series.label.padEnd(52)} ${String(series.values.length).padStart(3)} ${ms(median(series.values)).padStart(7)} ${ms(p95Of(series.values)).padStart(7)} ${ms(series.values.length === 0 ? Number.NaN : Math.max(...series.values)).padStart(7)}  ${`${ms(median(series.cpuMs))} ms`.padStart(13)}  ${budget}`,
    );
  }
  console.log(
    `Cold loads: ${ms(median(result.longTasksCold))} long tasks before interactive (median), blocking time ${ms(median(result.blockingMsCold))} ms (median, time over 50 ms in each).`,
  );
  const heap = (list: readonly HeapFigures[]) =>
    list.length === 0
      ? '—'
      : `${mbOf(median(list.map((h) => h.usedBytes)))} used, ${mbOf(median(list.map((h) => h.afterGcBytes)))} after GC`;
  console.log(
    `JS heap after the cold load: ${heap(result.heapAfterLoad)}; after the opens and scrolls: ${heap(result.heapAfterScroll)} (medians).`,
  );
  const workers = new Map<string, number>();
  for (const state of result.serviceWorkers) workers.set(state, (workers.get(state) ?? 0) + 1);
  console.log(
    `Service worker before the warm load: ${[...workers].map(([state, count]) => `${state} ${count}×`).join(', ') || '—'}.`,
  );
  console.log(`Server CPU over the whole measured part: ${result.serverCpuSeconds.toFixed(1)} s.`);
  if (result.emptyBodies > 0) console.log(`! ${result.emptyBodies} opens showed an empty reading pane.`);
  if (result.pageErrors.length > 0)
    console.log(`! ${result.pageErrors.length} script errors in the page, first: ${result.pageErrors[0]}`);

  printJmapCalls(result.jmapCalls);
  printWaterfall('Waterfall of the first measured cold load', result.waterfallCold);
  printWaterfall('Waterfall of the warm load', result.waterfallWarm);
  for (const { label, summary } of result.traces) {
    console.log('');
    console.log(`Main thread during a traced ${label}, ${ms(summary.spanMs)} ms traced; self time by group:`);
    console.log(
      `  ${Object.entries(summary.groups)
        .sort((a, b) => b[1] - a[1])
        .map(([group, value]) => `${group} ${ms(value)} ms`)
        .join(', ')}`,
    );
    for (const entry of summary.top)
      console.log(`  ${ms(entry.ms).padStart(6)} ms  ${entry.name} (${entry.group})`);
  }

  console.log('');
  console.log('Budgets (issue 8):');
  console.log(
    `  initial JavaScript ${kb(bundle.initialGzipBytes)} gzipped ≤ ${kb(BUDGETS.initialJsGzipBytes)}: ${verdict(bundle.initialGzipBytes <= BUDGETS.initialJsGzipBytes)}`,
  );
  for (const series of result.series) {
    if (series.budgetMs === undefined) continue;
    const p95 = p95Of(series.values);
    console.log(
      `  ${series.label}: p95 ${ms(p95)} ms ≤ ${series.budgetMs} ms: ${verdict(series.values.length > 0 && p95 <= series.budgetMs)}`,
    );
  }
  if (result.failure !== undefined) console.log(`! The run stopped early: ${result.failure}`);
  if (isJson) console.log(JSON.stringify(asJson(result)));
}

interface JmapGroup {
  readonly methods: string;
  readonly n: number;
  readonly median: number;
  readonly p95: number;
}

/** Per kind of measure, its JMAP requests grouped by their method calls, most frequent first. */
function jmapGroups(buckets: Readonly<Record<string, readonly JmapCall[]>>): Record<string, JmapGroup[]> {
  const groups: Record<string, JmapGroup[]> = {};
  for (const [kind, calls] of Object.entries(buckets)) {
    const byMethods = new Map<string, number[]>();
    for (const call of calls) {
      if (call.durationMs === undefined || call.durationMs < 0) continue;
      const list = byMethods.get(call.methods) ?? [];
      list.push(call.durationMs);
      byMethods.set(call.methods, list);
    }
    groups[kind] = [...byMethods]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([methods, durations]) => ({
        methods,
        n: durations.length,
        median: median(durations),
        p95: p95Of(durations),
      }));
  }
  return groups;
}

function printJmapCalls(buckets: Readonly<Record<string, readonly JmapCall[]>>): void {
  const groups = Object.entries(jmapGroups(buckets)).filter(([, list]) => list.length > 0);
  if (groups.length === 0) return;
  console.log('');
  console.log('JMAP requests during the measures (request → last byte of the answer; n, median, p95 ms):');
  for (const [kind, list] of groups) {
    console.log(`  ${kind}:`);
    for (const group of list)
      console.log(
        `    ${String(group.n).padStart(4)} × ${ms(group.median).padStart(5)} ${ms(group.p95).padStart(5)}  ${group.methods.slice(0, 110)}`,
      );
  }
}

function printWaterfall(title: string, entries: readonly WaterfallEntry[]): void {
  if (entries.length === 0) return;
  console.log('');
  console.log(`${title} (ms from navigation start):`);
  for (const entry of entries.slice(0, 25)) {
    const path = entry.name.replace(/^https:\/\/[^/]+/, '').slice(0, 60);
    console.log(
      `  ${ms(entry.startMs).padStart(6)} → ${ms(entry.endMs).padStart(6)}  ${entry.type.padEnd(16)} ${path.padEnd(60)} ${kb(entry.transferBytes).padStart(10)}${entry.isFromServiceWorker ? '  via service worker' : ''}${entry.isFromCache ? '  HTTP cache' : ''}`,
    );
  }
  if (entries.length > 25) console.log(`  … ${entries.length - 25} more`);
}

function asJson(result: WebBenchResult) {
  const summary = (values: readonly number[]) => ({
    n: values.length,
    median: median(values),
    p95: p95Of(values),
    max: values.length === 0 ? null : Math.max(...values),
  });
  return {
    ...result,
    jmapCalls: jmapGroups(result.jmapCalls),
    budgets: BUDGETS,
    series: result.series.map((series) => ({
      ...series,
      ...summary(series.values),
      cpuMsMedian: median(series.cpuMs),
      ...(series.budgetMs === undefined
        ? {}
        : { isPass: series.values.length > 0 && p95Of(series.values) <= series.budgetMs }),
    })),
    initialJsIsPass: result.bundle.initialGzipBytes <= BUDGETS.initialJsGzipBytes,
  };
}
