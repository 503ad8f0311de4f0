// The HTTP service as one Hono app: observation, security headers and the body limit around every route,
// JSON for unknown routes and for failures. Errors are caught once here (Hono onError, STYLE §3.6).

import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { bodyLimit } from './body-limit.ts';
import { registerHealthRoute, type HealthProbe } from './health-route.ts';
import type { HttpEnv } from './http-env.ts';
import { MAX_REQUEST_BODY_BYTES, SELF_LIMITED_BODY_PATHS } from './http-limits.ts';
import { registerMetricsRoute, type MetricsScrape } from './metrics-route.ts';
import { requestObserver } from './request-observer.ts';
import { securityHeaders } from './security-headers.ts';

export interface HttpAppOptions {
  readonly log: Logger;
  /** This process's registry: the app records its request counts and durations there. */
  readonly metrics: MetricsRegistry;
  readonly health: HealthProbe;
  readonly scrapeMetrics: MetricsScrape;
  /** Bodies larger than this get 413 (default MAX_REQUEST_BODY_BYTES). */
  readonly maxBodyBytes?: number;
}

export function createHttpApp(options: HttpAppOptions): Hono<HttpEnv> {
  const { log } = options;
  const app = new Hono<HttpEnv>();

  app.use(requestObserver(log, options.metrics));
  app.use(securityHeaders());
  const limitBody = bodyLimit({
    maxBytes: options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES,
    onError: (c) =>
      c.json({ error: 'tooBig', maxBytes: options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES }, 413),
  });
  // JMAP uploads are larger than any other body (50 MiB): their route counts the bytes as they stream to the
  // blob store and refuses past its own limit, with JMAP's problem. Every other path gets the global limit.
  app.use((c, next) =>
    SELF_LIMITED_BODY_PATHS.some((prefix) => c.req.path.startsWith(prefix)) ? next() : limitBody(c, next),
  );

  registerHealthRoute(app, options.health);
  registerMetricsRoute(app, options.scrapeMetrics, log);

  app.notFound((c) => c.json({ error: 'notFound' }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: 'badRequest' }, error.status);
    }
    // An unexpected failure: the client gets an incident id to quote, the log gets the stack under it.
    const incident = newIncidentId();
    log.error({ err: error, incident, path: c.req.path }, 'http request failed');
    return c.json({ error: 'serverFail', incident }, 500);
  });
  return app;
}
