// `node bench/src/web-bench.ts`: the webmail's budgets (issue 8), measured in headless Chromium against a real
// `vercors serve` on this machine: the initial JavaScript gzipped (under 300 KB), the inbox of a 100,000-message
// folder interactive (under 1.5 s from navigation start, cold and warm cache), opening a message (under 200 ms
// from the click to the body painted), and, without a budget, a key press, jumps deep into the list, the JS
// heap and the server's CPU. The seeded data folder is kept and reused (--data), so only the first run pays
// the import. bench/README.md ("bench:web") says what each figure is and how it is taken. Bounded: every wait
// has a deadline, every loop a count, every process is stopped by its pid or handle; loopback only.

import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { errorText } from './bench-figures.ts';
import { treeCpuSeconds } from './process-cpu.ts';
import { loadAverage } from './process-memory.ts';
import { BENCH_PASSWORD, stopVercors } from './vercors-bench-server.ts';
import {
  heapOf,
  JmapRequestLog,
  keyToSelection,
  loadInbox,
  openMessage,
  RequestTracker,
  scrollList,
  serviceWorkerState,
  signIn,
  waterfall,
} from './web/browser-measures.ts';
import { BUILD_COMMAND, measureBundle } from './web/bundle-size.ts';
import { installPageProbe } from './web/page-probe.ts';
import { ensureSeed, WEB_BENCH_USER } from './web/seed-mailbox.ts';
import { summariseTrace } from './web/trace-summary.ts';
import { launchTrustingChromium, newTrustingContext } from './web/trusting-chromium.ts';
import { startWebBenchServer, type WebBenchServer } from './web/web-bench-server.ts';
import { BUDGETS, printWebReport, type Series, type WebBenchResult } from './web/web-report.ts';

const USAGE = `usage: node bench/src/web-bench.ts [--messages N] [--runs R] [--data DIR] [--trace] [--json]
  --messages N  messages in the INBOX (default 100000; 2000 for a quick run)
  --runs R      repetitions of each measure (default 10)
  --data DIR    the seeded data folder, reused when it holds N messages
                (default: ${join(tmpdir(), 'vercors-web-bench', '<N>')})
  --trace       also trace a cold load and an open, and summarise the main thread (done anyway when a budget fails)
  --json        the figures as one line of JSON, last
  BENCH_WORKERS and BENCH_NODE_OPTIONS are passed to vercors serve, as in the other benches.`;

const options = readOptions();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const MESSAGES = boundedInteger('--messages', options.messages, 1, 1_000_000);
const RUNS = boundedInteger('--runs', options.runs, 1, 100);
const DATA_DIR = resolve(options.data ?? join(tmpdir(), 'vercors-web-bench', String(MESSAGES)));

