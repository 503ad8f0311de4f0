// The server-rendered activation page: a plain form (address, the helpdesk's code, the new password twice) that
// works without JavaScript, and the page that says it is done. Same style sheet and Content-Security-Policy as
// the login pages (login-page.ts); every value is escaped.

import type { Locale } from '@vercors/contract';
import { ACTIVATION_PAGE_MESSAGES } from './activation-page-messages.ts';
import { banner, escapeHtml, htmlPage } from './login-page.ts';

type Key = Parameters<typeof ACTIVATION_PAGE_MESSAGES.t>[1];

export function activationPage(
  locale: Locale,
  state: { email?: string; code?: string; error?: string },
): string {
  const t = (key: Key, params?: Record<string, string | number>) =>
    escapeHtml(ACTIVATION_PAGE_MESSAGES.t(locale, key, params));
  const email = state.email ?? '';
  return htmlPage(
    locale,
    `<h1>${t('heading')}</h1>
${banner('error', state.error)}
<p>${t('help')}</p>
<form method="post" action="/activate">
<label for="email">${t('email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${escapeHtml(email)}"${email ? '' : ' autofocus'}>
<label for="code">${t('code')}</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required maxlength="64" value="${escapeHtml(state.code ?? '')}"${email ? ' autofocus' : ''}>
<label for="newPassword">${t('newPassword')}</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required maxlength="512">
<label for="confirm">${t('confirm')}</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="512">
<button type="submit">${t('submit')}</button>
</form>`,
  );
}

export function activatedPage(locale: Locale, state: { email: string }): string {
  const t = (key: Key, params?: Record<string, string | number>) =>
    escapeHtml(ACTIVATION_PAGE_MESSAGES.t(locale, key, params));
  return htmlPage(
    locale,
    `<h1>${t('doneHeading')}</h1>
${banner('notice', ACTIVATION_PAGE_MESSAGES.t(locale, 'done', { email: state.email }))}
<p>${t('doneSecondFactor')}</p>
<p><a href="/login">${t('signIn')}</a></p>`,
  );
}
