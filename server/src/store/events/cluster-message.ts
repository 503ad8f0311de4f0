// The IPC message that carries a change event between cluster workers and the primary. Tagged, so the
// relay and the workers ignore every other message sent over the same channel.

import type { ChangeEvent } from '../store.ts';
import { parseChangeEvent } from './change-event-message.ts';

/** The tag: `{ vercors: 'change', event }`. */
export const CLUSTER_MESSAGE_TAG = 'change';

export interface ClusterChangeMessage {
  readonly vercors: typeof CLUSTER_MESSAGE_TAG;
  readonly event: ChangeEvent;
}

export function toClusterMessage(event: ChangeEvent): ClusterChangeMessage {
  return { vercors: CLUSTER_MESSAGE_TAG, event };
}

/** True when `message` claims to be ours (it has our tag), valid or not. */
export function isTaggedMessage(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { vercors?: unknown }).vercors === CLUSTER_MESSAGE_TAG
  );
}

/** The event carried by a tagged message, or undefined when it is malformed. */
export function eventOfMessage(message: unknown): ChangeEvent | undefined {
  return parseChangeEvent((message as { event?: unknown }).event);
}
