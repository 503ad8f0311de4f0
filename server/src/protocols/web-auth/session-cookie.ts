// The session cookie's attributes: Secure, HttpOnly, SameSite=Lax, on `/` without Domain (the `__Host-`
// prefix requires all of it). A persistent session's cookie lasts until the session's absolute end; a shared
// computer's, and a login still owing its second factor, last until the browser closes.

import { sessionTokenFromCookies, WEB_SESSION_COOKIE, type WebSession } from '#domain/identity';

export function sessionCookie(token: string, session: WebSession, nowMs: number): string {
  const base = `${WEB_SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax`;
  if (session.isSharedComputer || session.state !== 'active') return base;
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - nowMs) / 1000));
  return `${base}; Max-Age=${maxAge}`;
}

export function clearedSessionCookie(): string {
  return `${WEB_SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
}

export function sessionTokenFrom(header: string | undefined): string | undefined {
  return sessionTokenFromCookies(header, WEB_SESSION_COOKIE);
}
