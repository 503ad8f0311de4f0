// The identity endpoints of the web app, as one Hono app mounted by the runtime next to JMAP: login with the
// second factor, the session, app passwords and second factors, activation with a helpdesk code and the
// helpdesk's own endpoints, as JSON (refusals carry a stable `error` and a `message` in the person's language),
// and the server-rendered login and activation pages for browsers without JavaScript.
// docs/access.md describes each endpoint.

import { Hono } from 'hono';
import { registerActivationPageRoutes } from './activation-page-routes.ts';
import { registerActivationRoutes } from './activation-routes.ts';
import { registerAdminAccountRoutes } from './admin-account-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerAppPasswordRoutes } from './app-password-routes.ts';
import { registerDiagnosticsRoutes } from './diagnostics-routes.ts';
import { registerHelpdeskRoutes } from './helpdesk-routes.ts';
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
  registerDiagnosticsRoutes(app, options);
  registerAdminRoutes(app, options);
  registerAdminAccountRoutes(app, options);
  registerActivationRoutes(app, options);
  registerActivationPageRoutes(app, options);
  registerHelpdeskRoutes(app, options);
  return app;
}
