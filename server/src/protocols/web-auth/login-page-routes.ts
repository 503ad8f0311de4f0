// The server-rendered login (GET/POST /login, /login/second-factor, POST /logout): the same rules as the JSON
// endpoints, for browsers without JavaScript. Forms post here only: a POST whose Origin is another site is
// refused (login CSRF), and the forms after the password carry the session's CSRF token in a hidden field.
// A second factor that needs the web app (a passkey, setting one up) sends the person there.

import type { Context, Hono } from 'hono';
import type { Locale } from '@vercors/contract';
import { csrfTokenFor, isCsrfTokenValid } from '#domain/identity';
import { requestLocale } from './auth-reply.ts';
import { codePage, PAGE_HEADERS, passwordPage, signedInPage } from './login-page.ts';
import { LOGIN_PAGE_MESSAGES } from './login-page-messages.ts';
import { attemptPasswordLogin } from './password-attempt.ts';
import { relyingPartyOf } from './relying-party.ts';
import { MAX_AUTH_BODY_BYTES } from './request-body.ts';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './session-cookie.ts';
import { clientAddressOf } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';
import { WEB_AUTH_MESSAGES } from './web-auth-messages.ts';

export function registerLoginPageRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, clock } = options;

  const html = (c: Context, status: 200 | 401 | 403 | 429, body: string, cookie?: string) =>
    c.html(body, status, cookie === undefined ? PAGE_HEADERS : { ...PAGE_HEADERS, 'Set-Cookie': cookie });

  const redirect = (c: Context, location: string, cookie?: string) =>
    c.body(null, 303, {
      Location: location,
      'Cache-Control': 'no-store',
      ...(cookie ? { 'Set-Cookie': cookie } : {}),
    });

  /** The cookie's session, if any, with its token. */
  const current = async (c: Context) => {
    const token = sessionTokenFrom(c.req.header('cookie'));
    const found = token === undefined ? undefined : await identity.resumeWebSession(token);
    return token === undefined || found === undefined ? undefined : { token, ...found };
  };

  app.get('/login', async (c) => {
    const locale = requestLocale(c);
    const found = await current(c);
    if (found?.session.state === 'pending') return redirect(c, '/login/second-factor');
    if (found !== undefined) {
      const notice = found.session.state === 'enrolment' ? LOGIN_PAGE_MESSAGES.t(locale, 'enrol') : undefined;
      return html(
        c,
        200,
        signedInPage(locale, { email: found.account.email, csrfToken: csrfTokenFor(found.token), notice }),
      );
    }
    return html(c, 200, passwordPage(locale, {}));
  });

  app.post('/login', async (c) => {
    const locale = requestLocale(c);
    if (!isSameSite(c)) return html(c, 403, passwordPage(locale, { error: message(locale, 'crossSite') }));
    const form = await readForm(c);
    const email = form?.get('email') ?? '';
    const password = form?.get('password') ?? '';
    if (
      form === undefined ||
      email === '' ||
      password === '' ||
      email.length > 320 ||
      password.length > 4096
    ) {
      return html(
        c,
        401,
        passwordPage(locale, { email: email.slice(0, 320), error: message(locale, 'invalidCredentials') }),
      );
    }
    const result = await attemptPasswordLogin(options, {
      email,
      password,
      isSharedComputer: form.get('sharedComputer') === '1',
      remoteAddress: clientAddressOf(c, options),
      userAgent: c.req.header('user-agent') ?? '',
    });
    if (result.outcome === 'refused') {
      const [status, key] =
        result.reason === 'locked'
          ? ([429, 'loginLocked'] as const)
          : result.reason === 'invalid'
            ? ([401, 'invalidCredentials'] as const)
            : ([403, 'secondFactorNotEnrolled'] as const);
      return html(c, status, passwordPage(locale, { email, error: message(locale, key) }));
    }
    const cookie = sessionCookie(result.token, result.session, clock.nowMs());
    if (result.outcome === 'secondFactor') return redirect(c, '/login/second-factor', cookie);
    if (result.outcome === 'enrol') return redirect(c, '/login', cookie);
    return redirect(c, '/', cookie);
  });

  app.get('/login/second-factor', async (c) => {
    const found = await current(c);
    if (found?.session.state !== 'pending') return redirect(c, '/login');
    return html(c, 200, codePage(requestLocale(c), { csrfToken: csrfTokenFor(found.token) }));
  });

  app.post('/login/second-factor', async (c) => {
    const locale = requestLocale(c);
    const found = await current(c);
    const form = await readForm(c);
    if (found?.session.state !== 'pending' || !isSameSite(c))
      return redirect(c, '/login', clearedSessionCookie());
    if (!isCsrfTokenValid(found.token, form?.get('csrfToken') ?? undefined)) {
      return html(
        c,
        403,
        codePage(locale, { csrfToken: csrfTokenFor(found.token), error: message(locale, 'csrf') }),
      );
    }
    const code = (form?.get('code') ?? '').slice(0, 64);
    // Six digits (spaces aside) is an app's code; anything longer is a recovery code.
    const method = /^[\d\s]{6,8}$/.test(code) ? ('totp' as const) : ('recoveryCode' as const);
    const result = await identity.completeSecondFactor(
      found.token,
      { method, code },
      {
        relyingParty: relyingPartyOf(c, options.hostname),
        remoteAddress: clientAddressOf(c, options),
      },
    );
    if (result.outcome === 'signedIn')
      return redirect(c, '/', sessionCookie(result.token, result.session, clock.nowMs()));
    if (result.reason === 'ended') {
      return html(
        c,
        401,
        passwordPage(locale, { error: message(locale, 'loginExpired') }),
        clearedSessionCookie(),
      );
    }
    return html(
      c,
      401,
      codePage(locale, { csrfToken: csrfTokenFor(found.token), error: message(locale, 'wrongCode') }),
    );
  });

  app.post('/logout', async (c) => {
    const locale = requestLocale(c);
    const found = await current(c);
    const form = await readForm(c);
    if (
      found !== undefined &&
      isSameSite(c) &&
      isCsrfTokenValid(found.token, form?.get('csrfToken') ?? undefined)
    ) {
      const actor = { accountId: found.account.id, email: found.account.email };
      await identity.endWebSession(found.token, { actor, remoteAddress: clientAddressOf(c, options) });
      return html(
        c,
        200,
        passwordPage(locale, { notice: LOGIN_PAGE_MESSAGES.t(locale, 'signedOut') }),
        clearedSessionCookie(),
      );
    }
    return redirect(c, '/login');
  });
}

function message(locale: Locale, key: Parameters<typeof WEB_AUTH_MESSAGES.t>[1]): string {
  return WEB_AUTH_MESSAGES.t(locale, key);
}

/** A form post from one of our pages: no Origin (older browsers), or one naming this host. */
export function isSameSite(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  // An opaque origin (an old page still under no-referrer, a privacy setting): the browser's own Fetch
  // Metadata, which no page can set, says whether the post comes from this site.
  if (origin === 'null') return c.req.header('sec-fetch-site') === 'same-origin';
  try {
    return new URL(origin).host === c.req.header('host');
  } catch {
    return false;
  }
}

/** A urlencoded form of at most 64 KiB; undefined for anything else. */
export async function readForm(c: Context): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
    return undefined;
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_AUTH_BODY_BYTES) return undefined;
  return new URLSearchParams(text);
}
