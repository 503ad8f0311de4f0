// The user's app passwords: list, create (after a recent password: the secret is shown once, in this answer
// only) and revoke.

import type { Hono } from 'hono';
import { z } from 'zod';
import { APP_PASSWORD_LIMITS, APP_PASSWORD_SCOPES } from '#domain/identity';
import { domainRefusal, refusal } from './auth-reply.ts';
import { appPasswordView } from './auth-views.ts';
import { readBody } from './request-body.ts';
import { callerOf, isRecentlyAuthenticated } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const NEW_APP_PASSWORD = z.object({
  name: z.string().max(APP_PASSWORD_LIMITS.maxNameLength * 4),
  scope: z.enum(APP_PASSWORD_SCOPES).optional(),
});
const NO_STORE = { 'Cache-Control': 'no-store' };

export function registerAppPasswordRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, clock } = options;

  app.get('/auth/app-passwords', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const list = await identity.listAppPasswords(found.caller.account.id);
    return c.json({ appPasswords: list.map(appPasswordView) }, 200, NO_STORE);
  });

  app.post('/auth/app-passwords', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const { caller } = found;
    if (!isRecentlyAuthenticated(caller, clock.nowMs())) return refusal(c, 403, 'reauthenticate');
    const body = await readBody(c, NEW_APP_PASSWORD);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    try {
      const created = await identity.createAppPassword(
        caller.account.id,
        { name: body.value.name, scope: body.value.scope ?? 'mail' },
        caller.origin,
      );
      return c.json(
        { appPassword: appPasswordView(created.appPassword), secret: created.secret },
        201,
        NO_STORE,
      );
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.delete('/auth/app-passwords/:id', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    try {
      await identity.revokeAppPassword(found.caller.account.id, c.req.param('id'), found.caller.origin);
    } catch (error) {
      return domainRefusal(c, error);
    }
    return c.body(null, 204, NO_STORE);
  });
}
