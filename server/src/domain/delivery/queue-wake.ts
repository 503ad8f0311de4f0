// An in-process wake-up call from `enqueue` to the runners of this process, so mail queued here leaves at once
// instead of at the next poll. Only a hint: the table is the truth, and other processes find the rows by polling.

const listeners = new Set<() => void>();

/** Called after a commit that queued mail (or made some due again). */
export function notifyQueued(): void {
  for (const listener of listeners) listener();
}

/** Returns the function that unsubscribes. */
export function onQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
