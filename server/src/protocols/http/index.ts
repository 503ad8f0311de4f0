// The HTTP protocol's public surface: the Hono app and its listener. The runtime passes in what /health
// and /metrics need (no store import here: STYLE §3.3).

export { createHttpApp, type HttpAppOptions } from './http-app.ts';
export {
  createHttpListener,
  type HttpListener,
  type HttpListenerOptions,
  type TlsPair,
  type UpgradeHandler,
} from './http-listener.ts';
export {
  healthReport,
  type HealthProbe,
  type HealthReport,
  type ListenerStatus,
  type StorageHealth,
} from './health-route.ts';
export type { MetricsScrape } from './metrics-route.ts';
export type { HttpEnv } from './http-env.ts';
export { MAX_REQUEST_BODY_BYTES } from './http-limits.ts';
export { HTTP_SETTINGS } from './http-settings.ts';
export { registerWebAppRoute, WEB_APP_CSP, WEB_APP_PATH } from './web-app-route.ts';
