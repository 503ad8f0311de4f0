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
