/// <reference types="vite/client" />
// Registers the webmail's service worker (service-worker.ts, served as /mail/sw.js) once the page has loaded,
// in a production build only (the dev server has no worker), and asks the server for a newer one every hour:
// the app can stay open for days without a page load, which is when browsers look by themselves.
// Call registerServiceWorker() once from main.tsx; UpdateNotice.tsx shows when a new version waits.

import { APP_SCOPE, WORKER_PATH } from './request-strategy.ts';
import { createUpdateWatcher, type UpdateWatcher } from './update-watcher.ts';

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

let watcher: UpdateWatcher | undefined;

/** The page's update state (undefined where the browser has no service workers or in development). */
export function updateWatcher(): UpdateWatcher | undefined {
  return watcher;
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || watcher !== undefined) return;
  const container = navigator.serviceWorker;
  const current = createUpdateWatcher(container, () => window.location.reload());
  watcher = current;
  const register = () => {
    container
      .register(WORKER_PATH, { scope: APP_SCOPE })
      .then((registration) => {
        current.watch(registration);
        // Offline or the server restarting: the next check, or the next page load, will do.
        window.setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_INTERVAL_MS);
      })
      .catch((error: unknown) => console.warn('Vercors: the service worker was not registered', error));
  };
  // After the page's own loading, so installing (which fetches the whole app again) never slows it.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
