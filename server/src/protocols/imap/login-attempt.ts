// One login attempt, for LOGIN and AUTHENTICATE alike: the throttle first (lockout, then the progressive delay),
// then the identity domain, then the per-account session limit. The password is never logged.
// Security: pre-auth, credentials from the network; refused before TLS by the commands (LOGINDISABLED).

import { setTimeout as sleep } from 'node:timers/promises';
import { newIncidentId } from '#core/ids';
import type { ProtocolLoginResult } from '#domain/identity';
import { no, ok, type CommandResult, type CommandSession, type SessionAccount } from './command.ts';
import { MAX_AUTH_FAILURES_PER_SESSION } from './session-limits.ts';

/** Failures per session, counted across LOGIN and AUTHENTICATE. */
const failures = new WeakMap<CommandSession, number>();

export async function attemptLogin(
  session: CommandSession,
  username: string,
  password: string,
): Promise<CommandResult> {
  const { throttle, identity, metrics, log } = session.context;
  const decision = throttle.check(session.remoteAddress, username);
  if (decision.isLocked) {
    metrics.logins.inc({ result: 'locked' });
    log.warn(
      { session: session.id, remote: session.remoteAddress, scope: decision.scope },
      'imap login locked out',
    );
    return no('Too many failed logins, try again later', { name: 'UNAVAILABLE' });
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);

  let result: ProtocolLoginResult;
  try {
    result = await identity.verifyProtocolLogin(username, password, {
      protocol: 'imap',
      remoteAddress: session.remoteAddress,
    });
  } catch (error) {
    const incident = newIncidentId();
    metrics.logins.inc({ result: 'error' });
    log.error({ err: error, incident, session: session.id }, 'imap login could not check the password');
    return no(`Temporary authentication failure, incident ${incident}`, { name: 'UNAVAILABLE' });
  }
  if (!result.ok && result.reason !== 'invalid') {
    // The right password of an account that must use an app password, or an app password made for
    // calendars: the user can act on it, so say what to do.
    metrics.logins.inc({ result: 'refused' });
    log.info(
      { session: session.id, remote: session.remoteAddress, reason: result.reason },
      'imap login refused',
    );
    return no(
      result.reason === 'scope'
        ? 'This app password is not for mail: create one for mail in the webmail settings'
        : 'This account needs an app password: create one in the webmail settings',
      { name: 'AUTHENTICATIONFAILED' },
    );
  }
  if (!result.ok) {
    throttle.recordFailure(session.remoteAddress, username);
    metrics.logins.inc({ result: 'failure' });
    // The fail2ban line: address and name, nothing else (docs/operations).
    log.info(
      { session: session.id, remote: session.remoteAddress, user: username.slice(0, 128) },
      'imap login failed',
    );
    const count = (failures.get(session) ?? 0) + 1;
    failures.set(session, count);
    const result = no('Invalid credentials', { name: 'AUTHENTICATIONFAILED' });
    return count >= MAX_AUTH_FAILURES_PER_SESSION ? { ...result, then: 'close' } : result;
  }
  const account: SessionAccount = result.account;
  throttle.recordSuccess(session.remoteAddress, username);
  // The session keeps what it uses of the account, not the whole row.
  if (!(await session.login({ id: account.id, email: account.email, timeZone: account.timeZone }))) {
    metrics.logins.inc({ result: 'limit' });
    return no('Too many sessions open for this account', { name: 'LIMIT' });
  }
  metrics.logins.inc({ result: 'success' });
  log.info({ session: session.id, accountId: account.id, remote: session.remoteAddress }, 'imap login');
  return ok('Logged in', { name: 'CAPABILITY', args: session.capabilities() });
}
