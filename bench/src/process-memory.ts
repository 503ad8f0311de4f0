// Memory of a server's whole process tree, read from /proc: Vercors is a primary and its workers, Dovecot a
// master with one imap process per connection. One pass over /proc builds the parent map (no pgrep per pid),
// so a tree of thousands of processes is read in a few tens of milliseconds.

import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** Sum of VmRSS: shared pages (libraries, a forked parent's heap) count once per process. */
  readonly rss: number;
  /** Sum of Pss (smaps_rollup): shared pages divided among the processes sharing them; 0 if not read. */
  readonly pss: number;
  readonly processes: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (stat === undefined) continue;
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

const kib = (text: string | undefined, field: string): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text ?? '')?.[1] ?? 0) * 1024;

/** RSS (and PSS when `withPss`, which reads one more file per process) of `root`'s tree, in bytes. */
export function treeMemory(root: number, withPss = false): TreeMemory {
  if (root <= 0) return { rss: 0, pss: 0, processes: 0 };
  let rss = 0;
  let pss = 0;
  let processes = 0;
  for (const pid of processTree(root)) {
    const status = readText(`/proc/${pid}/status`);
    if (status === undefined) continue;
    processes++;
    rss += kib(status, 'VmRSS');
    if (withPss) pss += kib(readText(`/proc/${pid}/smaps_rollup`), 'Pss');
  }
  return { rss, pss, processes };
}

/** Samples `root`'s tree RSS every `everyMs` until stopped; `stop()` returns the highest seen. */
export function sampleRss(root: number, everyMs = 1000): { stop(): number } {
  let peak = treeMemory(root).rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeMemory(root).rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeMemory(root).rss);
    },
  };
}

export function loadAverage(): string {
  return (readText('/proc/loadavg') ?? '').split(' ').slice(0, 3).join(' ');
}
