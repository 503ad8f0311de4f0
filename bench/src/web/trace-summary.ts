// Where a page load's main-thread time goes, from a Chromium performance trace (browser.startTracing): the
// renderer's main thread (CrRendererMain) with the most events, each event's self time (its duration minus
// its children's), summed by event name and grouped as DevTools' summary groups them: scripting, style and
// layout, paint, parsing, garbage collection, other. Bounded: at most MAX_EVENTS events are read.

const MAX_EVENTS = 2_000_000;

interface TraceEvent {
  readonly name?: string;
  readonly ph?: string;
  readonly pid?: number;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

export interface TraceSummary {
  /** From the first to the last event of the thread, ms. */
  readonly spanMs: number;
  /** Self time by group (scripting, style & layout…), ms. */
  readonly groups: Readonly<Record<string, number>>;
  /** The event names with the most self time, ms. */
  readonly top: readonly { readonly name: string; readonly group: string; readonly ms: number }[];
}

const GROUPS: readonly [string, RegExp][] = [
  ['garbage collection', /^(MajorGC|MinorGC|V8\.GC|BlinkGC|CppGC|GCEvent|ThreadState::)/],
  [
    'scripting',
    /^(EvaluateScript|FunctionCall|v8\.|V8\.|RunMicrotasks|TimerFire|EventDispatch|FireAnimationFrame|FireIdleCallback|XHRReadyStateChange|XHRLoad|CompileScript|CompileModule|EvaluateModule|CacheScript|CacheModule|ResolveModule|ProfileCall)/,
  ],
  [
    'style & layout',
    /^(Layout|UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|InvalidateLayout|HitTest|IntersectionObserverController|ComputeIntersections|PrePaint|LayoutShift)/,
  ],
  ['paint', /^(Paint|PaintImage|CompositeLayers|Layerize|UpdateLayer|RasterTask|Commit|Decode)/],
  ['parsing', /^(ParseHTML|ParseAuthorStyleSheet)/],
];

function groupOf(name: string): string {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return 'other';
}

export function summariseTrace(trace: Buffer, top = 15): TraceSummary {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])).slice(0, MAX_EVENTS);

  // The renderer main thread that did the most: the app's page (the login page ran in another document).
  const mainThreads = new Set(
    events
      .filter(
        (event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
      )
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (mainThreads.has(key) && event.ph === 'X') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const slices = events
    .filter(
      (event) =>
        `${event.pid}:${event.tid}` === busiest &&
        event.ph === 'X' &&
        typeof event.ts === 'number' &&
        typeof event.dur === 'number',
    )
    .map((event) => ({
      name: event.name ?? '?',
      start: event.ts ?? 0,
      end: (event.ts ?? 0) + (event.dur ?? 0),
      self: event.dur ?? 0,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);

  // Self time: each slice minus the slices directly inside it (a stack of the open slices).
  const stack: typeof slices = [];
  for (const slice of slices) {
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= slice.start) stack.pop();
    const parent = stack.at(-1);
    if (parent !== undefined && slice.end <= parent.end) parent.self -= slice.end - slice.start;
    stack.push(slice);
  }
  const byName = new Map<string, number>();
  for (const slice of slices) byName.set(slice.name, (byName.get(slice.name) ?? 0) + Math.max(0, slice.self));
  const groups: Record<string, number> = {};
  for (const [name, micros] of byName) groups[groupOf(name)] = (groups[groupOf(name)] ?? 0) + micros / 1000;
  const first = slices[0]?.start ?? 0;
  const last = slices.reduce((end, slice) => Math.max(end, slice.end), first);
  return {
    spanMs: (last - first) / 1000,
    groups,
    top: [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, group: groupOf(name), ms: micros / 1000 })),
  };
}