function readOptions() {
  try {
    return parseArgs({
      options: {
        messages: { type: 'string', default: '100000' },
        runs: { type: 'string', default: '10' },
        data: { type: 'string' },
        trace: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${errorText(error)}\n${USAGE}`);
    process.exit(2);
  }
}

function boundedInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

/**
 * What DevTools' performance panel records, without the V8 sampling profiler (whose interrupts would show up
 * as time of their own).
 */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
  'loading',
];

/** Rows of the first screen the opens click on: all in view on a 1280×720 page. */
const OPEN_ROWS = 5;

const bundle = measureBundle();
if (bundle === undefined) {
  console.error(`web/dist is missing: build the web app first with\n  ${BUILD_COMMAND}`);
  process.exit(1);
}

console.log(
  `bench:web: ${MESSAGES.toLocaleString('en')} messages, ${RUNS} runs, data in ${DATA_DIR}; load average ${loadAverage()}`,
);
const seed = await ensureSeed(DATA_DIR, MESSAGES).catch((error: unknown) => {
  console.error(`Seeding failed: ${errorText(error)}`);
  process.exit(1);
});
console.log(
  seed.isReused
    ? `  reusing the seed made ${seed.createdAt}`
    : `  seeded in ${(seed.generateSeconds + seed.importSeconds).toFixed(0)} s (import ${seed.importSeconds.toFixed(0)} s); kept for the next run (rm -rf ${DATA_DIR} to free it)`,
);

const series = (key: string, label: string, budgetMs?: number): Series => ({
  key,
  label,
  values: [],
  cpuMs: [],
  ...(budgetMs === undefined ? {} : { budgetMs }),
});
const SERIES = {
  coldInteractive: series('interactive-cold', 'inbox interactive, cold cache', BUDGETS.interactiveMs),
  warmInteractive: series('interactive-warm', 'inbox interactive, warm cache', BUDGETS.interactiveMs),
  coldRows: series('rows-cold', '  of which: rows in view shown, cold'),
  warmRows: series('rows-warm', '  of which: rows in view shown, warm'),
  key: series('key-j', 'key j → first row selected (after the cold load)'),
  openFirst: series('open-first', 'open a message (first in the page)', BUDGETS.openMs),
  openNext: series('open-next', 'open a message (the next one)', BUDGETS.openMs),
  openRequest: series('open-request', '  of which: click → its first JMAP answer (both)'),
  scrollMiddle: series('scroll-middle', 'jump to 30–70 % of the list → rows shown'),
  scrollEnd: series('scroll-end', 'jump to the end of the list → rows shown'),
};

const result: WebBenchResult = {
  messages: MESSAGES,
  runs: RUNS,
  listSize: 0,
  machine: { cores: cpus().length, loadBefore: loadAverage(), loadAfter: '' },
  versions: { node: process.versions.node, chromium: '' },
  dataDir: DATA_DIR,
  bundle,
  seed,
  series: Object.values(SERIES),
  longTasksCold: [],
  blockingMsCold: [],
  heapAfterLoad: [],
  heapAfterScroll: [],
  waterfallCold: [],
  waterfallWarm: [],
  serviceWorkers: [],
  jmapCalls: {},
  traces: [],
  pageErrors: [],
  emptyBodies: 0,
  serverCpuSeconds: 0,
};

let server: WebBenchServer | undefined;
let browser: Browser | undefined;
try {
  server = await startWebBenchServer({
    dataDir: DATA_DIR,
    workers: process.env.BENCH_WORKERS,
    nodeOptions: process.env.BENCH_NODE_OPTIONS,
  });
  browser = await launchTrustingChromium(DATA_DIR);
  result.versions.chromium = browser.version();
  const running = { server, browser };
  const cpuAtStart = treeCpuSeconds(server.process.pid);

  // Warm-up, not counted: the server's first answers (its caches, the OS's page cache of a cold data folder).
  console.log('  warm-up round');
  await round(running, -1);
  for (let run = 0; run < RUNS; run++) {
    await round(running, run);
    const last = (s: Series) => Math.round(s.values.at(-1) ?? Number.NaN);
    console.log(
      `  run ${run + 1}/${RUNS}: interactive cold ${last(SERIES.coldInteractive)} ms, warm ${last(SERIES.warmInteractive)} ms; open ${last(SERIES.openFirst)} / ${last(SERIES.openNext)} ms; middle ${last(SERIES.scrollMiddle)} ms, end ${last(SERIES.scrollEnd)} ms`,
    );
  }
  result.serverCpuSeconds = treeCpuSeconds(server.process.pid) - cpuAtStart;

  const isOver = (list: readonly Series[], budgetMs: number) =>
    list.some((s) => s.values.some((value) => value > budgetMs));
  const isLoadOver = isOver([SERIES.coldInteractive, SERIES.warmInteractive], BUDGETS.interactiveMs);
  const isOpenOver = isOver([SERIES.openFirst, SERIES.openNext], BUDGETS.openMs);
  if (options.trace || isLoadOver || isOpenOver) {
    console.log('  tracing one more cold load and the first open after it');
    result.traces.push(...(await tracedRound(running)));
  }
} catch (error) {
  const output = server === undefined ? '' : `\n${server.process.stderr().slice(-2000)}`;
  result.failure = `${errorText(error)}${output}`;
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await stopVercors(server?.process);
}
result.machine.loadAfter = loadAverage();
printWebReport(result, options.json);

/** A fresh context (empty cache) with the probe installed before any of the app's scripts, signed in. */
async function signedInContext(running: {
  server: WebBenchServer;
  browser: Browser;
}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newTrustingContext(running.browser);
  try {
    await context.addInitScript(installPageProbe);
    await signIn(context, running.server.base, WEB_BENCH_USER, BENCH_PASSWORD);
    return { context, page: await context.newPage() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

function watchErrors(page: Page): void {
  page.on('pageerror', (error) => {
    if (result.pageErrors.length < 20) result.pageErrors.push(error.message.slice(0, 300));
  });
}

/** One repetition of every measure; `run` -1 is the warm-up, whose figures are not kept (but its first load). */
async function round(running: { server: WebBenchServer; browser: Browser }, run: number): Promise<void> {
  const isCounted = run >= 0;
  const pid = running.server.process.pid;
  /** The server's CPU during `measure`; the JMAP requests `log` saw start meanwhile go to `bucket`. */
  const timed = async <T>(
    measure: () => Promise<T>,
    log?: JmapRequestLog,
    bucket?: string,
  ): Promise<{ value: T; cpuMs: number }> => {
    const before = treeCpuSeconds(pid);
    const startedAt = performance.now();
    const value = await measure();
    if (isCounted && log !== undefined && bucket !== undefined)
      (result.jmapCalls[bucket] ??= []).push(...log.since(startedAt));
    return { value, cpuMs: (treeCpuSeconds(pid) - before) * 1000 };
  };
  const keep = (into: Series, value: number, cpuMs: number) => {
    if (!isCounted) return;
    into.values.push(value);
    into.cpuMs.push(cpuMs);
  };

  const { context, page: cold } = await signedInContext(running);
  try {
    // Cold: the first load of the app in this context.
    watchErrors(cold);
    const coldTracker = new RequestTracker(cold);
    const coldLog = new JmapRequestLog(cold);
    const coldLoad = await timed(() => loadInbox(cold, running.server.base), coldLog, 'cold load');
    if (coldLoad.value.isTimedOut) throw new Error('the cold load never became interactive');
    result.listSize = coldLoad.value.listSize;
    if (!isCounted) result.firstLoadMs = coldLoad.value.interactiveMs;
    keep(SERIES.coldInteractive, coldLoad.value.interactiveMs, coldLoad.cpuMs);
    keep(SERIES.coldRows, coldLoad.value.rowsMs, coldLoad.cpuMs);
    if (isCounted) {
      result.longTasksCold.push(coldLoad.value.longTasks);
      result.blockingMsCold.push(coldLoad.value.blockingMs);
      result.heapAfterLoad.push(await heapOf(context, cold));
      if (run === 0) result.waterfallCold = await waterfall(cold);
    }
    await coldTracker.settle(cold);
    const key = await timed(() => keyToSelection(cold));
    keep(SERIES.key, key.value, key.cpuMs);
    const worker = await serviceWorkerState(cold);
    if (isCounted) result.serviceWorkers.push(worker);
    await cold.close();

    // Warm: a second load in the same context (the app's files from the browser's cache).
    const warm = await context.newPage();
    watchErrors(warm);
    const tracker = new RequestTracker(warm);
    const log = new JmapRequestLog(warm);
    const warmLoad = await timed(() => loadInbox(warm, running.server.base), log, 'warm load');
    if (warmLoad.value.isTimedOut) throw new Error('the warm load never became interactive');
    keep(SERIES.warmInteractive, warmLoad.value.interactiveMs, warmLoad.cpuMs);
    keep(SERIES.warmRows, warmLoad.value.rowsMs, warmLoad.cpuMs);
    if (run === 0) result.waterfallWarm = await waterfall(warm);

    // Opening messages, then jumping deep into the list.
    const row = Math.max(0, run) % OPEN_ROWS;
    for (const [into, index] of [
      [SERIES.openFirst, row],
      [SERIES.openNext, row + 1],
    ] as const) {
      await tracker.settle(warm);
      const opened = await timed(() => openMessage(warm, index), log, 'opens');
      keep(into, opened.value.shownMs, opened.cpuMs);
      keep(SERIES.openRequest, opened.value.requestMs, opened.cpuMs);
      if (isCounted && opened.value.bodyChars === 0) result.emptyBodies += 1;
    }
    await tracker.settle(warm);
    // A different depth each run, so no run finds the previous one's page in a cache.
    const middle = await timed(
      () => scrollList(warm, 0.3 + (0.4 * Math.max(0, run)) / RUNS),
      log,
      'jumps to 30–70 %',
    );
    keep(SERIES.scrollMiddle, middle.value, middle.cpuMs);
    await tracker.settle(warm);
    const end = await timed(() => scrollList(warm, 1), log, 'jumps to the end');
    keep(SERIES.scrollEnd, end.value, end.cpuMs);
    await tracker.settle(warm);
    if (isCounted) result.heapAfterScroll.push(await heapOf(context, warm));
  } finally {
    await context.close();
  }
}

/** One more cold load, then an open, each under Chromium's tracer: where the main thread's time goes. */
async function tracedRound(running: { server: WebBenchServer; browser: Browser }) {
  const { context, page } = await signedInContext(running);
  const traced = async (label: string, measure: () => Promise<number>) => {
    await running.browser.startTracing(page, { screenshots: false, categories: TRACE_CATEGORIES });
    let ms: number;
    try {
      ms = await measure();
    } catch (error) {
      await running.browser.stopTracing();
      throw error;
    }
    const trace = await running.browser.stopTracing();
    return { label: `${label} (${Math.round(ms)} ms)`, summary: summariseTrace(trace) };
  };
  try {
    const tracker = new RequestTracker(page);
    const load = await traced(
      'cold load → interactive',
      async () => (await loadInbox(page, running.server.base)).interactiveMs,
    );
    await tracker.settle(page);
    const open = await traced('first open in the page', async () => (await openMessage(page, 0)).shownMs);
    return [load, open];
  } finally {
    await context.close();
  }
}
