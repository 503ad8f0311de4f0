// The in-process event bus: synchronous fan-out to this process's listeners. The other buses use it for
// their local side. A throwing listener is logged and skipped; the event is a wake-up call, never the truth.

import type { Logger } from '#core/log';
import type { ChangeEvent, EventBus } from '../store.ts';
import { assertChangeEvent } from './change-event-message.ts';

export interface LocalEventBusOptions {
  readonly log?: Logger;
}

export function createLocalEventBus(options: LocalEventBusOptions = {}): EventBus {
  const listeners = new Set<(event: ChangeEvent) => void>();
  let isClosed = false;

  return {
    publish(event) {
      // Checked here too, so a malformed event fails in single-process tests as it would across processes.
      assertChangeEvent(event);
      if (isClosed) return;
      // A snapshot, so a listener that subscribes or unsubscribes during delivery changes the next event only.
      for (const listener of [...listeners]) {
        if (!listeners.has(listener)) continue;
        try {
          listener(event);
        } catch (error) {
          options.log?.error({ err: error, accountId: event.accountId }, 'event listener failed');
        }
      }
    },
    subscribe(listener) {
      if (isClosed) return () => undefined;
      // Wrap, so subscribing the same function twice gives two independent subscriptions.
      const entry = (event: ChangeEvent) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    close() {
      isClosed = true;
      listeners.clear();
      return Promise.resolve();
    },
  };
}
