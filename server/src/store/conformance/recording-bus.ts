// An in-memory EventBus for the conformance suite: keeps every published event so a case can check when
// (only after commit) and how often (once per account) events were published.

import type { ChangeEvent, EventBus } from '../store.ts';

export class RecordingBus implements EventBus {
  readonly events: ChangeEvent[] = [];
  readonly #listeners = new Set<(event: ChangeEvent) => void>();

  publish(event: ChangeEvent): void {
    this.events.push(event);
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
