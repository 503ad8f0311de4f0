// Second factors from the settings page (after a recent password) or from the enrolment session a login gives
// an account that must have one: list, set up an authenticator app or a passkey, remove one, make new recovery
// codes. Setting one up in an enrolment session signs it in, under a new cookie.

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { csrfTokenFor, type SecondFactorSetup } from '#domain/identity';
import { domainRefusal, refusal } from './auth-reply.ts';
import { factorView, sessionView } from './auth-views.ts';
import { relyingPartyOf } from './relying-party.ts';
import { readBody } from './request-body.ts';
import { sessionCookie } from './session-cookie.ts';
import { callerOf, isRecentlyAuthenticated, type Caller } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const CONFIRM_TOTP = z.object({
  enrolmentId: z.string().min(1).max(64),
  code: z.string().max(32),
  label: z.string().max(256),
});
const CONFIRM_PASSKEY = z.object({
  response: z.union([z.string(), z.record(z.string(), z.unknown())]),
  label: z.string().max(256),
});
const NO_STORE = { 'Cache-Control': 'no-store' };

export function registerSecondFactorRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, clock } = options;

  /** The caller, allowed to change factors now: an enrolment session, or an active one with a recent password. */
  async function changer(
    c: Context,
  ): Promise<{ ok: true; caller: Caller } | { ok: false; response: Response }> {
    const found = await callerOf(c, options, ['active', 'enrolment']);
    if (!found.ok) return found;
    if (!isRecentlyAuthenticated(found.caller, clock.nowMs()))
      return { ok: false, response: refusal(c, 403, 'reauthenticate') };
    return found;
  }

  const setupAnswer = (c: Context, setup: SecondFactorSetup) => {
    const headers: Record<string, string> = { ...NO_STORE };
    const body: Record<string, unknown> = {
      factor: factorView(setup.factor),
      recoveryCodes: setup.recoveryCodes ?? null,
    };
    if (setup.activated !== undefined) {
      headers['Set-Cookie'] = sessionCookie(setup.activated.token, setup.activated.session, clock.nowMs());
      body.csrfToken = csrfTokenFor(setup.activated.token);
      body.session = sessionView(setup.activated.session, setup.activated.session.id);
    }
    return c.json(body, 201, headers);
  };

  app.get('/auth/second-factors', async (c) => {
    const found = await callerOf(c, options, ['active', 'enrolment']);
    if (!found.ok) return found.response;
    const { factors, recoveryCodesLeft } = await identity.listSecondFactors(found.caller.account.id);
    return c.json({ factors: factors.map(factorView), recoveryCodesLeft }, 200, NO_STORE);
  });

  app.post('/auth/second-factors/totp', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    try {
      const enrolment = await identity.startTotpSetup(found.caller.account, options.issuer);
      return c.json(
        {
          enrolmentId: enrolment.enrolmentId,
          secret: enrolment.secret,
          otpauthUri: enrolment.otpauthUri,
          expiresAt: enrolment.expiresAt.toISOString(),
        },
        201,
        NO_STORE,
      );
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.post('/auth/second-factors/totp/confirm', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    const body = await readBody(c, CONFIRM_TOTP);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    try {
      return setupAnswer(
        c,
        await identity.confirmTotpSetup(found.caller.token, body.value, found.caller.origin),
      );
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.post('/auth/second-factors/passkey', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    try {
      const relyingParty = { ...relyingPartyOf(c, options.hostname), rpName: options.issuer };
      return c.json(await identity.startPasskeySetup(found.caller.account, relyingParty), 201, NO_STORE);
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.post('/auth/second-factors/passkey/confirm', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    const body = await readBody(c, CONFIRM_PASSKEY);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const { response, label } = body.value;
    try {
      const setup = await identity.confirmPasskeySetup(
        found.caller.token,
        { response: typeof response === 'string' ? response : JSON.stringify(response), label },
        relyingPartyOf(c, options.hostname),
        found.caller.origin,
      );
      return setupAnswer(c, setup);
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.delete('/auth/second-factors/:id', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    try {
      const removed = await identity.removeSecondFactor(
        found.caller.account.id,
        c.req.param('id'),
        found.caller.origin,
      );
      return c.json({ hasSecondFactor: removed.hasSecondFactor }, 200, NO_STORE);
    } catch (error) {
      return domainRefusal(c, error);
    }
  });

  app.post('/auth/recovery-codes', async (c) => {
    const found = await changer(c);
    if (!found.ok) return found.response;
    try {
      const codes = await identity.regenerateRecoveryCodes(found.caller.account.id, found.caller.origin);
      return c.json({ recoveryCodes: codes }, 201, NO_STORE);
    } catch (error) {
      return domainRefusal(c, error);
    }
  });
}
