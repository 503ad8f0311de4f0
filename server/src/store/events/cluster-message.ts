// The IPC message that carries change events between cluster workers and the primary: the events one
// process published during one turn of its event loop, in order (TurnBatch), so a burst of deliveries or
// flag changes costs one message (a write, a read, a JSON parse) per turn instead of one per event. Tagged, so
// the relay and the workers ignore every other message sent over the same channel.

import type { ChangeEvent } from '../store.ts';
import { parseChangeEvent } from './change-event-message.ts';

/** The tag: `{ vercors: 'change', events }`. */
export const CLUSTER_MESSAGE_TAG = 'change';
/** Events in one message at most: a turn that published more sends several (each about 100 bytes). */
export const MAX_EVENTS_PER_MESSAGE = 256;

export interface ClusterChangeMessage {
  readonly vercors: typeof CLUSTER_MESSAGE_TAG;
  readonly events: readonly ChangeEvent[];
}

export function toClusterMessage(events: readonly ChangeEvent[]): ClusterChangeMessage {
  return { vercors: CLUSTER_MESSAGE_TAG, events };
}

/** True when `message` claims to be ours (it has our tag), valid or not. */
export function isTaggedMessage(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { vercors?: unknown }).vercors === CLUSTER_MESSAGE_TAG
  );
}

/** The events carried by a tagged message, or undefined when it is malformed (any of them, or their list). */
export function eventsOfMessage(message: unknown): ChangeEvent[] | undefined {
  const { events } = message as { events?: unknown };
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_MESSAGE)
    return undefined;
  const parsed: ChangeEvent[] = [];
  for (const value of events as unknown[]) {
    const event = parseChangeEvent(value);
    if (event === undefined) return undefined;
    parsed.push(event);
  }
  return parsed;
}

/**
 * Events gathered during one turn of the event loop and handed to `send` in order at its end (setImmediate),
 * MAX_EVENTS_PER_MESSAGE at a time. flush() sends what is pending at once (the buses call it on close).
 */
export class TurnBatch {
  readonly #send: (events: readonly ChangeEvent[]) => void;
  #pending: ChangeEvent[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  constructor(send: (events: readonly ChangeEvent[]) => void) {
    this.#send = send;
  }

  add(event: ChangeEvent): void {
    this.#pending.push(event);
    if (this.#pending.length >= MAX_EVENTS_PER_MESSAGE) this.flush();
    else this.#scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#pending.length === 0) return;
    const events = this.#pending;
    this.#pending = [];
    this.#send(events);
  }
}
