// Who a JMAP request runs as, through the identity domain and the shared login throttle:
// - the web app's session cookie; state-changing requests (POST) must also carry the CSRF token in a header;
// - HTTP Basic (RFC 7617) with the address and an app password, or the account password when the account
//   has no second factor and the policy allows it;
// - `Authorization: Bearer <app password>` (the app password names its account).
// A verified Basic or Bearer credential is remembered for a minute (keyed by a salted hash, never stored), so
// a client that sends it on every request does not pay a database read or argon2 every time; a revoked app
// password therefore stops working within that minute. Sessions are read on every request: a logout or a
// revocation applies at once.
// Security: headers are untrusted and bounded; failures are logged for fail2ban (address and name only).

import { hash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import {
  isCsrfTokenValid,
  sessionTokenFromCookies,
  WEB_SESSION_COOKIE,
  type Account,
  type IdentityService,
  type LoginThrottle,
  type ProtocolLoginResult,
} from '#domain/identity';
import { CREDENTIAL_CACHE_ENTRIES, CREDENTIAL_CACHE_TTL_MS } from './jmap-limits.ts';
import type { JmapPrincipal } from './method-context.ts';

/** What identity offers JMAP's login. */
export type JmapIdentity = Pick<
  IdentityService,
  'verifyProtocolLogin' | 'verifyBearerToken' | 'resumeWebSession'
>;

export interface AuthRequest {
  readonly authorization: string | undefined;
  readonly cookie: string | undefined;
  /** The CSRF header's value. */
  readonly csrfToken: string | undefined;
  /** GET, HEAD: a cookie alone is enough; anything else needs the CSRF token too. */
  readonly isSafeMethod: boolean;
  readonly remoteAddress: string;
}

export type AuthResult =
  | { readonly ok: true; readonly principal: JmapPrincipal }
  | {
      readonly ok: false;
      /**
       * missing: no credentials; invalid: wrong ones; locked: throttled; csrf: a session cookie without the right
       * CSRF token; appPasswordRequired / scope: a right secret that may not be used here.
       */
      readonly reason: 'missing' | 'invalid' | 'locked' | 'csrf' | 'appPasswordRequired' | 'scope';
    };

export interface JmapAuthenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
}

/** Longest Authorization or Cookie header read: credentials fit many times over. */
const MAX_HEADER_LENGTH = 8192;

export function createJmapAuthenticator(parts: {
  readonly identity: JmapIdentity;
  readonly throttle: LoginThrottle;
  readonly clock: Clock;
  readonly log: Logger;
}): JmapAuthenticator {
  const { identity, throttle, clock, log } = parts;
  const salt = randomBytes(32).toString('base64');
  const verified = new Map<string, { principal: JmapPrincipal; expiresAt: number }>();

  // One-shot hashing (a hash object per request cost more than the rest of a cached authentication); each part
  // prefixed by its length, so no two lists of parts hash the same text.
  const cacheKey = (...parts: string[]) =>
    hash('sha256', `${salt}${parts.map((part) => `${part.length}:${part}`).join('')}`, 'base64');

  const remember = (key: string, principal: JmapPrincipal) => {
    verified.delete(key);
    verified.set(key, { principal, expiresAt: clock.nowMs() + CREDENTIAL_CACHE_TTL_MS });
    // Oldest first in a Map: drop from the front once full.
    while (verified.size > CREDENTIAL_CACHE_ENTRIES) {
      const oldest = verified.keys().next().value;
      if (oldest === undefined) break;
      verified.delete(oldest);
    }
  };

  const cached = (key: string) => {
    const entry = verified.get(key);
    if (entry !== undefined && entry.expiresAt > clock.nowMs()) return entry.principal;
    if (entry !== undefined) verified.delete(key);
    return undefined;
  };

  async function bySession(token: string, request: AuthRequest): Promise<AuthResult> {
    const found = await identity.resumeWebSession(token);
    if (found === undefined || found.session.state !== 'active') return { ok: false, reason: 'invalid' };
    if (!request.isSafeMethod && !isCsrfTokenValid(token, request.csrfToken)) {
      log.warn(
        { remote: request.remoteAddress, accountId: found.account.id },
        'jmap request without its csrf token',
      );
      return { ok: false, reason: 'csrf' };
    }
    return { ok: true, principal: principalOf(found.account) };
  }

  async function bySecret(
    name: string,
    check: () => Promise<ProtocolLoginResult>,
    request: AuthRequest,
    key: string,
  ): Promise<AuthResult> {
    const hit = cached(key);
    if (hit !== undefined) return { ok: true, principal: hit };
    const decision = throttle.check(request.remoteAddress, name);
    if (decision.isLocked) {
      log.warn({ remote: request.remoteAddress, scope: decision.scope }, 'jmap login locked out');
      return { ok: false, reason: 'locked' };
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const result = await check();
    if (!result.ok) {
      if (result.reason !== 'invalid') return { ok: false, reason: result.reason };
      throttle.recordFailure(request.remoteAddress, name);
      // The fail2ban line: address and name, nothing else (docs/operations).
      log.info({ remote: request.remoteAddress, user: name.slice(0, 128) }, 'jmap login failed');
      return { ok: false, reason: 'invalid' };
    }
    throttle.recordSuccess(request.remoteAddress, name);
    const principal = principalOf(result.account);
    remember(key, principal);
    return { ok: true, principal };
  }

  return {
    async authenticate(request) {
      const loginRequest = { protocol: 'jmap', remoteAddress: request.remoteAddress } as const;
      const authorization = parseAuthorization(request.authorization);
      if (authorization?.scheme === 'basic') {
        const { username, password } = authorization;
        return bySecret(
          username,
          () => identity.verifyProtocolLogin(username, password, loginRequest),
          request,
          cacheKey('basic', username, password),
        );
      }
      if (authorization?.scheme === 'bearer') {
        const { token } = authorization;
        // A bearer token names no account: the throttle counts it under one name, "bearer".
        return bySecret(
          'bearer',
          () => identity.verifyBearerToken(token, loginRequest),
          request,
          cacheKey('bearer', token),
        );
      }
      const token = sessionTokenFromCookies(request.cookie, WEB_SESSION_COOKIE);
      if (token !== undefined) return bySession(token, request);
      return { ok: false, reason: 'missing' };
    },
  };
}

function principalOf(account: Account): JmapPrincipal {
  return { accountId: account.id, email: account.email, displayName: account.displayName };
}

type Authorization =
  | { readonly scheme: 'basic'; readonly username: string; readonly password: string }
  | { readonly scheme: 'bearer'; readonly token: string };

/** `Basic base64(user:password)`, UTF-8 (RFC 7617 §2.1), or `Bearer token` (RFC 6750 §2.1). */
function parseAuthorization(header: string | undefined): Authorization | undefined {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return undefined;
  const bearer = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(header);
  if (bearer?.[1] !== undefined) return { scheme: 'bearer', token: bearer[1] };
  const basic = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header);
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
