// Whether a new build's service worker waits to take over, for the update notice (UpdateNotice.tsx), and
// taking over when the person asks. The new worker is never forced on an open page: the person chooses when
// to reload (what they were writing is kept by the draft journal, so a reload loses nothing), and only the
// page that asked reloads; other tabs keep their notice.

import { SKIP_WAITING } from './worker-messages.ts';

/** The parts of ServiceWorkerContainer and ServiceWorkerRegistration used here (fakes in the test). */
export interface WorkerContainer extends EventTarget {
  readonly controller: unknown;
}
export interface WorkerHandle extends EventTarget {
  readonly state: string;
  postMessage(message: unknown): void;
}
export interface WorkerRegistration extends EventTarget {
  readonly installing: WorkerHandle | null;
  readonly waiting: WorkerHandle | null;
}

export interface UpdateWatcher {
  /** Follows a registration: a worker that finishes installing while another controls the page waits. */
  watch(registration: WorkerRegistration): void;
  isWaiting(): boolean;
  subscribe(listener: () => void): () => void;
  /** The person chose to reload: the waiting worker takes over, then the page reloads under it. */
  apply(): void;
}

export function createUpdateWatcher(container: WorkerContainer, reload: () => void): UpdateWatcher {
  let waiting: WorkerHandle | undefined;
  let isReloadAsked = false;
  const listeners = new Set<() => void>();
  const setWaiting = (worker: WorkerHandle) => {
    waiting = worker;
    for (const listener of listeners) listener();
  };
  // A page's first worker also "changes the controller" (it claims the page): only a reload asked for follows.
  container.addEventListener('controllerchange', () => {
    if (isReloadAsked) reload();
  });
  return {
    watch(registration) {
      // No controller yet means this is the first install, not an update: nothing to offer.
      if (registration.waiting !== null && container.controller !== null) setWaiting(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        if (installing === null) return;
        installing.addEventListener('statechange', () => {
          if (installing.state === 'installed' && container.controller !== null) setWaiting(installing);
        });
      });
    },
    isWaiting: () => waiting !== undefined,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    apply() {
      if (waiting === undefined) return;
      isReloadAsked = true;
      // Another tab already let it take over: this page only has to reload.
      if (waiting.state === 'activating' || waiting.state === 'activated') reload();
      else waiting.postMessage({ type: SKIP_WAITING });
    },
  };
}
