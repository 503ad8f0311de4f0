// The Hono environment of the HTTP service: the Node request and response under @hono/node-server,
// absent under `app.request()` in tests.

import type { HttpBindings } from '@hono/node-server';

export type HttpEnv = { Bindings: Partial<HttpBindings> };
