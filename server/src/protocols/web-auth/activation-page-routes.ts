// GET/POST /activate: the activation with a helpdesk code as a plain form, for browsers without JavaScript and
// for the person the helpdesk sends a link to on the phone (`/activate?email=…`). The same rules as
// POST /auth/activate; a form posted from another site (its Origin names another host) is refused.

import type { Context, Hono } from 'hono';
import type { Locale } from '@vercors/contract';
import { attemptActivation } from './activation-attempt.ts';
import { ACTIVATION_PAGE_MESSAGES } from './activation-page-messages.ts';
import { activatedPage, activationPage } from './activation-page.ts';
import { requestLocale } from './auth-reply.ts';
import { PAGE_HEADERS } from './login-page.ts';
import { isSameSite, readForm } from './login-page-routes.ts';
import { clientAddressOf } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';
import { WEB_AUTH_MESSAGES } from './web-auth-messages.ts';

export function registerActivationPageRoutes(app: Hono, options: WebAuthOptions): void {
  const html = (c: Context, status: 200 | 400 | 401 | 403 | 429, body: string) =>
    c.html(body, status, PAGE_HEADERS);

  app.get('/activate', (c) => {
    const email = (c.req.query('email') ?? '').slice(0, 320);
    return html(c, 200, activationPage(requestLocale(c), { email }));
  });

  app.post('/activate', async (c) => {
    const locale = requestLocale(c);
    const refuse = (status: 400 | 401 | 403 | 429, error: string, email = '', code = '') =>
      html(c, status, activationPage(locale, { email, code, error }));
    if (!isSameSite(c)) return refuse(403, message(locale, 'crossSite'));
    const form = await readForm(c);
    const field = (name: string, max: number) => (form?.get(name) ?? '').slice(0, max);
    const email = field('email', 320);
    const code = field('code', 64);
    const newPassword = field('newPassword', 4096);
    if (email === '' || code === '' || newPassword === '') {
      return refuse(400, ACTIVATION_PAGE_MESSAGES.t(locale, 'missing'), email, code);
    }
    if (newPassword !== field('confirm', 4096)) {
      return refuse(400, ACTIVATION_PAGE_MESSAGES.t(locale, 'passwordsDiffer'), email, code);
    }
    const result = await attemptActivation(options, {
      email,
      code,
      newPassword,
      remoteAddress: clientAddressOf(c, options),
    });
    if (result.outcome === 'weakPassword') {
      return refuse(400, message(locale, result.reason, result.params), email, code);
    }
    if (result.outcome === 'refused') {
      // A wrong code is not shown back: the person types it again, from the helpdesk's words.
      return result.reason === 'locked'
        ? refuse(429, message(locale, 'loginLocked'), email)
        : refuse(401, message(locale, 'invalidActivationCode'), email);
    }
    return html(c, 200, activatedPage(locale, { email: result.account.email }));
  });
}

function message(
  locale: Locale,
  key: Parameters<typeof WEB_AUTH_MESSAGES.t>[1],
  params?: Readonly<Record<string, string | number>>,
): string {
  return WEB_AUTH_MESSAGES.t(locale, key, params);
}
