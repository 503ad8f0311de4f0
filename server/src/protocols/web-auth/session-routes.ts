// The signed-in session: who am I (GET /auth/session, also the way the web app learns its CSRF token after a
// reload), log out, type the password again before a sensitive change, change the password, and the list of
// sessions with "end this one" and "end all the others".

import type { Hono } from 'hono';
import { z } from 'zod';
import { csrfTokenFor, MAX_PASSWORD_LENGTH } from '#domain/identity';
import { domainRefusal, refusal } from './auth-reply.ts';
import { accountView, sessionView } from './auth-views.ts';
import { weakPasswordOf } from './password-refusal.ts';
import { readBody } from './request-body.ts';
import { clearedSessionCookie } from './session-cookie.ts';
import { callerOf } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const PASSWORD = z.object({
  password: z
    .string()
    .min(1)
    .max(MAX_PASSWORD_LENGTH * 4),
});
const PASSWORD_CHANGE = z.object({
  currentPassword: PASSWORD.shape.password,
  newPassword: PASSWORD.shape.password,
});
const NO_STORE = { 'Cache-Control': 'no-store' };

export function registerSessionRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, throttle, log } = options;

  app.get('/auth/session', async (c) => {
    const found = await callerOf(c, options, ['active', 'enrolment']);
    if (!found.ok) return found.response;
    const { caller } = found;
    return c.json(
      {
        status: caller.session.state === 'active' ? 'signedIn' : 'enrol',
        csrfToken: csrfTokenFor(caller.token),
        account: accountView(caller.account),
        session: sessionView(caller.session, caller.session.id),
        isTrustedNetwork: await identity.isTrustedAddress(caller.remoteAddress),
      },
      200,
      NO_STORE,
    );
  });

  app.post('/auth/logout', async (c) => {
    const found = await callerOf(c, options, ['active', 'enrolment', 'pending']);
    if (!found.ok) return found.response;
    await identity.endWebSession(found.caller.token, found.caller.origin);
    return c.body(null, 204, { ...NO_STORE, 'Set-Cookie': clearedSessionCookie() });
  });

  app.post('/auth/reauthenticate', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const body = await readBody(c, PASSWORD);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const { caller } = found;
    const decision = throttle.check(caller.remoteAddress, caller.account.email);
    if (decision.isLocked) return refusal(c, 429, 'loginLocked', {}, { 'Retry-After': '900' });
    if (!(await identity.reauthenticate(caller.token, body.value.password))) {
      throttle.recordFailure(caller.remoteAddress, caller.account.email);
      log.info({ remote: caller.remoteAddress, user: caller.account.email }, 'web reauthentication failed');
      return refusal(c, 401, 'wrongPassword');
    }
    return c.body(null, 204, NO_STORE);
  });

  app.post('/auth/password', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const body = await readBody(c, PASSWORD_CHANGE);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const { caller } = found;
    const decision = throttle.check(caller.remoteAddress, caller.account.email);
    if (decision.isLocked) return refusal(c, 429, 'loginLocked', {}, { 'Retry-After': '900' });
    let outcome: 'changed' | 'wrongPassword';
    try {
      outcome = await identity.changeOwnPassword(
        caller.account.id,
        body.value.currentPassword,
        body.value.newPassword,
        caller.session.id,
        caller.origin,
      );
    } catch (error) {
      // The new password breaks the policy: the refusal names the rule (passwordTooShort…).
      const weak = weakPasswordOf(error);
      if (weak === undefined) throw error;
      return refusal(c, 400, weak.reason, weak.params);
    }
    if (outcome === 'wrongPassword') {
      throttle.recordFailure(caller.remoteAddress, caller.account.email);
      log.info({ remote: caller.remoteAddress, user: caller.account.email }, 'web password change failed');
      return refusal(c, 401, 'wrongPassword');
    }
    return c.body(null, 204, NO_STORE);
  });

  app.get('/auth/sessions', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const { caller } = found;
    const sessions = await identity.listWebSessions(caller.account.id);
    return c.json(
      { sessions: sessions.map((session) => sessionView(session, caller.session.id)) },
      200,
      NO_STORE,
    );
  });

  app.delete('/auth/sessions/:id', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const { caller } = found;
    try {
      await identity.revokeWebSession(caller.account.id, c.req.param('id'), caller.origin);
    } catch (error) {
      return domainRefusal(c, error);
    }
    const isCurrent = c.req.param('id') === caller.session.id;
    return c.body(null, 204, isCurrent ? { ...NO_STORE, 'Set-Cookie': clearedSessionCookie() } : NO_STORE);
  });

  app.post('/auth/sessions/end-others', async (c) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found.response;
    const { caller } = found;
    const ended = await identity.revokeAllWebSessions(caller.account.id, caller.origin, caller.session.id);
    return c.json({ ended }, 200, NO_STORE);
  });
}
