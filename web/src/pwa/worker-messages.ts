// The one message the page sends its service worker: "take over now" (the person clicked "Recharger").
// Shared by register-service-worker.ts (page) and service-worker.ts (worker) so both spell it the same.

export const SKIP_WAITING = 'vercors:skipWaiting';
