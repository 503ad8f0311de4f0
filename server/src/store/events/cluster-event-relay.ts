// The primary half of the cluster event bus: every event a worker sends is re-broadcast to every worker
// (the sender included), with the others of the same turn, and to the primary's own listeners. Returns the
// primary's bus.

import type { Cluster, Worker } from 'node:cluster';
import type { Logger } from '#core/log';
import type { ChangeEvent, EventBus } from '../store.ts';
import { assertChangeEvent } from './change-event-message.ts';
import { eventsOfMessage, isTaggedMessage, toClusterMessage, TurnBatch } from './cluster-message.ts';
import { createLocalEventBus } from './local-event-bus.ts';

export interface ClusterEventRelayOptions {
  readonly log?: Logger;
}

/** The parts of `node:cluster` the relay uses (tests pass a stand-in). */
export type RelayCluster = Pick<Cluster, 'on' | 'off' | 'workers'>;

export function attachClusterEventRelay(
  cluster: RelayCluster,
  options: ClusterEventRelayOptions = {},
): EventBus {
  const log = options.log;
  const local = createLocalEventBus({ log });
  let isClosed = false;

  // The events of one turn, from every worker and the primary, go to each worker in one message.
  const outgoing = new TurnBatch((events: readonly ChangeEvent[]) => {
    const message = toClusterMessage(events);
    for (const worker of Object.values(cluster.workers ?? {})) {
      // A worker that is starting or exiting misses this wake-up; it reads the change log when it serves.
      if (worker === undefined || !worker.isConnected()) continue;
      worker.send(message, undefined, (error: Error | null) => {
        if (error) log?.warn({ err: error, workerId: worker.id }, 'change events not relayed to a worker');
      });
    }
  });
  const broadcast = (event: ChangeEvent) => {
    outgoing.add(event);
    local.publish(event);
  };

  const onMessage = (worker: Worker, message: unknown) => {
    if (isClosed || !isTaggedMessage(message)) return;
    const events = eventsOfMessage(message);
    if (events === undefined) {
      log?.warn({ workerId: worker.id }, 'ignored a malformed change event message from a worker');
      return;
    }
    for (const event of events) broadcast(event);
  };
  cluster.on('message', onMessage);

  return {
    publish(event) {
      assertChangeEvent(event);
      if (!isClosed) broadcast(event);
    },
    subscribe(listener) {
      return local.subscribe(listener);
    },
    async close() {
      outgoing.flush();
      isClosed = true;
      cluster.off('message', onMessage);
      await local.close();
    },
  };
}
