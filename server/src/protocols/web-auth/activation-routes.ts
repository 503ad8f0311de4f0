// POST /auth/activate {email, code, newPassword}: the person sets a new password with the activation code the
// helpdesk gave them (docs/access.md, "Helpdesk recovery"); every second factor, session and app password of
// the account ends, and they sign in as usual afterwards.
// Security: pre-authentication, hostile input: a JSON body under 64 KiB checked against a schema; throttled
// like a login; the same refusal for unknown addresses and wrong, used or expired codes; nothing secret logged.

import type { Hono } from 'hono';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '#domain/identity';
import { attemptActivation } from './activation-attempt.ts';
import { refusal } from './auth-reply.ts';
import { readBody } from './request-body.ts';
import { clientAddressOf } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const ACTIVATE = z.object({
  email: z.string().min(1).max(320),
  code: z.string().min(1).max(64),
  newPassword: z.string().max(MAX_PASSWORD_LENGTH * 4),
});

export function registerActivationRoutes(app: Hono, options: WebAuthOptions): void {
  app.post('/auth/activate', async (c) => {
    const body = await readBody(c, ACTIVATE);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    const result = await attemptActivation(options, {
      ...body.value,
      remoteAddress: clientAddressOf(c, options),
    });
    if (result.outcome === 'weakPassword') return refusal(c, 400, result.reason, result.params);
    if (result.outcome === 'refused') {
      return result.reason === 'locked'
        ? refusal(c, 429, 'loginLocked', {}, { 'Retry-After': '900' })
        : refusal(c, 401, 'invalidActivationCode');
    }
    return c.body(null, 204, { 'Cache-Control': 'no-store' });
  });
}
