// One login attempt, for LOGIN and AUTHENTICATE alike: the throttle first (lockout, then the progressive delay),
// then the identity domain, then the per-account session limit. The password is never logged.
// Security: pre-auth, credentials from the network; refused before TLS by the commands (LOGINDISABLED).

import { setTimeout as sleep } from 'node:timers/promises';
import { newIncidentId } from '#core/ids';
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

  let account: SessionAccount | undefined;
  try {
    account = await identity.verifyPassword(username, password);
  } catch (error) {
    const incident = newIncidentId();
    metrics.logins.inc({ result: 'error' });
    log.error({ err: error, incident, session: session.id }, 'imap login could not check the password');
    return no(`Temporary authentication failure, incident ${incident}`, { name: 'UNAVAILABLE' });
  }
  if (account === undefined) {
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
  throttle.recordSuccess(username);
  // The session keeps what it uses of the account, not the whole row.
  if (!(await session.login({ id: account.id, email: account.email, timeZone: account.timeZone }))) {
    metrics.logins.inc({ result: 'limit' });
    return no('Too many sessions open for this account', { name: 'LIMIT' });
  }
  metrics.logins.inc({ result: 'success' });
  log.info({ session: session.id, accountId: account.id, remote: session.remoteAddress }, 'imap login');
  return ok('Logged in', { name: 'CAPABILITY', args: session.capabilities() });
}
