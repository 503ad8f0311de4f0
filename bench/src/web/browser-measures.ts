// The measures bench/web takes in headless Chromium, each on the page's own clock (page-probe.ts), so the
// bench's round trips to the browser are never part of a figure:
// - signing in through the login page with the app's files refused, so the app's first load after it, in a
//   new page, is a real cold load (nothing of the app in the browser's cache);
// - loading the inbox: navigation start → interactive (the rows in view loaded, then the main thread free of
//   long tasks for QUIET_MS), with the long tasks, the resources' waterfall and the JS heap;
// - a key press (j) → the first row selected; a click on a row → the reading pane's frame loaded and painted;
//   jumping the list's scroll position → the rows in view loaded.
// Every wait is bounded; between measures the page settles (no request in flight, no long task). The functions
// given to page.evaluate run in the page: they use only their arguments and the page's globals.

import type { BrowserContext, Page, Request } from 'playwright-core';
import type { LongTask, ProbeWindow } from './page-probe.ts';

/** The main thread must stay this long without a long task for the page to count as interactive. */
export const QUIET_MS = 500;
/** Longest wait for a load, an open or a scroll to finish: far beyond any budget, so a hang shows as a failure. */
const MEASURE_TIMEOUT_MS = 30_000;
/** Between measures: no request in flight for this long (the push stream excepted). */
const SETTLE_IDLE_MS = 300;
const SETTLE_TIMEOUT_MS = 15_000;

export interface LoadFigures {
  /** Navigation start → the first frame showing the loaded rows in view. */
  readonly rowsMs: number;
  /** Navigation start → interactive (see QUIET_MS). */
  readonly interactiveMs: number;
  readonly isTimedOut: boolean;
  /** Long tasks before interactive, and their time over 50 ms (Total Blocking Time, up to interactive). */
  readonly longTasks: number;
  readonly blockingMs: number;
  /** The list's length (aria-setsize: conversations in the folder). */
  readonly listSize: number;
}

export interface WaterfallEntry {
  readonly name: string;
  readonly type: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Bytes over the network (0: from the cache), and the body's size as sent. */
  readonly transferBytes: number;
  readonly bodyBytes: number;
  /** Passed through the app's service worker (answered from its cache, or fetched by it); from the HTTP cache. */
  readonly isFromServiceWorker: boolean;
  readonly isFromCache: boolean;
}

export interface HeapFigures {
  readonly usedBytes: number;
  readonly afterGcBytes: number;
}

export interface OpenFigures {
  /** mousedown → the frame's load event, and → the next frame (painted). */
  readonly loadMs: number;
  readonly shownMs: number;
  /** Characters of text in the frame's body: a blank pane would be a wrong answer. */
  readonly bodyChars: number;
  /** mousedown → the end of the first JMAP answer after it (the message's Email/get…): the server's share. */
  readonly requestMs: number;
}

/** A JMAP request the page sent: its method calls, and how long its answer took (request → last byte). */
export interface JmapCall {
  readonly methods: string;
  /** On the bench's clock (performance.now() of this process), to pick the requests of one measure. */
  readonly startedAt: number;
  durationMs: number | undefined;
}

/** Most JMAP requests a page's log keeps: a run of 10 sends a few hundred. */
const MAX_LOGGED_CALLS = 10_000;

/** The JMAP requests of a page, by their method names: which answers a slow measure waited for. */
export class JmapRequestLog {
  readonly calls: JmapCall[] = [];

  constructor(page: Page) {
    const pending = new Map<Request, JmapCall>();
    page.on('request', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/jmap/api')) return;
      if (this.calls.length >= MAX_LOGGED_CALLS) return;
      let methods = '?';
      try {
        const body = request.postDataJSON() as { methodCalls?: unknown[][] } | null;
        methods = (body?.methodCalls ?? []).map((call) => String(call[0])).join(' + ');
      } catch {
        // Not JSON: logged as '?'.
      }
      const call: JmapCall = { methods, startedAt: performance.now(), durationMs: undefined };
      pending.set(request, call);
      this.calls.push(call);
    });
    page.on('requestfinished', (request) => {
      const call = pending.get(request);
      if (call === undefined) return;
      pending.delete(request);
      call.durationMs = request.timing().responseEnd;
    });
  }

  /** The requests started since `at` (this process's performance.now()). */
  since(at: number): JmapCall[] {
    return this.calls.filter((call) => call.startedAt >= at);
  }
}

/** Requests in flight on a page, for settling between measures (the push stream never finishes). */
export class RequestTracker {
  #inFlight = 0;
  #lastChange = performance.now();

  constructor(page: Page) {
    const counts = (request: Request) => request.resourceType() !== 'eventsource';
    page.on('request', (request) => {
      if (!counts(request)) return;
      this.#inFlight += 1;
      this.#lastChange = performance.now();
    });
    const finished = (request: Request) => {
      if (!counts(request)) return;
      this.#inFlight = Math.max(0, this.#inFlight - 1);
      this.#lastChange = performance.now();
    };
    page.on('requestfinished', finished);
    page.on('requestfailed', finished);
  }

