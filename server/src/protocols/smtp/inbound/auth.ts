// AUTH PLAIN / AUTH LOGIN (RFC 4954), submission only and only under TLS (smtp-server answers 538 before
// STARTTLS). Security: pre-auth, credentials from the network; throttled per IP and per account name
// (#domain/identity login-throttle.ts), at most MAX_AUTH_ATTEMPTS_PER_SESSION per connection; the password is never logged.

import type {
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerSession,
} from 'smtp-server';
import { setTimeout as sleep } from 'node:timers/promises';
import { newIncidentId } from '#core/ids';
import type { ProtocolLoginResult } from '#domain/identity';
import { POLICY_REPLIES } from '../error-replies.ts';
import { MAX_AUTH_ATTEMPTS_PER_SESSION } from '../limits.ts';
import { replyError } from '../smtp-reply.ts';
import type { SmtpContext } from './smtp-context.ts';

type AuthDone = (error: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void;

export function onAuth(
  context: SmtpContext,
  auth: SMTPServerAuthentication,
  session: SMTPServerSession,
  done: AuthDone,
): void {
  authenticate(context, auth, session).then(
    (userId) => done(null, { user: userId }),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
}

async function authenticate(
  context: SmtpContext,
  auth: SMTPServerAuthentication,
  session: SMTPServerSession,
): Promise<string> {
  const { throttle, metrics, log } = context;
  const state = context.sessions.get(session.id);
  if (state === undefined || context.isDraining()) throw replyError(POLICY_REPLIES.shuttingDown);
  const username = auth.username ?? '';
  const password = auth.password ?? '';

  // Attempts per connection: past the bound the client must reconnect (and meet the throttle there).
  state.authAttempts++;
  if (state.authAttempts > MAX_AUTH_ATTEMPTS_PER_SESSION) {
    metrics.auth.inc({ result: 'locked' });
    throw replyError(POLICY_REPLIES.tooManyErrors);
  }
  // Lockout, else the progressive delay, before any password work.
  const decision = throttle.check(session.remoteAddress, username);
  if (decision.isLocked) {
    metrics.auth.inc({ result: 'locked' });
    log.warn(
      { session: session.id, remote: session.remoteAddress, scope: decision.scope },
      'smtp auth locked out',
    );
    throw replyError(POLICY_REPLIES.authLocked);
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);

  let result: ProtocolLoginResult;
  try {
    result = await context.identity.verifyProtocolLogin(username, password, {
      protocol: 'smtp',
      remoteAddress: session.remoteAddress,
    });
  } catch (error) {
    const incident = newIncidentId();
    metrics.auth.inc({ result: 'error' });
    log.error({ err: error, incident, session: session.id }, 'smtp auth could not check the password');
    throw replyError(POLICY_REPLIES.authUnavailable);
  }
  if (!result.ok && result.reason !== 'invalid') {
    metrics.auth.inc({ result: 'refused' });
    log.info(
      { session: session.id, remote: session.remoteAddress, reason: result.reason },
      'smtp auth refused',
    );
    throw replyError(
      result.reason === 'scope' ? POLICY_REPLIES.appPasswordScope : POLICY_REPLIES.appPasswordRequired,
    );
  }
  if (!result.ok) {
    throttle.recordFailure(session.remoteAddress, username);
    metrics.auth.inc({ result: 'failure' });
    log.info({ session: session.id, remote: session.remoteAddress, user: username }, 'smtp auth failed');
    throw replyError(POLICY_REPLIES.authFailed);
  }
  const { account } = result;
  throttle.recordSuccess(session.remoteAddress, username);
  // Aliases decide which senders the account may use.
  const details = await context.identity.findAccount(account.email);
  const addresses = [account.email, ...(details?.aliases ?? [])].map((address) => address.toLowerCase());
  state.account = { id: account.id, email: account.email, ownAddresses: new Set(addresses) };
  metrics.auth.inc({ result: 'success' });
  log.info({ session: session.id, accountId: account.id, method: auth.method }, 'smtp auth succeeded');
  return account.id;
}
