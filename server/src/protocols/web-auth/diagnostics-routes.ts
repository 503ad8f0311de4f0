// The self-service diagnostics (GET /auth/diagnostics as JSON for the web app, GET /diagnostics as a page that
// needs no JavaScript): the first step of any helpdesk call. The person's address, whether the network they
// are on is trusted, their second-factor rule and factors, their app passwords, sessions and recent logins,
// and the exact IMAP and SMTP settings for a phone. Nothing secret is in it.

import type { Context, Hono } from 'hono';
import type { Locale } from '@vercors/contract';
import type { Account, AccessSummary } from '#domain/identity';
import { requestLocale } from './auth-reply.ts';
import { appPasswordView, factorView, sessionView } from './auth-views.ts';
import { DIAGNOSTICS_MESSAGES } from './diagnostics-messages.ts';
import { escapeHtml, htmlPage, PAGE_HEADERS } from './login-page.ts';
import { callerOf } from './signed-in.ts';
import type { MailClientSettings, WebAuthOptions } from './web-auth-context.ts';

export function registerDiagnosticsRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity, mailClients } = options;

  const gather = async (c: Context) => {
    const found = await callerOf(c, options);
    if (!found.ok) return found;
    const { caller } = found;
    const summary = await identity.accessSummary(caller.account.id, caller.remoteAddress);
    return { ok: true as const, caller, summary };
  };

  app.get('/auth/diagnostics', async (c) => {
    const found = await gather(c);
    if (!found.ok) return found.response;
    const { caller, summary } = found;
    const hasFactor = summary.secondFactors.factors.length > 0;
    return c.json(
      {
        account: {
          email: caller.account.email,
          displayName: caller.account.displayName,
          status: caller.account.status,
        },
        network: { remoteAddress: caller.remoteAddress, isTrusted: summary.isTrustedNetwork },
        secondFactor: {
          rule: summary.secondFactorRule,
          factors: summary.secondFactors.factors.map(factorView),
          recoveryCodesLeft: summary.secondFactors.recoveryCodesLeft,
        },
        mailClients: { ...mailClients, userName: caller.account.email, needsAppPassword: hasFactor },
        appPasswords: summary.appPasswords.map(appPasswordView),
        sessions: summary.sessions.map((session) => sessionView(session, caller.session.id)),
        recentLogins: summary.recentLogins.map((event) => ({
          at: new Date(event.at).toISOString(),
          type: event.type,
          remoteAddress: event.remoteAddress,
          details: event.details,
        })),
      },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.get('/diagnostics', async (c) => {
    const found = await gather(c);
    if (!found.ok) return c.body(null, 303, { Location: '/login', 'Cache-Control': 'no-store' });
    const locale = requestLocale(c);
    const body = diagnosticsBody(
      locale,
      found.caller.account,
      found.caller.remoteAddress,
      found.caller.session.id,
      found.summary,
      mailClients,
    );
    return c.html(htmlPage(locale, body), 200, PAGE_HEADERS);
  });
}

function diagnosticsBody(
  locale: Locale,
  account: Account,
  remoteAddress: string,
  currentSessionId: string,
  summary: AccessSummary,
  mailClients: MailClientSettings,
): string {
  const t = (key: Parameters<typeof DIAGNOSTICS_MESSAGES.t>[1], params?: Record<string, string | number>) =>
    escapeHtml(DIAGNOSTICS_MESSAGES.t(locale, key, params));
  const when = (date: Date) =>
    new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: account.timeZone,
    }).format(date);
  const list = (items: string[]) =>
    items.length === 0
      ? `<p>${t('none')}</p>`
      : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const endpoint = (e: { host: string; port: number; security: 'tls' | 'starttls' }) =>
    `${escapeHtml(e.host)}, ${t('port', { port: e.port })}, ${t(e.security)}`;
  const rule = {
    always: t('ruleAlways'),
    'outside-trusted-networks': t('ruleOutside'),
    'when-enrolled': t('ruleWhenEnrolled'),
  }[summary.secondFactorRule];
  const factors = summary.secondFactors.factors;
  return `<h1>${t('heading')}</h1>
<p>${t('intro')}</p>
<h2>${t('account')}</h2>
<p>${escapeHtml(account.displayName)} — ${escapeHtml(account.email)}</p>
<h2>${t('network')}</h2>
<p>${t('yourAddress', { address: remoteAddress })}</p>
<p class="${summary.isTrustedNetwork ? 'notice' : 'error'}">${summary.isTrustedNetwork ? t('trusted') : t('untrusted')}</p>
<h2>${t('secondFactor')}</h2>
<p>${t('rule', { rule })}</p>
${factors.length === 0 ? `<p>${t('noFactor')}</p>` : list(factors.map((f) => `${escapeHtml(f.kind)} — ${escapeHtml(f.label)}`))}
<p>${t('recoveryCodes', { count: summary.secondFactors.recoveryCodesLeft })}</p>
<h2>${t('phone')}</h2>
<p>${t('incoming')}</p>${list(mailClients.imap.map(endpoint))}
<p>${t('outgoing')}</p>${list(mailClients.smtp.map(endpoint))}
<p>${t('userName', { email: account.email })}</p>
<p>${factors.length > 0 ? t('passwordHint') : t('passwordHintPlain')}</p>
<h2>${t('appPasswords')}</h2>
${list(
  summary.appPasswords.map(
    (p) =>
      `${escapeHtml(p.name)} (${escapeHtml(p.scope)}) — ${
        p.lastUsed === null
          ? t('neverUsed')
          : t('lastUsed', {
              at: when(p.lastUsed.at),
              address: p.lastUsed.address ?? '?',
              protocol: p.lastUsed.protocol ?? '?',
            })
      }`,
  ),
)}
<h2>${t('sessions')}</h2>
${list(
  summary.sessions.map(
    (s) =>
      `${escapeHtml(s.userAgent || '?')} — ${escapeHtml(s.remoteAddress)} — ${escapeHtml(when(s.lastSeenAt))}${s.id === currentSessionId ? ` ${t('current')}` : ''}`,
  ),
)}
<h2>${t('recent')}</h2>
${list(summary.recentLogins.map((e) => `${escapeHtml(when(new Date(e.at)))} — ${escapeHtml(e.type)} — ${escapeHtml(e.remoteAddress ?? '?')}`))}`;
}
