// The JMAP HTTP endpoints as one Hono app, mounted by the runtime next to the other HTTP routes: the session
// resource (also at /.well-known/jmap), the API endpoint, blob download and upload, and push. Every request is
// authenticated (jmap-auth.ts); a request too large, too parallel or malformed is refused with RFC 8620's
// problem details before any method runs.

import type { HttpBindings } from '@hono/node-server';
import { JMAP_REQUEST_ERRORS, type JmapProblem } from '@vercors/contract';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { ClientAddressResolver } from '#core/client-address';
import type { Logger } from '#core/log';
import { CSRF_HEADER } from '#domain/identity';
import { createAccountSlots, type AccountSlots } from './account-slots.ts';
import { runApiRequest } from './api-request.ts';
import { authRefusal } from './auth-refusal.ts';
import { downloadBlob } from './blob/download.ts';
import { createUploadEndpoint } from './blob/upload.ts';
import type { JmapAuthenticator } from './jmap-auth.ts';
import { JMAP_CORE_LIMITS } from './jmap-limits.ts';
import type { JmapPrincipal, JmapServices } from './method-context.ts';
import { eventStream, MAX_STREAMS_PER_ACCOUNT, parseEventSourceQuery } from './push/event-source.ts';
import { parseRequest } from './request-parse.ts';
import { MAX_WEBSOCKETS_PER_ACCOUNT } from './websocket/websocket-session.ts';
import { JMAP_PATHS, sessionResource, sessionState, SUPPORTED_CAPABILITIES } from './session-resource.ts';

type JmapEnv = { Bindings: Partial<HttpBindings>; Variables: { principal: JmapPrincipal } };

export interface JmapServiceOptions {
  readonly services: JmapServices;
  readonly authenticator: JmapAuthenticator;
  readonly log: Logger;
  /** Other sites whose pages may call the API (CORS, `jmap.cors-origins`), lower case; none by default. */
  readonly corsOrigins?: readonly string[];
  /** The client's address from the socket peer and X-Forwarded-For (`http.trusted-proxies`). */
  readonly clientAddress: ClientAddressResolver;
}

/** What the HTTP endpoints and the WebSocket share in one process: the per-account bounds. */
export interface JmapSlots {
  /** Requests in progress per account (maxConcurrentRequests). */
  readonly running: AccountSlots;
  /** Open push channels per account (event streams and pushing WebSockets). */
  readonly streams: AccountSlots;
  /** Open WebSocket connections per account, pushing or not. */
  readonly sockets: AccountSlots;
}

export function createJmapSlots(): JmapSlots {
  return {
    running: createAccountSlots(JMAP_CORE_LIMITS.maxConcurrentRequests),
    streams: createAccountSlots(MAX_STREAMS_PER_ACCOUNT),
    sockets: createAccountSlots(MAX_WEBSOCKETS_PER_ACCOUNT),
  };
}

const NO_STORE = { 'Cache-Control': 'no-cache, no-store, must-revalidate' };

