// Count, time and log every request. Labels use the matched route pattern, never the raw path, so a
// scanner probing random URLs adds one `unmatched` series, not thousands. Logs carry no query string,
// header or body: tokens and passwords travel there.

import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { performance } from 'node:perf_hooks';
import type { Logger } from '#core/log';
import { LATENCY_BUCKETS_SECONDS, type MetricsRegistry } from '#core/metrics';
import type { HttpEnv } from './http-env.ts';
import { MAX_LOGGED_PATH_LENGTH } from './http-limits.ts';

/** Methods a client may send are unbounded; anything else is counted as `other`. */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'REPORT',
]);
/** Probes hit these every few seconds: logged at debug so they do not drown the access log. */
const PROBE_ROUTES = new Set(['/health', '/metrics']);

export function requestObserver(log: Logger, metrics: MetricsRegistry): MiddlewareHandler<HttpEnv> {
  const requests = metrics.counter({
    name: 'vercors_http_requests_total',
    help: 'HTTP requests answered, by method, matched route and status code.',
    labelNames: ['method', 'route', 'status'],
  });
  const duration = metrics.histogram({
    name: 'vercors_http_request_duration_seconds',
    help: 'Time from the request to its response headers, by method and matched route.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS_SECONDS,
  });

  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'other';
    const route = routeOf(c);
    const status = c.res.status;
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
    const level = PROBE_ROUTES.has(route) && status < 400 ? 'debug' : status >= 500 ? 'warn' : 'info';
    log[level](
      {
        method: c.req.method.slice(0, 16),
        path: c.req.path.slice(0, MAX_LOGGED_PATH_LENGTH),
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        remote: c.env?.incoming?.socket?.remoteAddress,
      },
      'http request',
    );
  };
}

/** The pattern of the route that answered (`/health`), or `unmatched` when only middleware ran. */
function routeOf(c: Context<HttpEnv>): string {
  const handlers = matchedRoutes(c).filter((route) => route.method !== 'ALL');
  return handlers.at(-1)?.path ?? 'unmatched';
}
