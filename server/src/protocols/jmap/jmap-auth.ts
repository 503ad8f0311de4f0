// Who a JMAP request runs as. HTTP Basic with the account's address and password (RFC 7617) for now, through
// the identity domain and the shared login throttle; the web session cookie and app passwords (identity
// issue) will be added here. A verified password is remembered for a minute (keyed by a salted hash, never
// stored), so a client that sends Basic on every request does not pay argon2 every time.
// Security: the header is untrusted and bounded; failures are logged for fail2ban (address and name only).

import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Account, LoginThrottle } from '#domain/identity';
import { CREDENTIAL_CACHE_ENTRIES, CREDENTIAL_CACHE_TTL_MS } from './jmap-limits.ts';
import type { JmapPrincipal } from './method-context.ts';

/** What identity offers JMAP's login. */
export interface JmapIdentity {
  verifyPassword(email: string, password: string): Promise<Account | undefined>;
}

export type AuthResult =
  | { readonly ok: true; readonly principal: JmapPrincipal }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'locked' };

export interface JmapAuthenticator {
  authenticate(authorization: string | undefined, remoteAddress: string): Promise<AuthResult>;
}

/** Longest Authorization header read: an address and a password fit many times over. */
const MAX_AUTHORIZATION_LENGTH = 4096;

export function createJmapAuthenticator(parts: {
  readonly identity: JmapIdentity;
  readonly throttle: LoginThrottle;
  readonly clock: Clock;
  readonly log: Logger;
}): JmapAuthenticator {
  const { identity, throttle, clock, log } = parts;
  const salt = randomBytes(32);
  const verified = new Map<string, { principal: JmapPrincipal; expiresAt: number }>();

  const cacheKey = (username: string, password: string) =>
    createHash('sha256').update(salt).update(username).update('\0').update(password).digest('base64');

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

  return {
    async authenticate(authorization, remoteAddress) {
      const credentials = basicCredentials(authorization);
      if (credentials === undefined) return { ok: false, reason: 'missing' };
      const { username, password } = credentials;
      const key = cacheKey(username, password);
      const cached = verified.get(key);
      if (cached !== undefined && cached.expiresAt > clock.nowMs())
        return { ok: true, principal: cached.principal };
      if (cached !== undefined) verified.delete(key);

      const decision = throttle.check(remoteAddress, username);
      if (decision.isLocked) {
        log.warn({ remote: remoteAddress, scope: decision.scope }, 'jmap login locked out');
        return { ok: false, reason: 'locked' };
      }
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      const account = await identity.verifyPassword(username, password);
      if (account === undefined) {
        throttle.recordFailure(remoteAddress, username);
        // The fail2ban line: address and name, nothing else (docs/operations).
        log.info({ remote: remoteAddress, user: username.slice(0, 128) }, 'jmap login failed');
        return { ok: false, reason: 'invalid' };
      }
      throttle.recordSuccess(username);
      const principal = { accountId: account.id, email: account.email, displayName: account.displayName };
      remember(key, principal);
      return { ok: true, principal };
    },
  };
}

/** `Basic base64(user:password)`, UTF-8 (RFC 7617 §2.1); undefined when absent or malformed. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
