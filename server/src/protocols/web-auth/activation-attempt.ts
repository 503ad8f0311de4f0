// One activation with a helpdesk code, for the JSON endpoint and the server-rendered page alike: the login
// throttle every protocol shares first (a wrong code is a failed login, per client address and per address
// typed), then the identity domain, then the throttle's bookkeeping and the fail2ban log line.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Account } from '#domain/identity';
import { type PasswordRefusal, weakPasswordOf } from './password-refusal.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

export type ActivationAttempt =
  | { readonly outcome: 'activated'; readonly account: Account }
  | { readonly outcome: 'refused'; readonly reason: 'locked' | 'invalidActivationCode' }
  | {
      readonly outcome: 'weakPassword';
      readonly reason: PasswordRefusal;
      readonly params: Readonly<Record<string, string | number>>;
    };

export async function attemptActivation(
  options: WebAuthOptions,
  input: { email: string; code: string; newPassword: string; remoteAddress: string },
): Promise<ActivationAttempt> {
  const { identity, throttle, log } = options;
  const decision = throttle.check(input.remoteAddress, input.email);
  if (decision.isLocked) {
    log.warn({ remote: input.remoteAddress, scope: decision.scope }, 'web activation locked out');
    return { outcome: 'refused', reason: 'locked' };
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  let result;
  try {
    result = await identity.activateWithCode(input.email, input.code, input.newPassword, {
      remoteAddress: input.remoteAddress,
    });
  } catch (error) {
    const weak = weakPasswordOf(error);
    if (weak === undefined) throw error;
    return { outcome: 'weakPassword', ...weak };
  }
  if (result.outcome === 'refused') {
    throttle.recordFailure(input.remoteAddress, input.email);
    // The fail2ban line: address and name, nothing else (docs/access.md).
    log.info({ remote: input.remoteAddress, user: input.email.slice(0, 128) }, 'web activation failed');
    return { outcome: 'refused', reason: 'invalidActivationCode' };
  }
  throttle.recordSuccess(input.remoteAddress, input.email);
  return result;
}
