// One SIGHUP's round trip to the workers: each ready worker reloads and answers; the round ends when all
// answered or after a bounded wait, so a stuck worker cannot stall the next reload.

import type { WorkerMessage } from './runtime-message.ts';

/** Reading a config file and a certificate takes milliseconds; a worker silent this long is reported. */
export const RELOAD_ANSWER_TIMEOUT_MS = 10_000;

export type ReloadAnswer = 'applied' | 'refused' | 'noAnswer';

export interface ReloadRound {
  receive(slot: number, message: Extract<WorkerMessage, { kind: 'reloaded' }>): void;
  /** Each asked slot's answer. */
  readonly done: Promise<Record<string, ReloadAnswer>>;
}

export function createReloadRound(
  slots: readonly number[],
  timeoutMs = RELOAD_ANSWER_TIMEOUT_MS,
): ReloadRound {
  const answers = new Map<number, ReloadAnswer>(slots.map((slot) => [slot, 'noAnswer']));
  let pending = slots.length;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const timer = setTimeout(finish, timeoutMs);
  if (pending === 0) finish();
  return {
    receive(slot, message) {
      if (answers.get(slot) !== 'noAnswer') return;
      answers.set(slot, message.isApplied ? 'applied' : 'refused');
      if (--pending === 0) finish();
    },
    done: finished.then(() => {
      clearTimeout(timer);
      return Object.fromEntries([...answers].map(([slot, answer]) => [String(slot), answer]));
    }),
  };
}
