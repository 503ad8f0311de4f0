// CPU time of a server's whole process tree, read from /proc: what a phase cost the server, whatever the machine's
// load and whatever the client waited for (a TCP stall costs latency but no CPU). Children that exited and were
// reaped count through their parent's cutime/cstime (Cyrus's master reaps its services).

import { readFileSync } from 'node:fs';
import { processTree } from './process-memory.ts';

/** Linux's USER_HZ: /proc's times are in these ticks on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of `root` and every process below it, in seconds. */
export function treeCpuSeconds(root: number): number {
  if (root <= 0) return 0;
  let ticks = 0;
  for (const pid of processTree(root)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    for (const index of [11, 12, 13, 14]) ticks += Number(fields[index] ?? 0);
  }
  return ticks / TICKS_PER_SECOND;
}

/** Starts counting the CPU time of `root`'s tree; `stop()` returns the seconds spent since. */
export function countCpu(root: number): { stop(): number } {
  const start = treeCpuSeconds(root);
  return { stop: () => treeCpuSeconds(root) - start };
}

/** A tree has settled when it uses under this share of one core… */
const SETTLED_SHARE = 0.05;
/** …over this long, */
const SETTLE_WINDOW_MS = 500;
/** …or after this long anyway. */
const SETTLE_CAP_MS = 15_000;

/**
 * Resolves once `root`'s tree has gone quiet after a run (at most SETTLE_CAP_MS): work the run left behind
 * (Vercors's search folding, a WAL checkpoint, Postfix's deliveries into the Maildir) then counts in that
 * server's CPU, and does not run during the next server's run.
 */
export async function settleCpu(root: number): Promise<void> {
  const until = performance.now() + SETTLE_CAP_MS;
  while (performance.now() < until) {
    const cpu = countCpu(root);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS));
    if (cpu.stop() < (SETTLE_WINDOW_MS / 1000) * SETTLED_SHARE) return;
  }
}
