// The web login with a password: checks it, decides from the role's rule, the network and the enrolled factors
// whether a second factor is owed, and starts the matching session (active, pending or enrolment). Every
// outcome is audited, and signing in counts as the account's activity (account-activity.ts). Throttling is
// the HTTP layer's, with the login throttle every protocol shares.

import { recordAuditEvent, type AuditEventInput } from '#domain/audit';
import type { Account, AccountRole } from './account.ts';
import { recordActivity } from './account-activity.ts';
import { wasRecoveredSince } from './activation-codes.ts';
import { resolveAddress } from './account-lookups.ts';
import { toAddress } from './addresses.ts';
import type { IdentityContext } from './identity-context.ts';
import type { PasswordOperations } from './passwords.ts';
import { isSecondFactorRequired, secondFactorRuleFor } from './second-factor-rule.ts';
import { hasSecondFactor } from './second-factor/index.ts';
import { isTrustedAddress } from './trusted-networks.ts';
import type { WebSession } from './web-session.ts';
import type { WebSessionOperations } from './web-sessions.ts';

export interface PasswordLogin {
  readonly email: string;
  readonly password: string;
  readonly isSharedComputer: boolean;
  readonly remoteAddress: string;
  readonly userAgent: string;
}

export type PasswordLoginResult =
  | {
      /** signedIn: done; secondFactor: a factor is owed (pending session); enrol: set one up first. */
      readonly outcome: 'signedIn' | 'secondFactor' | 'enrol';
      readonly token: string;
      readonly session: WebSession;
      readonly account: Account;
    }
  | {
      readonly outcome: 'refused';
      /**
       * invalid: wrong address or password, or an account that may not log in (never says which);
       * secondFactorNotEnrolled: a second factor is required here and the account has none — set one up from an
       * establishment's network, or ask the helpdesk.
       */
      readonly reason: 'invalid' | 'secondFactorNotEnrolled';
    };

export interface WebLoginOperations {
  loginWithPassword(input: PasswordLogin): Promise<PasswordLoginResult>;
}

export function webLoginOperations(
  context: IdentityContext,
  passwords: Pick<PasswordOperations, 'verifyPassword'>,
  sessions: Pick<WebSessionOperations, 'startWebSession'>,
): WebLoginOperations {
  const { database, clock, settings, log } = context;

  const audit = async (event: AuditEventInput) => {
    await database.write((tx) => recordAuditEvent(tx, clock, event));
  };

  return {
    async loginWithPassword(input) {
      const account = await passwords.verifyPassword(input.email, input.password);
      if (account === undefined) {
        const address = toAddress(input.email);
        const known = address ? await resolveAddress(database.db, address.address) : undefined;
        // Written after the answer: a write here only for real addresses would time them apart.
        if (known !== undefined) {
          context.deferredAudit.defer({
            type: 'login.failed',
            subject: { accountId: known.id, email: known.email },
            remoteAddress: input.remoteAddress,
            details: { reason: known.status === 'active' ? 'password' : known.status },
          });
        }
        return { outcome: 'refused', reason: 'invalid' };
      }
      const subject = { accountId: account.id, email: account.email };
      const roles = await database.db
        .selectFrom('account_roles')
        .select('role')
        .where('account_id', '=', account.id)
        .execute();
      const rule = secondFactorRuleFor(
        settings,
        roles.map((row) => row.role as AccountRole),
      );
      const isTrustedNetwork = await isTrustedAddress(database.db, input.remoteAddress);
      const isEnrolled = await hasSecondFactor(database.db, account.id);
      const isRequired = isSecondFactorRequired(rule, { isTrustedNetwork, isEnrolled });
      const base = {
        isSharedComputer: input.isSharedComputer,
        remoteAddress: input.remoteAddress,
        userAgent: input.userAgent,
      };

      // Just recovered with a helpdesk activation code: the helpdesk's recorded identity checks stand in for the
      // establishment's network, so the person may set up their new factor from home, for a while.
      const isRecovering =
        isRequired &&
        !isEnrolled &&
        !isTrustedNetwork &&
        (await wasRecoveredSince(
          database.db,
          account.id,
          clock.nowMs() - settings.helpdeskActivationCodeValidity,
        ));
      if (isRequired && !isEnrolled && !isTrustedNetwork && !isRecovering) {
        await audit({
          type: 'login.failed',
          subject,
          remoteAddress: input.remoteAddress,
          details: { reason: 'secondFactorNotEnrolled', rule },
        });
        return { outcome: 'refused', reason: 'secondFactorNotEnrolled' };
      }
      if (isRequired) {
        const state = isEnrolled ? 'pending' : 'enrolment';
        const started = await sessions.startWebSession(account, { ...base, state, secondFactor: null });
        return { outcome: isEnrolled ? 'secondFactor' : 'enrol', ...started, account };
      }
      const proof = isTrustedNetwork ? 'trustedNetwork' : 'notRequired';
      const started = await sessions.startWebSession(account, {
        ...base,
        state: 'active',
        secondFactor: proof,
      });
      // Signed in: the person is here (a pending or enrolment session is not yet; activation records it).
      const signedIn = await recordActivity(context, account);
      await audit({
        type: 'login.succeeded',
        actor: subject,
        subject,
        remoteAddress: input.remoteAddress,
        details: {
          secondFactor: proof,
          sharedComputer: input.isSharedComputer,
          sessionId: started.session.id,
        },
      });
      log.info({ event: 'login.succeeded', accountId: account.id, remote: input.remoteAddress }, 'web login');
      return { outcome: 'signedIn', ...started, account: signedIn };
    },
  };
}
