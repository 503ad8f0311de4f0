// The worker half of the cluster event bus: publish sends the event to the primary over IPC, with the others
// of the same turn (cluster-message.ts); the primary relays it to every worker, the sender included, so each
// worker delivers each event once, in the same order.

import type { Logger } from '#core/log';
import type { EventBus } from '../store.ts';
import { assertChangeEvent } from './change-event-message.ts';
import { eventsOfMessage, isTaggedMessage, toClusterMessage, TurnBatch } from './cluster-message.ts';
import { createLocalEventBus } from './local-event-bus.ts';

/** The parts of a worker's `process` the bus uses (tests pass a stand-in). */
export interface WorkerChannel {
  readonly connected: boolean;
  send?(
    message: unknown,
    sendHandle?: undefined,
    options?: undefined,
    callback?: (error: Error | null) => void,
  ): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

export interface ClusterEventBusOptions {
  /** The IPC channel to the primary; the current process by default. */
  readonly channel?: WorkerChannel;
  readonly log?: Logger;
}

export function createClusterEventBus(options: ClusterEventBusOptions = {}): EventBus {
  const channel: WorkerChannel = options.channel ?? process;
  const log = options.log;
  const local = createLocalEventBus({ log });
  let isClosed = false;

  const onMessage = (message: unknown) => {
    if (!isTaggedMessage(message)) return;
    const events = eventsOfMessage(message);
    if (events === undefined) {
      log?.warn('ignored a malformed change event message from the cluster primary');
      return;
    }
    for (const event of events) local.publish(event);
  };
  channel.on('message', onMessage);

  // A lost event delays a client, it never loses a change (DATA-MODEL.md §1): log and carry on.
  const outgoing = new TurnBatch((events) => {
    if (!channel.connected || channel.send === undefined) {
      log?.warn({ count: events.length }, 'change events dropped: no channel to the cluster primary');
      return;
    }
    channel.send(toClusterMessage(events), undefined, undefined, (error) => {
      if (error) log?.warn({ err: error, count: events.length }, 'change events not sent to the primary');
    });
  });

  return {
    publish(event) {
      assertChangeEvent(event);
      if (!isClosed) outgoing.add(event);
    },
    subscribe(listener) {
      return local.subscribe(listener);
    },
    async close() {
      outgoing.flush();
      isClosed = true;
      channel.off('message', onMessage);
      await local.close();
    },
  };
}
