// The request body limit (413 past `maxBytes`) without the cost of Hono's bodyLimit on every request: that
// middleware reads `c.req.raw.body`, which makes @hono/node-server build a web Request and a web stream over
// the socket for each request (a third of a small JMAP call's CPU), and the route then reads the body through
// that stream rather than straight from the socket. Here a request that declares its length (every browser and
// JMAP client does) is judged by the header: Node's parser never reads past Content-Length. One without a
// body (neither header, RFC 9112 §6.3) passes. Only a chunked body goes through Hono's counting stream.

import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';

export function bodyLimit(options: {
  readonly maxBytes: number;
  readonly onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  const counting = countingBodyLimit({ maxSize: options.maxBytes, onError: options.onError });
  return async (c: Context, next: Next) => {
    if (c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    const declared = c.req.header('content-length');
    if (declared === undefined) return next();
    return Number(declared) > options.maxBytes ? options.onError(c) : next();
  };
}
