// The identity endpoints of the web app, as one Hono app mounted by the runtime next to JMAP: login with the
// second factor, the session, app passwords and second factors, as JSON (refusals carry a stable `error` and a
// `message` in the person's language), and the server-rendered login pages for browsers without JavaScript.
// docs/access.md describes each endpoint.

import { Hono } from 'hono';
import { registerAppPasswordRoutes } from './app-password-routes.ts';
import { registerLoginPageRoutes } from './login-page-routes.ts';
import { registerLoginRoutes } from './login-routes.ts';
import { registerSecondFactorRoutes } from './second-factor-routes.ts';
import { registerSessionRoutes } from './session-routes.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

export function createWebAuthApp(options: WebAuthOptions): Hono {
  const app = new Hono();
  registerLoginRoutes(app, options);
  registerSessionRoutes(app, options);
  registerAppPasswordRoutes(app, options);
  registerSecondFactorRoutes(app, options);
  registerLoginPageRoutes(app, options);
  return app;
}