  /** Resolves once nothing has been in flight for SETTLE_IDLE_MS and the main thread is quiet. */
  async settle(page: Page): Promise<void> {
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.#inFlight === 0 && performance.now() - this.#lastChange >= SETTLE_IDLE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.evaluate(
      async ({ quietMs, timeoutMs }) =>
        (globalThis as unknown as ProbeWindow).__webBench?.quiet(quietMs, timeoutMs),
      { quietMs: SETTLE_IDLE_MS, timeoutMs: SETTLE_TIMEOUT_MS },
    );
  }
}

/**
 * Sign in on the login page as a person does, in a page of its own that lands on /mail/ with every file of
 * the app refused, so nothing of the app is in the browser's cache or running afterwards. (A route cannot
 * stub the landing page itself: it is the end of the login's redirects, which routes never see.) The page is
 * closed after, and its route with it: the measured pages are new ones that never had a route (Chromium
 * fetches through an intercepting route without its cache).
 */
export async function signIn(context: BrowserContext, base: string, email: string, password: string) {
  const page = await context.newPage();
  try {
    await page.route(
      (url) => url.pathname.startsWith('/mail/assets/') || url.pathname === '/mail/sw.js',
      (route) => route.abort(),
    );
    await page.goto(`${base}/login`);
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${base}/mail/`);
  } finally {
    await page.close();
  }
}

/** Navigate to the inbox and wait until it is interactive. */
export async function loadInbox(page: Page, base: string): Promise<LoadFigures> {
  const response = await page.goto(`${base}/mail/`);
  if (response?.status() !== 200)
    throw new Error(`GET /mail/ answered ${response?.status()}: is web/dist being rebuilt?`);
  const found = await page.evaluate(
    async ({ quietMs, timeoutMs }) => {
      const probe = (globalThis as unknown as ProbeWindow).__webBench;
      if (probe === undefined) return undefined;
      const quiet = await probe.quiet(quietMs, timeoutMs);
      const first = (globalThis as unknown as ProbeWindow).document.querySelector(
        '.list-viewport [role="option"]',
      );
      return {
        rowsAt: probe.firstRowsAt,
        ...quiet,
        longTasks: probe.longTasks.slice(),
        listSize: Number(first?.getAttribute('aria-setsize') ?? 0),
      };
    },
    { quietMs: QUIET_MS, timeoutMs: MEASURE_TIMEOUT_MS },
  );
  if (found === undefined) throw new Error('the page probe is missing: the app is not at /mail/');
  const before = found.longTasks.filter((task: LongTask) => task.start < found.at);
  return {
    rowsMs: found.rowsAt ?? Number.NaN,
    interactiveMs: found.at,
    isTimedOut: found.isTimedOut,
    longTasks: before.length,
    blockingMs: before.reduce((sum, task) => sum + Math.max(0, task.end - task.start - 50), 0),
    listSize: found.listSize,
  };
}

/** The document and every resource it fetched so far, in the order they started (the page's clock). */
export async function waterfall(page: Page): Promise<WaterfallEntry[]> {
  return page.evaluate(() => {
    interface Timing {
      readonly name: string;
      readonly entryType: string;
      readonly initiatorType?: string;
      readonly startTime: number;
      readonly responseEnd: number;
      readonly transferSize: number;
      readonly encodedBodySize: number;
      readonly workerStart: number;
      readonly deliveryType?: string;
    }
    const timeline = performance as unknown as { getEntriesByType(type: string): Timing[] };
    const entries = [...timeline.getEntriesByType('navigation'), ...timeline.getEntriesByType('resource')];
    return entries
      .map((entry) => ({
        name: entry.name,
        type: entry.entryType === 'navigation' ? 'document' : (entry.initiatorType ?? ''),
        startMs: entry.startTime,
        endMs: entry.responseEnd,
        transferBytes: entry.transferSize,
        bodyBytes: entry.encodedBodySize,
        isFromServiceWorker: entry.workerStart > 0,
        isFromCache: entry.deliveryType === 'cache',
      }))
      .sort((a, b) => a.startMs - b.startMs)
      .slice(0, 200);
  });
}

/** The page's JS heap now, and after a full garbage collection (what the page keeps). */
export async function heapOf(context: BrowserContext, page: Page): Promise<HeapFigures> {
  const cdp = await context.newCDPSession(page);
  try {
    const used = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const kept = await cdp.send('Runtime.getHeapUsage');
    return { usedBytes: used.usedSize, afterGcBytes: kept.usedSize };
  } finally {
    await cdp.detach();
  }
}

/**
 * Whether the page registered a service worker and it became active (bounded): the warm load then comes
 * after it, as a returning person's does. 'none' when the app registers none.
 */
export async function serviceWorkerState(page: Page): Promise<'none' | 'active' | 'not active'> {
  return page.evaluate(async () => {
    interface Registration {
      readonly active: unknown;
    }
    const container = (
      globalThis as unknown as {
        navigator: { serviceWorker?: { getRegistration(): Promise<Registration | undefined> } };
      }
    ).navigator.serviceWorker;
    if (container === undefined) return 'none';
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The app registers its worker once the page has loaded: give the registration a moment to appear.
    let registration: Registration | undefined;
    for (let waited = 0; waited < 2000 && registration === undefined; waited += 100) {
      registration = await container.getRegistration();
      if (registration === undefined) await sleep(100);
    }
    if (registration === undefined) return 'none';
    for (let waited = 0; waited < 15_000; waited += 100) {
      if ((await container.getRegistration())?.active) return 'active';
      await sleep(100);
    }
    return 'not active';
  });
}

/** Press j in the list (nothing selected yet): keydown → the first frame with a row selected. */
export async function keyToSelection(page: Page): Promise<number> {
  await page.evaluate(() => (globalThis as unknown as ProbeWindow).__webBench?.arm('selection'));
  await page.locator('.list-viewport').press('j');
  const at = await page.evaluate(async (timeoutMs) => {
    const probe = (globalThis as unknown as ProbeWindow).__webBench;
    const shown = await probe?.watched(timeoutMs);
    const pressed = probe?.lastInput.keydown;
    return shown === undefined || pressed === undefined ? undefined : shown - pressed;
  }, MEASURE_TIMEOUT_MS);
  if (at === undefined) throw new Error('pressing j selected no row');
  return at;
}

/** Click the `index`-th row in view: mousedown → the reading pane's frame loaded, then painted. */
export async function openMessage(page: Page, index: number): Promise<OpenFigures> {
  const loadsBefore = await page.evaluate(() => {
    const probe = (globalThis as unknown as ProbeWindow).__webBench;
    if (probe !== undefined) probe.lastInput.mousedown = undefined;
    return probe?.frameLoads.length ?? 0;
  });
  await page.locator('.list-viewport [role="option"]').nth(index).click();
  const figures = await page.evaluate(
    async ({ loadsBefore, timeoutMs }) => {
      const probe = (globalThis as unknown as ProbeWindow).__webBench;
      const clicked = probe?.lastInput.mousedown;
      if (probe === undefined || clicked === undefined) return undefined;
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const load = probe.frameLoads.slice(loadsBefore).find((entry) => entry.loadAt >= clicked);
        if (load?.frameAt !== undefined) {
          const frame = (globalThis as unknown as ProbeWindow).document.querySelector(
            'iframe.message-frame',
          ) as unknown as {
            contentDocument: { body: { textContent: string | null } | null } | null;
          } | null;
          const timeline = performance as unknown as {
            getEntriesByType(type: string): { name: string; startTime: number; responseEnd: number }[];
          };
          const request = timeline
            .getEntriesByType('resource')
            .find((entry) => entry.name.endsWith('/jmap/api') && entry.startTime >= clicked);
          return {
            loadMs: load.loadAt - clicked,
            shownMs: load.frameAt - clicked,
            bodyChars: frame?.contentDocument?.body?.textContent?.trim().length ?? 0,
            requestMs: request === undefined ? Number.NaN : request.responseEnd - clicked,
          };
        }
        if (performance.now() > deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    { loadsBefore, timeoutMs: MEASURE_TIMEOUT_MS },
  );
  if (figures === undefined) throw new Error(`clicking row ${index} showed no message`);
  return figures;
}

/**
 * Jump the list to `fraction` of its length (0.5: the middle, 1: the end), as dragging the scroll bar does:
 * the scroll → the first frame whose rows in view are all loaded.
 */
export async function scrollList(page: Page, fraction: number): Promise<number> {
  const started = await page.evaluate((to) => {
    const probe = (globalThis as unknown as ProbeWindow).__webBench;
    const list = (globalThis as unknown as ProbeWindow).document.querySelector(
      '.list-viewport',
    ) as unknown as {
      scrollTop: number;
      scrollHeight: number;
      clientHeight: number;
    } | null;
    if (probe === undefined || list === null) return undefined;
    probe.arm('rows');
    list.scrollTop = Math.round(to * (list.scrollHeight - list.clientHeight));
    return performance.now();
  }, fraction);
  if (started === undefined) throw new Error('no list to scroll');
  const shown = await page.evaluate(
    async (timeoutMs) => (globalThis as unknown as ProbeWindow).__webBench?.watched(timeoutMs),
    MEASURE_TIMEOUT_MS,
  );
  if (shown === undefined) throw new Error(`the rows at ${Math.round(fraction * 100)} % never loaded`);
  return shown - started;
}
