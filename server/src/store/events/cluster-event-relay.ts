// The primary half of the cluster event bus: every event a worker sends is re-broadcast to every worker
// (the sender included) and to the primary's own listeners. Returns the primary's bus.

import type { Cluster, Worker } from 'node:cluster';
import type { Logger } from '#core/log';
import type { ChangeEvent, EventBus } from '../store.ts';
import { assertChangeEvent } from './change-event-message.ts';
import { eventOfMessage, isTaggedMessage, toClusterMessage } from './cluster-message.ts';
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

  const broadcast = (event: ChangeEvent) => {
    const message = toClusterMessage(event);
    for (const worker of Object.values(cluster.workers ?? {})) {
      // A worker that is starting or exiting misses this wake-up; it reads the change log when it serves.
      if (worker === undefined || !worker.isConnected()) continue;
      worker.send(message, undefined, (error: Error | null) => {
        if (error) log?.warn({ err: error, workerId: worker.id }, 'change event not relayed to a worker');
      });
    }
    local.publish(event);
  };

  const onMessage = (worker: Worker, message: unknown) => {
    if (isClosed || !isTaggedMessage(message)) return;
    const event = eventOfMessage(message);
    if (event === undefined) {
      log?.warn({ workerId: worker.id }, 'ignored a malformed change event from a worker');
      return;
    }
    broadcast(event);
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
      isClosed = true;
      cluster.off('message', onMessage);
      await local.close();
    },
  };
}
