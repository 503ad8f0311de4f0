// The event buses: in-process, across node:cluster workers, and across nodes through PostgreSQL.
// main.ts picks one; everything else sees the EventBus interface of store.ts.

export { createLocalEventBus, type LocalEventBusOptions } from './local-event-bus.ts';
export {
  createClusterEventBus,
  type ClusterEventBusOptions,
  type WorkerChannel,
} from './cluster-event-bus.ts';
export {
  attachClusterEventRelay,
  type ClusterEventRelayOptions,
  type RelayCluster,
} from './cluster-event-relay.ts';
export { createPostgresEventBus, EVENT_CHANNEL, type PostgresEventBusOptions } from './postgres-event-bus.ts';
