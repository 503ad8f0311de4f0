// Who a DAV request runs as: HTTP Basic (RFC 7617) with the address and an app password of scope dav or all,
// or the account password when the account has no second factor and the policy allows it — checked by the
// identity domain (verifyProtocolLogin, protocol 'dav') behind the shared login throttle. A verified
// credential is remembered for a minute (keyed by a salted hash, never stored): CardDAV clients send it on
// every request, and a revoked app password therefore stops working within that minute.
// Security: headers are untrusted and bounded; failures are logged for fail2ban (address and name only).

import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { IdentityService, LoginThrottle } from '#domain/identity';
import type { DavPrincipal } from './collection-provider.ts';
import { DAV_LIMITS } from './dav-limits.ts';

export type DavIdentity = Pick<IdentityService, 'verifyProtocolLogin'>;

export type DavAuthResult =
  | { readonly ok: true; readonly principal: DavPrincipal }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'invalid' | 'locked' | 'appPasswordRequired' | 'scope';
    };

export interface DavAuthenticator {
  authenticate(authorization: string | undefined, remoteAddress: string): Promise<DavAuthResult>;
}

/** Longest Authorization header read: credentials fit many times over. */
const MAX_HEADER_LENGTH = 8192;

export function createDavAuthenticator(parts: {
  readonly identity: DavIdentity;
  readonly throttle: LoginThrottle;
  readonly clock: Clock;
  readonly log: Logger;
}): DavAuthenticator {
  const { identity, throttle, clock, log } = parts;
  const salt = randomBytes(32);
  const verified = new Map<string, { principal: DavPrincipal; expiresAt: number }>();
  const keyOf = (username: string, password: string) =>
    createHash('sha256').update(salt).update(username).update('\0').update(password).digest('base64');

  return {
    async authenticate(authorization, remoteAddress) {
      const credentials = parseBasic(authorization);
      if (credentials === undefined) return { ok: false, reason: 'missing' };
      const { username, password } = credentials;
      const key = keyOf(username, password);
      const hit = verified.get(key);
      if (hit !== undefined && hit.expiresAt > clock.nowMs()) return { ok: true, principal: hit.principal };
      if (hit !== undefined) verified.delete(key);

      const decision = throttle.check(remoteAddress, username);
      if (decision.isLocked) {
        log.warn({ remote: remoteAddress, scope: decision.scope }, 'dav login locked out');
        return { ok: false, reason: 'locked' };
      }
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      const result = await identity.verifyProtocolLogin(username, password, {
        protocol: 'dav',
        remoteAddress,
      });
      if (!result.ok) {
        if (result.reason !== 'invalid') return { ok: false, reason: result.reason };
        throttle.recordFailure(remoteAddress, username);
        // The fail2ban line: address and name, nothing else (docs/operations).
        log.info({ remote: remoteAddress, user: username.slice(0, 128) }, 'dav login failed');
        return { ok: false, reason: 'invalid' };
      }
      throttle.recordSuccess(remoteAddress, username);
      const principal: DavPrincipal = {
        accountId: result.account.id,
        email: result.account.email,
        displayName: result.account.displayName,
        locale: result.account.locale,
      };
      verified.set(key, { principal, expiresAt: clock.nowMs() + DAV_LIMITS.credentialCacheTtlMs });
      // Oldest first in a Map: drop from the front once full.
      while (verified.size > DAV_LIMITS.credentialCacheEntries) {
        const oldest = verified.keys().next().value;
        if (oldest === undefined) break;
        verified.delete(oldest);
      }
      return { ok: true, principal };
    },
  };
}

/** `Basic base64(user:password)`, UTF-8 (RFC 7617 §2.1). */
function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return undefined;
  const basic = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header);
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
