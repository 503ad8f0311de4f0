// Who is calling, for the endpoints past the login: the session cookie, resolved in the database on every
// request (a logout or a revocation applies at once), and for anything but GET the CSRF token in X-CSRF-Token.
// Routes say which session states they accept: most want an active session; setting up a second factor also
// takes the enrolment session a login gives an account that must have one.

import type { Context } from 'hono';
import {
  CSRF_HEADER,
  isCsrfTokenValid,
  WEB_SESSION_LIMITS,
  type Account,
  type WebSession,
  type WebSessionState,
} from '#domain/identity';
import { refusal } from './auth-reply.ts';
import { clearedSessionCookie, sessionTokenFrom } from './session-cookie.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

export interface Caller {
  readonly token: string;
  readonly session: WebSession;
  readonly account: Account;
  readonly remoteAddress: string;
  /** The audit origin of what the caller does to their own account. */
  readonly origin: { readonly actor: { accountId: string; email: string }; readonly remoteAddress: string };
}

export type CallerResult =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly response: Response };

export function clientAddressOf(c: Context, options: WebAuthOptions): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return options.clientAddress(incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'));
}

export async function callerOf(
  c: Context,
  options: WebAuthOptions,
  states: readonly WebSessionState[] = ['active'],
  ended: 'signedOut' | 'loginExpired' = 'signedOut',
): Promise<CallerResult> {
  const token = sessionTokenFrom(c.req.header('cookie'));
  const found = token === undefined ? undefined : await options.identity.resumeWebSession(token);
  if (token === undefined || found === undefined || !states.includes(found.session.state)) {
    return {
      ok: false,
      response: refusal(
        c,
        401,
        ended,
        {},
        token === undefined ? {} : { 'Set-Cookie': clearedSessionCookie() },
      ),
    };
  }
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD' && !isCsrfTokenValid(token, c.req.header(CSRF_HEADER))) {
    options.log.warn({ accountId: found.account.id, path: c.req.path }, 'web request without its csrf token');
    return { ok: false, response: refusal(c, 403, 'csrf') };
  }
  const remoteAddress = clientAddressOf(c, options);
  const actor = { accountId: found.account.id, email: found.account.email };
  return {
    ok: true,
    caller: {
      token,
      session: found.session,
      account: found.account,
      remoteAddress,
      origin: { actor, remoteAddress },
    },
  };
}

/** Sensitive changes need the password typed recently in this session (POST /auth/reauthenticate). */
export function isRecentlyAuthenticated(caller: Caller, nowMs: number): boolean {
  if (caller.session.state === 'enrolment') return true;
  return nowMs - caller.session.authenticatedAt.getTime() <= WEB_SESSION_LIMITS.recentAuthenticationMs;
}
