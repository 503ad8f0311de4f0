// The load loop the side-by-side benches share: open N clients a few at a time, then have each run one timed
// operation after another until the phase's time or operation cap, recording the latency of each and what went
// wrong (a client that failed stops; an answer that was wrong is a mismatch, counted, and the client goes on).

import { performance } from 'node:perf_hooks';
import { errorText } from './bench-figures.ts';

/** `count` results of `open`, `parallel` at a time; if one fails, the others are closed and it throws. */
export async function openAll<S>(
  count: number,
  parallel: number,
  open: (index: number) => Promise<S>,
  close: (state: S) => void,
): Promise<S[]> {
  const states: S[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < count && failure === undefined) {
      const index = next++;
      try {
        states[index] = await open(index);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  if (failure !== undefined) {
    for (const state of states) if (state !== undefined) close(state);
    throw failure;
  }
  return states;
}

export interface TimedRun {
  /** Operations completed (right or wrong), one latency each. */
  readonly latencies: number[];
  readonly seconds: number;
  /** Clients that stopped on an error (the others went on). */
  readonly errors: number;
  /** Operations that completed but returned something else than expected. */
  readonly mismatches: number;
  readonly firstProblem?: string;
}

export interface RunLimits {
  /** No operation starts after this; those already sent finish. */
  readonly ms: number;
  /** Operations started, all clients together. */
  readonly maxOps: number;
}

/**
 * Every state in `states` is a client running `op` in a loop until the limits; `op` returns a description
 * when the answer is not what it should be.
 */
export async function runClients<S>(
  states: readonly S[],
  op: (state: S, client: number, n: number) => Promise<string | undefined>,
  limits: RunLimits,
): Promise<TimedRun> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let mismatches = 0;
  let firstProblem: string | undefined;
  const started = performance.now();
  const deadline = started + limits.ms;
  await Promise.all(
    states.map(async (state, client) => {
      for (let n = 0; performance.now() < deadline && issued < limits.maxOps; n++) {
        issued++;
        const sent = performance.now();
        try {
          const mismatch = await op(state, client, n);
          latencies.push(performance.now() - sent);
          if (mismatch !== undefined) {
            mismatches++;
            firstProblem ??= mismatch;
          }
        } catch (error) {
          // This client stops; the others go on (a broken connection would only fail again).
          errors++;
          firstProblem ??= errorText(error);
          break;
        }
      }
    }),
  );
  return {
    latencies,
    seconds: (performance.now() - started) / 1000,
    errors,
    mismatches,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
