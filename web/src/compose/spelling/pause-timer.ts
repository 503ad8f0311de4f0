// Runs a function once the person pauses: each keystroke pushes the run back by the delay, so a spell check
// goes out when typing stops, not at every character (debounce).

/** Wait after the last change before checking: a typist's pause between phrases, not between letters. */
export const PAUSE_MS = 800;

export interface PauseTimer {
  /** Something changed: run `delayMs` from now (a run already waiting is pushed back). */
  poke(delayMs?: number): void;
  /** Nothing waits any more. */
  cancel(): void;
  readonly isWaiting: boolean;
}

export function createPauseTimer(run: () => void, defaultDelayMs = PAUSE_MS): PauseTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    poke(delayMs = defaultDelayMs) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, delayMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
    get isWaiting() {
      return timer !== undefined;
    },
  };
}
