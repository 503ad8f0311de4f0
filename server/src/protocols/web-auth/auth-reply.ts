// Answers of the login endpoints: `{error, message}` in the person's language for refusals (the web app shows
// the message, and may act on the stable code), the locale taken from the request, and DomainErrors mapped
// once.

import type { Context } from 'hono';
import type { Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { WEB_AUTH_MESSAGES, type WebAuthMessage } from './web-auth-messages.ts';

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

/** French unless the browser prefers English (the first of fr/en in Accept-Language). */
export function requestLocale(c: Context): Locale {
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.slice(0, 256).split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'fr';
}

export function refusal(
  c: Context,
  status: RefusalStatus,
  error: WebAuthMessage,
  params: Readonly<Record<string, string | number>> = {},
  headers: Readonly<Record<string, string>> = {},
) {
  const message = WEB_AUTH_MESSAGES.t(requestLocale(c), error, params);
  return c.json({ error, message }, status, { 'Cache-Control': 'no-store', ...headers });
}

/** A domain refusal as its answer; anything else is thrown on to the app's error handler. */
export function domainRefusal(c: Context, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  const reason = String(error.details.reason ?? error.code);
  switch (error.code) {
    case 'notFound':
      return refusal(c, 404, 'notFound');
    case 'forbidden':
      return refusal(c, 403, 'forbidden');
    case 'exists':
      return refusal(c, 409, 'exists');
    case 'inUse':
      return refusal(c, 409, 'inUse', { count: error.details.count ?? '' });
    case 'limit':
      return refusal(c, 409, 'limit', { max: error.details.max ?? '' });
    case 'tooBig':
      return refusal(c, 413, 'tooBig');
    case 'invalid':
      return reason === 'wrongCode'
        ? refusal(c, 400, 'wrongCode')
        : refusal(c, 400, 'badRequest', { detail: reason });
    default:
      throw error;
  }
}
