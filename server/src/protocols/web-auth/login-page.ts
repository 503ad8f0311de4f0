// The server-rendered login pages: plain HTML forms that work without JavaScript (an old browser, a locked-down
// school PC, a screen reader that struggles with the web app). Every value is escaped; the one style sheet is
// inline and allowed by its hash in the page's Content-Security-Policy, which allows nothing else but posting
// the forms back here.

import { createHash } from 'node:crypto';
import type { Locale } from '@vercors/contract';
import { LOGIN_PAGE_MESSAGES } from './login-page-messages.ts';

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1d2433}',
  'h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .3rem}',
  'input[type=email],input[type=password],input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}',
  'button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}',
  '.check{display:flex;gap:.5rem;align-items:flex-start;margin-top:.8rem}.check label{margin:0}',
  '.error{background:#fdecea;border-left:4px solid #c62828;padding:.6rem}',
  '.notice{background:#e8f0fe;border-left:4px solid #1a56db;padding:.6rem}',
].join('');

/** The page's Content-Security-Policy: its own style, forms posting here, nothing else. */
export const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The headers of every server-rendered page. `Referrer-Policy: same-origin` (not the site-wide no-referrer):
 * under no-referrer browsers send `Origin: null` with the forms these pages post to themselves, which the
 * cross-site check cannot tell from a forged post; links to other sites still carry no referrer.
 */
export const PAGE_HEADERS = {
  'Content-Security-Policy': LOGIN_PAGE_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function htmlPage(locale: Locale, body: string): string {
  const t = (key: 'title') => escapeHtml(LOGIN_PAGE_MESSAGES.t(locale, key));
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${t('title')}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

export function banner(kind: 'error' | 'notice', text: string | undefined): string {
  return text === undefined
    ? ''
    : `<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</p>`;
}

export function passwordPage(
  locale: Locale,
  state: { email?: string; error?: string; notice?: string },
): string {
  const t = (key: Parameters<typeof LOGIN_PAGE_MESSAGES.t>[1]) =>
    escapeHtml(LOGIN_PAGE_MESSAGES.t(locale, key));
  return htmlPage(
    locale,
    `<h1>${t('heading')}</h1>
${banner('error', state.error)}${banner('notice', state.notice)}
<form method="post" action="/login">
<label for="email">${t('email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${escapeHtml(state.email ?? '')}"${state.email ? '' : ' autofocus'}>
<label for="password">${t('password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="512"${state.email ? ' autofocus' : ''}>
<div class="check"><input id="shared" name="sharedComputer" type="checkbox" value="1"><label for="shared">${t('shared')}</label></div>
<button type="submit">${t('submit')}</button>
</form>`,
  );
}

export function codePage(locale: Locale, state: { csrfToken: string; error?: string }): string {
  const t = (key: Parameters<typeof LOGIN_PAGE_MESSAGES.t>[1]) =>
    escapeHtml(LOGIN_PAGE_MESSAGES.t(locale, key));
  return htmlPage(
    locale,
    `<h1>${t('codeHeading')}</h1>
${banner('error', state.error)}
<p>${t('codeHelp')}</p>
<form method="post" action="/login/second-factor">
<input type="hidden" name="csrfToken" value="${escapeHtml(state.csrfToken)}">
<label for="code">${t('code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64" autofocus>
<button type="submit">${t('verify')}</button>
</form>`,
  );
}

export function signedInPage(
  locale: Locale,
  state: { email: string; csrfToken: string; notice?: string },
): string {
  const t = (key: Parameters<typeof LOGIN_PAGE_MESSAGES.t>[1]) =>
    escapeHtml(LOGIN_PAGE_MESSAGES.t(locale, key));
  return htmlPage(
    locale,
    `<h1>${t('heading')}</h1>
${banner('notice', state.notice)}
<p>${escapeHtml(LOGIN_PAGE_MESSAGES.t(locale, 'signedInAs', { email: state.email }))}</p>
<p><a href="/">${t('openMail')}</a></p>
<form method="post" action="/logout">
<input type="hidden" name="csrfToken" value="${escapeHtml(state.csrfToken)}">
<button type="submit">${t('logout')}</button>
</form>`,
  );
}