export function createJmapApp(options: JmapServiceOptions & { readonly slots: JmapSlots }): Hono<JmapEnv> {
  const { services, authenticator, log } = options;
  const app = new Hono<JmapEnv>();
  const { running, streams } = options.slots;

  // CORS first: a preflight carries no credentials and is answered before authentication.
  const allowed = new Set(options.corsOrigins ?? []);
  const crossOrigin = cors({
    origin: (origin) => (allowed.has(origin.toLowerCase()) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-CSRF-Token'],
    exposeHeaders: ['Content-Disposition', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
  // Only where it can matter: a preflight, or a request from an allowed site. Hono's cors reads `c.res` before
  // the route runs, which makes every response be built twice; a request without an allowed Origin (a
  // native client, the web app on its own origin) gets nothing from it but an Expose-Headers a browser ignores
  // without Access-Control-Allow-Origin. The answer still varies with the Origin when some site is allowed.
  const corsWhereUseful = async (c: Context<JmapEnv>, next: () => Promise<void>) => {
    if (c.req.method === 'OPTIONS' || allowed.has((c.req.header('origin') ?? '').toLowerCase()))
      return crossOrigin(c, next);
    await next();
    if (allowed.size > 0) c.header('Vary', 'Origin', { append: true });
  };
  app.use('/jmap/*', corsWhereUseful);
  app.use('/.well-known/jmap', corsWhereUseful);
  app.use('/jmap/*', authenticate);
  app.use('/.well-known/jmap', authenticate);

  async function authenticate(c: Context<JmapEnv>, next: () => Promise<void>) {
    const method = c.req.method;
    const result = await authenticator.authenticate({
      authorization: c.req.header('authorization'),
      cookie: c.req.header('cookie'),
      csrfToken: c.req.header(CSRF_HEADER),
      isSafeMethod: method === 'GET' || method === 'HEAD',
      remoteAddress: options.clientAddress(
        c.env?.incoming?.socket.remoteAddress,
        c.req.header('x-forwarded-for'),
      ),
    });
    if (!result.ok) {
      const refusal = authRefusal(result.reason);
      return c.json(problemOf(refusal.type, refusal.status, refusal.detail), refusal.status, refusal.headers);
    }
    c.set('principal', result.principal);
    await next();
  }

  const session = (c: Context<JmapEnv>) =>
    c.json(sessionResource(c.get('principal'), new URL(c.req.url).origin), 200, NO_STORE);
  app.get('/.well-known/jmap', session);
  app.get(JMAP_PATHS.session, session);

  app.post(JMAP_PATHS.api, async (c) => {
    const principal = c.get('principal');
    if (!isJson(c.req.header('content-type')))
      return problem(c, JMAP_REQUEST_ERRORS.notJSON, 'Send the request as application/json.');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > JMAP_CORE_LIMITS.maxSizeRequest) return tooLarge(c);
    const body = await c.req.text();
    if (Buffer.byteLength(body) > JMAP_CORE_LIMITS.maxSizeRequest) return tooLarge(c);

    const parsed = parseRequest(body, SUPPORTED_CAPABILITIES);
    if (!parsed.ok) return c.json(parsed.problem, 400);
    if (!running.take(principal.accountId))
      return c.json(
        {
          ...problemOf(JMAP_REQUEST_ERRORS.limit, 400, 'Too many requests at once for this account.'),
          limit: 'maxConcurrentRequests',
        },
        400,
      );
    try {
      const state = sessionState(principal, new URL(c.req.url).origin);
      const response = await runApiRequest(parsed.request, {
        principal,
        services,
        log,
        sessionState: state,
      });
      return c.json(response, 200, NO_STORE);
    } finally {
      running.give(principal.accountId);
    }
  });

  const eventSource = (c: Context<JmapEnv>) => {
    const principal = c.get('principal');
    const options = parseEventSourceQuery(new URL(c.req.url).searchParams);
    if (typeof options === 'string') return c.json(problemOf('about:blank', 400, options), 400);
    if (!streams.take(principal.accountId))
      return c.json(
        problemOf('urn:vercors:error:tooManyStreams', 429, 'Too many event streams for this account.'),
        429,
      );
    const body = eventStream({
      principal,
      mail: services.mail,
      changes: services.changes,
      contacts: services.contactsJmap,
      preferences: services.preferences,
      options,
      signal: c.req.raw.signal,
      onClose: () => streams.give(principal.accountId),
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-store',
        // Reverse proxies (nginx) must pass events through as they come.
        'X-Accel-Buffering': 'no',
      },
    });
  };
  app.get('/jmap/download/:accountId/:blobId/:name', (c) =>
    downloadBlob(
      {
        accountId: c.req.param('accountId'),
        blobId: c.req.param('blobId'),
        name: c.req.param('name'),
        accept: c.req.query('accept'),
      },
      c.get('principal'),
      services.mail,
    ),
  );
  const upload = createUploadEndpoint(services.mail);
  const uploadRoute = (c: Context<JmapEnv>) =>
    upload(
      {
        accountId: c.req.param('accountId') ?? '',
        contentType: c.req.header('content-type'),
        contentLength: c.req.header('content-length'),
        body: c.req.raw.body,
        signal: c.req.raw.signal,
      },
      c.get('principal'),
    );
  // The HTTP app's body limit skips this path: the route enforces maxSizeUpload itself, while streaming.
  app.post('/jmap/upload/:accountId/', uploadRoute);
  app.post('/jmap/upload/:accountId', uploadRoute);
  app.get('/jmap/eventsource', eventSource);
  app.get('/jmap/eventsource/', eventSource);

  return app;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}

function problemOf(type: string, status: number, detail: string): JmapProblem {
  return { type, status, detail };
}

function problem(c: Context<JmapEnv>, type: string, detail: string) {
  return c.json(problemOf(type, 400, detail), 400);
}

function tooLarge(c: Context<JmapEnv>) {
  return c.json(
    {
      ...problemOf(
        JMAP_REQUEST_ERRORS.limit,
        400,
        `Requests are limited to ${JMAP_CORE_LIMITS.maxSizeRequest} bytes.`,
      ),
      limit: 'maxSizeRequest',
    },
    400,
  );
}
