// POST /auth/login (password), then POST /auth/second-factor (a TOTP code, a recovery code or a passkey) when
// one is owed, with POST /auth/second-factor/passkey-options to start the passkey ceremony. The login is
// throttled like every other: per client address and per address typed.
// Security: pre-authentication, hostile input: bodies are JSON under 64 KiB, checked against a schema; the
// password and codes are never logged; the same refusal for unknown addresses and wrong passwords.

import type { Hono } from 'hono';
import { z } from 'zod';
import { csrfTokenFor, MAX_PASSWORD_LENGTH } from '#domain/identity';
import { refusal } from './auth-reply.ts';
import { accountView, sessionView } from './auth-views.ts';
import { attemptPasswordLogin } from './password-attempt.ts';
import { relyingPartyOf } from './relying-party.ts';
import { readBody } from './request-body.ts';
import { sessionCookie } from './session-cookie.ts';
import { callerOf, clientAddressOf } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const LOGIN = z.object({
  email: z.string().min(1).max(320),
  password: z
    .string()
    .min(1)
    .max(MAX_PASSWORD_LENGTH * 4),
  sharedComputer: z.boolean().optional(),
});

const SECOND_FACTOR = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), code: z.string().max(32) }),
  z.object({ method: z.literal('recoveryCode'), code: z.string().max(64) }),
  // The PublicKeyCredential JSON as the browser made it (an object), or its text.
  z.object({
    method: z.literal('passkey'),
    response: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
]);

const NO_STORE = { 'Cache-Control': 'no-store' };

export function registerLoginRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, clock } = options;

  app.post('/auth/login', async (c) => {
    const body = await readBody(c, LOGIN);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const { email, password } = body.value;
    const result = await attemptPasswordLogin(options, {
      email,
      password,
      isSharedComputer: body.value.sharedComputer ?? false,
      remoteAddress: clientAddressOf(c, options),
      userAgent: c.req.header('user-agent') ?? '',
    });
    if (result.outcome === 'refused') {
      if (result.reason === 'locked') return refusal(c, 429, 'loginLocked', {}, { 'Retry-After': '900' });
      if (result.reason === 'invalid') return refusal(c, 401, 'invalidCredentials');
      return refusal(c, 403, 'secondFactorNotEnrolled');
    }
    const cookie = sessionCookie(result.token, result.session, clock.nowMs());
    const csrfToken = csrfTokenFor(result.token);
    const headers = { ...NO_STORE, 'Set-Cookie': cookie };
    if (result.outcome === 'secondFactor') {
      const { factors, recoveryCodesLeft } = await identity.listSecondFactors(result.account.id);
      const methods: string[] = [...new Set(factors.map((factor) => factor.kind))];
      if (recoveryCodesLeft > 0) methods.push('recoveryCode');
      return c.json({ status: 'secondFactor', csrfToken, methods }, 200, headers);
    }
    return c.json(
      {
        status: result.outcome,
        csrfToken,
        account: accountView(result.account),
        session: sessionView(result.session, result.session.id),
      },
      200,
      headers,
    );
  });

  app.post('/auth/second-factor/passkey-options', async (c) => {
    const pending = await callerOf(c, options, ['pending'], 'loginExpired');
    if (!pending.ok) return pending.response;
    const request = await identity.passkeyLoginOptions(
      pending.caller.token,
      relyingPartyOf(c, options.hostname),
    );
    if (request === undefined) return refusal(c, 401, 'loginExpired');
    return c.json(request, 200, NO_STORE);
  });

  app.post('/auth/second-factor', async (c) => {
    const pending = await callerOf(c, options, ['pending'], 'loginExpired');
    if (!pending.ok) return pending.response;
    const body = await readBody(c, SECOND_FACTOR);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const answer =
      body.value.method === 'passkey'
        ? {
            method: 'passkey' as const,
            response:
              typeof body.value.response === 'string'
                ? body.value.response
                : JSON.stringify(body.value.response),
          }
        : body.value;
    const result = await identity.completeSecondFactor(pending.caller.token, answer, {
      relyingParty: relyingPartyOf(c, options.hostname),
      remoteAddress: pending.caller.remoteAddress,
    });
    if (result.outcome === 'refused') {
      return result.reason === 'wrong' ? refusal(c, 401, 'wrongCode') : refusal(c, 401, 'loginExpired');
    }
    return c.json(
      {
        status: 'signedIn',
        csrfToken: csrfTokenFor(result.token),
        account: accountView(result.account),
        session: sessionView(result.session, result.session.id),
        recoveryCodesLeft: result.recoveryCodesLeft ?? null,
      },
      200,
      { ...NO_STORE, 'Set-Cookie': sessionCookie(result.token, result.session, clock.nowMs()) },
    );
  });
}
