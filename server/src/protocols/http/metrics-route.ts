// GET /metrics: the Prometheus page of the whole node. A scrape lands on one worker, so the runtime's
// `scrape` gathers every worker's samples (labelled by worker) and the primary's; this route only serves it.

import type { Hono } from 'hono';
import type { Logger } from '#core/log';
import { PROMETHEUS_CONTENT_TYPE } from '#core/metrics';
import type { HttpEnv } from './http-env.ts';

/** Returns the page in the text format 0.0.4; rejects when it cannot be gathered. */
export type MetricsScrape = () => Promise<string>;

export function registerMetricsRoute(app: Hono<HttpEnv>, scrape: MetricsScrape, log: Logger): void {
  app.get('/metrics', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const page = await scrape();
      return c.body(page, 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
    } catch (error) {
      log.warn({ err: error }, 'metrics could not be gathered');
      return c.json({ error: 'unavailable' }, 503);
    }
  });
}
