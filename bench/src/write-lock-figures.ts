// SQLite's write lock as a Vercors node reports it in /metrics (vercors_store_write_lock_*_seconds, summed over
// the workers): read before and after a run, it tells how much of the run the lock was held, and per write
// transaction how long it was held and waited for.

export interface LockTotals {
  readonly transactions: number;
  readonly heldSeconds: number;
  readonly waitSeconds: number;
}

/** The node's totals so far; undefined when its /metrics does not answer or has no such histograms. */
export async function readLockTotals(httpPort: number): Promise<LockTotals | undefined> {
  let page: string;
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return undefined;
    page = await response.text();
  } catch {
    return undefined;
  }
  const total = (name: string) => {
    let sum = 0;
    let found = false;
    for (const match of page.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) {
      sum += Number(match[1]);
      found = true;
    }
    return found ? sum : undefined;
  };
  const transactions = total('vercors_store_write_lock_held_seconds_count');
  const heldSeconds = total('vercors_store_write_lock_held_seconds_sum');
  const waitSeconds = total('vercors_store_write_lock_wait_seconds_sum');
  if (transactions === undefined || heldSeconds === undefined || waitSeconds === undefined) return undefined;
  return { transactions, heldSeconds, waitSeconds };
}

/** What happened between two readings: totals of the difference. */
export function lockDelta(before: LockTotals, after: LockTotals): LockTotals {
  return {
    transactions: after.transactions - before.transactions,
    heldSeconds: after.heldSeconds - before.heldSeconds,
    waitSeconds: after.waitSeconds - before.waitSeconds,
  };
}

/** "held 64 % of the time; per transaction 2.9 ms held, 1.7 ms waited; 2.8 messages each" */
export function lockLine(totals: readonly LockTotals[], seconds: number, messages: number): string {
  const sum = totals.reduce(
    (all, one) => ({
      transactions: all.transactions + one.transactions,
      heldSeconds: all.heldSeconds + one.heldSeconds,
      waitSeconds: all.waitSeconds + one.waitSeconds,
    }),
    { transactions: 0, heldSeconds: 0, waitSeconds: 0 },
  );
  if (sum.transactions === 0 || seconds <= 0) return '—';
  const ms = (value: number) => ((1000 * value) / sum.transactions).toFixed(1);
  return (
    `${Math.round((100 * sum.heldSeconds) / seconds)} % held; ${ms(sum.heldSeconds)} / ${ms(sum.waitSeconds)} ms ` +
    `held / waited per transaction; ${(messages / sum.transactions).toFixed(1)} messages each`
  );
}
