// One password login, for the JSON endpoint and the server-rendered page alike: the shared throttle first
// (lockout, then the progressive delay), then the identity domain, then the throttle's bookkeeping and the
// fail2ban log line.

import { setTimeout as sleep } from 'node:timers/promises';
import type { PasswordLoginResult } from '#domain/identity';
import type { WebAuthOptions } from './web-auth-context.ts';

export type PasswordAttempt =
  | Exclude<PasswordLoginResult, { outcome: 'refused' }>
  | { readonly outcome: 'refused'; readonly reason: 'invalid' | 'secondFactorNotEnrolled' | 'locked' };

export async function attemptPasswordLogin(
  options: WebAuthOptions,
  input: {
    email: string;
    password: string;
    isSharedComputer: boolean;
    remoteAddress: string;
    userAgent: string;
  },
): Promise<PasswordAttempt> {
  const { identity, throttle, log } = options;
  const decision = throttle.check(input.remoteAddress, input.email);
  if (decision.isLocked) {
    log.warn({ remote: input.remoteAddress, scope: decision.scope }, 'web login locked out');
    return { outcome: 'refused', reason: 'locked' };
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  const result = await identity.loginWithPassword(input);
  if (result.outcome === 'refused' && result.reason === 'invalid') {
    throttle.recordFailure(input.remoteAddress, input.email);
    // The fail2ban line: address and name, nothing else (docs/access.md).
    log.info({ remote: input.remoteAddress, user: input.email.slice(0, 128) }, 'web login failed');
  } else if (result.outcome !== 'refused') {
    throttle.recordSuccess(input.remoteAddress, input.email);
  }
  return result;
}
