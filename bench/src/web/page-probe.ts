// What bench/web runs inside the web app's page: one script, installed before any of the app's (an init script
// of the browser context, which the page's CSP does not apply to), that records what the bench measures from
// the page's own clock (performance.now(), 0 = the navigation's start): long tasks (PerformanceObserver), the
// first frame in which the list shows a screenful of rows, the time of the last click or key press (the event's
// timeStamp, same clock), and each load of the reading pane's frame followed by the next frame. The bench then
// reads these with page.evaluate and small functions, never with strings: the app's CSP forbids eval.
//
// Functions handed to the browser are serialised: each one below uses only its arguments and browser globals.
// The bench's tsconfig has no DOM library (like e2e's), so the few browser APIs used are declared here.

/** A long task (≥ 50 ms on the main thread), on the page's clock. */
export interface LongTask {
  readonly start: number;
  readonly end: number;
}

/** What a watched condition is: the list's visible rows all loaded, or a row selected. */
export type WatchKind = 'rows' | 'selection';

/** The page's side of the bench, at `window.__webBench`. */
export interface PageProbe {
  readonly longTasks: LongTask[];
  /** The first frame (its rAF time) in which the list showed loaded rows and no placeholder in view. */
  firstRowsAt: number | undefined;
  /** timeStamp of the last trusted mousedown and keydown. */
  readonly lastInput: { mousedown: number | undefined; keydown: number | undefined };
  /** Each load of the reading pane's frame (iframe.message-frame), and the start of the next frame after it. */
  readonly frameLoads: { readonly loadAt: number; frameAt: number | undefined }[];
  /** Start watching `kind` at every frame, from now; `watched` gives the first frame in which it held. */
  arm(kind: WatchKind): number;
  watched(timeoutMs: number): Promise<number | undefined>;
  /**
   * Once the rows are shown: the first moment after which the main thread stays `quietMs` without a long task
   * (the rows' time, or the end of the last long task before that quiet window).
   */
  quiet(quietMs: number, timeoutMs: number): Promise<{ readonly at: number; readonly isTimedOut: boolean }>;
}

interface ProbeElement {
  readonly classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): ProbeElement | null;
  querySelectorAll(selector: string): Iterable<ProbeElement>;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  readonly tagName: string;
}

interface ProbeEvent {
  readonly isTrusted: boolean;
  readonly timeStamp: number;
  readonly target: unknown;
}

/** The page's window as the probes see it (`globalThis as unknown as ProbeWindow` in a serialised function). */
export interface ProbeWindow {
  readonly top: unknown;
  readonly location: { readonly pathname: string };
  readonly document: {
    querySelector(selector: string): ProbeElement | null;
    addEventListener(type: string, listener: (event: ProbeEvent) => void, capture: boolean): void;
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  addEventListener(type: string, listener: (event: ProbeEvent) => void, capture: boolean): void;
  readonly PerformanceObserver: new (
    callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => { observe(options: { type: string; buffered: boolean }): void };
  __webBench?: PageProbe;
}

/** The init script: installs `window.__webBench` in the app's page (top frame, under /mail/ only). */
export function installPageProbe(): void {
  const w = globalThis as unknown as ProbeWindow;
  if (w.top !== (w as unknown) || !w.location.pathname.startsWith('/mail/')) return;
  /** Watches stop after this, so a page that never shows its list leaves no loop running. */
  const WATCH_LIMIT_MS = 60_000;

  /** Loaded rows in the list's view and no row still loading. */
  const rowsShown = (): boolean => {
    const list = w.document.querySelector('.list-viewport[role="listbox"]');
    if (list === null) return false;
    const view = list.getBoundingClientRect();
    let visible = 0;
    for (const option of list.querySelectorAll('[role="option"]')) {
      const box = option.getBoundingClientRect();
      if (box.bottom <= view.top || box.top >= view.bottom) continue;
      if (option.querySelector('.row-loading') !== null) return false;
      visible += 1;
    }
    return visible > 0;
  };
  const selectionShown = (): boolean =>
    w.document.querySelector('.list-viewport [role="option"][aria-current="true"]') !== null;

  const probe: PageProbe = {
    longTasks: [],
    firstRowsAt: undefined,
    lastInput: { mousedown: undefined, keydown: undefined },
    frameLoads: [],
    arm(kind) {
      const condition = kind === 'rows' ? rowsShown : selectionShown;
      const armedAt = performance.now();
      let found: number | undefined;
      let settle: ((at: number | undefined) => void) | undefined;
      const done = new Promise<number | undefined>((resolve) => {
        settle = resolve;
      });
      const frame = (time: number) => {
        if (condition()) {
          found = time;
          settle?.(found);
        } else if (performance.now() - armedAt > WATCH_LIMIT_MS) settle?.(undefined);
        else w.requestAnimationFrame(frame);
      };
      w.requestAnimationFrame(frame);
      this.watched = (timeoutMs) =>
        found !== undefined
          ? Promise.resolve(found)
          : Promise.race([
              done,
              new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs)),
            ]);
      return armedAt;
    },
    watched: () => Promise.resolve(undefined),
    async quiet(quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      while (this.firstRowsAt === undefined && performance.now() < deadline) await sleep(20);
      for (;;) {
        const base = Math.max(this.firstRowsAt ?? 0, ...this.longTasks.map((task) => task.end));
        const left = base + quietMs - performance.now();
        // Running here means the main thread is free; a long task that ended meanwhile is reported to the
        // observer in a task of its own, so one more turn lets it arrive before the window is trusted.
        if (left <= 0) {
          await sleep(0);
          const again = Math.max(this.firstRowsAt ?? 0, ...this.longTasks.map((task) => task.end));
          if (again === base) return { at: base, isTimedOut: this.firstRowsAt === undefined };
          continue;
        }
        if (performance.now() > deadline) return { at: base, isTimedOut: true };
        await sleep(Math.min(left, 100));
      }
    },
  };
  w.__webBench = probe;

  new w.PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      probe.longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  }).observe({ type: 'longtask', buffered: true });

  const started = performance.now();
  const watchFirstRows = (time: number) => {
    if (rowsShown()) probe.firstRowsAt = time;
    else if (performance.now() - started < WATCH_LIMIT_MS) w.requestAnimationFrame(watchFirstRows);
  };
  w.requestAnimationFrame(watchFirstRows);

  w.addEventListener(
    'mousedown',
    (event) => {
      if (event.isTrusted) probe.lastInput.mousedown = event.timeStamp;
    },
    true,
  );
  w.addEventListener(
    'keydown',
    (event) => {
      if (event.isTrusted) probe.lastInput.keydown = event.timeStamp;
    },
    true,
  );
  // A frame's load event does not bubble and never reaches the window, but its capture phase passes through
  // the document. The probe runs before the document has an element, and the document object stays the same.
  w.document.addEventListener(
    'load',
    (event) => {
      const target = event.target as ProbeElement | null;
      if (target?.tagName !== 'IFRAME' || !target.classList.contains('message-frame')) return;
      const entry = { loadAt: performance.now(), frameAt: undefined as number | undefined };
      probe.frameLoads.push(entry);
      w.requestAnimationFrame((time) => {
        entry.frameAt = time;
      });
    },
    true,
  );
}
