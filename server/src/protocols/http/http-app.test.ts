import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { createMetricsRegistry, renderPrometheus } from '#core/metrics';
import { createHttpApp, type HttpAppOptions } from './http-app.ts';
import type { HealthProbe, HealthReport, ListenerStatus } from './health-route.ts';

const UP: ListenerStatus = { name: 'http', address: '127.0.0.1:8080', isUp: true };

/** A log that keeps its lines, to check what is (not) written. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

function app(over: { probe?: Partial<HealthProbe>; options?: Partial<HttpAppOptions> } = {}) {
  const { log, lines } = capturedLog();
  const metrics = createMetricsRegistry();
  const probe: HealthProbe = {
    version: '1.2.3',
    worker: { slot: 2, pid: 4242 },
    listeners: () => [UP],
    storage: { dialect: 'sqlite', ping: async () => {} },
    ...over.probe,
  };
  const http = createHttpApp({
    log,
    metrics,
    health: probe,
    scrapeMetrics: async () => renderPrometheus(await metrics.collect()),
    ...over.options,
  });
  return { http, metrics, lines };
}

describe('HTTP app', () => {
  test('GET /health is 200 with every listener and the storage up', async () => {
    const { http } = app();
    const response = await http.request('/health');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as HealthReport;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '1.2.3');
    assert.equal(body.pid, 4242);
    assert.equal(body.worker, 2);
    assert.deepEqual(body.listeners, [UP]);
    assert.equal(body.storage.dialect, 'sqlite');
    assert.equal(body.storage.isUp, true);
    assert.equal(typeof body.storage.latencyMs, 'number');
    assert.equal(body.storage.error, undefined);
  });

  test('GET /health is 503 degraded when the storage fails, with its error', async () => {
    const { http } = app({
      probe: {
        storage: {
          dialect: 'postgres',
          ping: () => Promise.reject(new Error('connection refused')),
        },
      },
    });
    const response = await http.request('/health');
    assert.equal(response.status, 503);
    const body = (await response.json()) as HealthReport;
    assert.equal(body.status, 'degraded');
    assert.deepEqual(
      { isUp: body.storage.isUp, error: body.storage.error },
      { isUp: false, error: 'connection refused' },
    );
  });

  test('GET /health is 503 when the storage does not answer in time', { timeout: 10_000 }, async () => {
    const { http } = app({ probe: { storage: { dialect: 'sqlite', ping: () => new Promise(() => {}) } } });
    const started = Date.now();
    const response = await http.request('/health');
    assert.equal(response.status, 503);
    assert.match(((await response.json()) as HealthReport).storage.error ?? '', /no answer within/);
    assert.ok(Date.now() - started < 5_000);
  });

  test('GET /health is 503 when a listener is down', async () => {
    const { http } = app({
      probe: { listeners: () => [UP, { name: 'https', address: '127.0.0.1:8443', isUp: false }] },
    });
    assert.equal((await http.request('/health')).status, 503);
  });

  test('GET /metrics is the Prometheus text page and counts requests by matched route', async () => {
    const { http } = app();
    await http.request('/health');
    await http.request('/no/such/page?token=secret');
    const response = await http.request('/metrics');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    assert.match(text, /vercors_http_requests_total\{method="GET",route="\/health",status="200"\} 1/);
    assert.match(text, /vercors_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    assert.match(
      text,
      /vercors_http_request_duration_seconds_bucket\{method="GET",route="\/health",le="\+Inf"\} 1/,
    );
    assert.doesNotMatch(text, /no\/such/);
  });

  test('GET /metrics is 503 when the node page cannot be gathered', async () => {
    const { http } = app({
      options: {
        scrapeMetrics: () => Promise.reject(new Error('primary gone')),
      },
    });
    assert.equal((await http.request('/metrics')).status, 503);
  });

  test('an unknown route is a JSON 404', async () => {
    const { http } = app();
    const response = await http.request('/nothing-here');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { error: 'notFound' });
  });

  test('every response carries the security headers, errors included', async () => {
    const { http } = app();
    for (const path of ['/health', '/nothing-here']) {
      const headers = (await http.request(path)).headers;
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('referrer-policy'), 'no-referrer');
      assert.equal(headers.get('x-frame-options'), 'DENY');
      assert.equal(
        headers.get('content-security-policy'),
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      // Plain HTTP: no HSTS (browsers ignore it there, and a proxy may add its own).
      assert.equal(headers.get('strict-transport-security'), null);
    }
  });

  test('a body over the limit is refused with 413 before any route reads it', async () => {
    const { http } = app({ options: { maxBodyBytes: 16 } });
    const response = await http.request('/health', {
      method: 'POST',
      body: 'x'.repeat(17),
      headers: { 'content-length': '17' },
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: string }).error, 'tooBig');
  });

  test('a chunked body is counted as it streams; one within its declared length goes on', async () => {
    const { http } = app({ options: { maxBodyBytes: 16 } });
    const chunked = (text: string) =>
      http.request('/nothing-here', {
        method: 'POST',
        body: new ReadableStream({
          start(controller) {
            for (const part of [text.slice(0, 8), text.slice(8)])
              controller.enqueue(new TextEncoder().encode(part));
            controller.close();
          },
        }),
        headers: { 'transfer-encoding': 'chunked' },
        duplex: 'half',
      } as RequestInit);
    assert.equal((await chunked('x'.repeat(40))).status, 413);
    // Past the limit check, the path is unknown: the body was let through.
    assert.equal((await chunked('x'.repeat(12))).status, 404);
    const declared = await http.request('/nothing-here', {
      method: 'POST',
      body: 'x'.repeat(16),
      headers: { 'content-length': '16' },
    });
    assert.equal(declared.status, 404);
  });

  test('JMAP upload paths skip the global body limit: their route enforces its own', async () => {
    const { http } = app({ options: { maxBodyBytes: 16 } });
    const post = (path: string) =>
      http.request(path, { method: 'POST', body: 'x'.repeat(17), headers: { 'content-length': '17' } });
    // No JMAP app is mounted here: past the limit check, the path is simply unknown.
    for (const path of ['/jmap/upload/a1/', '/jmap/upload/a1']) assert.equal((await post(path)).status, 404);
    for (const path of ['/jmap/api', '/jmap/uploads', '/jmap/upload'])
      assert.equal((await post(path)).status, 413);
  });

  test('requests are logged with method, route, status and duration, without query or headers', async () => {
    const { http, lines } = app();
    await http.request('/missing?password=hunter2', { headers: { authorization: 'Bearer abc' } });
    const line = lines.find((entry) => entry.msg === 'http request');
    assert.ok(line);
    assert.equal(line.path, '/missing');
    assert.equal(line.route, 'unmatched');
    assert.equal(line.status, 404);
    assert.equal(typeof line.durationMs, 'number');
    assert.doesNotMatch(JSON.stringify(lines), /hunter2|Bearer abc/);
  });

  test('an unexpected failure is a JSON 500 with an incident id that is also logged', async () => {
    const { http, lines } = app({
      probe: {
        listeners: () => {
          throw new Error('boom');
        },
      },
    });
    const response = await http.request('/health');
    assert.equal(response.status, 500);
    const body = (await response.json()) as { error: string; incident: string };
    assert.equal(body.error, 'serverFail');
    assert.match(body.incident, /^[0-9a-f]{12}$/);
    assert.ok(lines.some((entry) => entry.incident === body.incident && entry.level === 50));
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });
});
