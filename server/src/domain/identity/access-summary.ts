// What a person sees on their diagnostics page, the first step of any helpdesk call: whether the network they
// are on is trusted, the second-factor rule that applies to them and what they have set up, their app
// passwords and open sessions, and their recent logins (from the audit log).

import { listAuditEvents, type AuditEvent } from '#domain/audit';
import type { AccountRole } from './account.ts';
import type { SecondFactorRule } from './access-settings.ts';
import type { AppPassword } from './app-password.ts';
import type { AppPasswordOperations } from './app-passwords.ts';
import type { IdentityContext } from './identity-context.ts';
import { secondFactorRuleFor } from './second-factor-rule.ts';
import type { SecondFactorList, SecondFactorService } from './second-factor/index.ts';
import { isTrustedAddress } from './trusted-networks.ts';
import type { WebSession } from './web-session.ts';
import type { WebSessionOperations } from './web-sessions.ts';

/** Recent login events shown. */
export const SUMMARY_RECENT_LOGINS = 10;

const LOGIN_EVENTS = [
  'login.succeeded',
  'login.failed',
  'login.secondFactorFailed',
  'protocolLogin.failed',
  'protocolLogin.refused',
];

export interface AccessSummary {
  readonly isTrustedNetwork: boolean;
  readonly secondFactorRule: SecondFactorRule;
  readonly secondFactors: SecondFactorList;
  readonly appPasswords: readonly AppPassword[];
  readonly sessions: readonly WebSession[];
  readonly recentLogins: readonly AuditEvent[];
}

export interface AccessSummaryOperations {
  accessSummary(accountId: string, remoteAddress: string): Promise<AccessSummary>;
}

export function accessSummaryOperations(
  context: IdentityContext,
  factors: Pick<SecondFactorService, 'listFactors'>,
  appPasswords: Pick<AppPasswordOperations, 'listAppPasswords'>,
  sessions: Pick<WebSessionOperations, 'listWebSessions'>,
): AccessSummaryOperations {
  const { database, settings } = context;
  return {
    async accessSummary(accountId, remoteAddress) {
      const roles = await database.db
        .selectFrom('account_roles')
        .select('role')
        .where('account_id', '=', accountId)
        .execute();
      return {
        isTrustedNetwork: await isTrustedAddress(database.db, remoteAddress),
        secondFactorRule: secondFactorRuleFor(
          settings,
          roles.map((row) => row.role as AccountRole),
        ),
        secondFactors: await factors.listFactors(accountId),
        appPasswords: await appPasswords.listAppPasswords(accountId),
        sessions: await sessions.listWebSessions(accountId),
        recentLogins: await listAuditEvents(database.db, {
          accountId,
          types: LOGIN_EVENTS,
          limit: SUMMARY_RECENT_LOGINS,
          newestFirst: true,
        }),
      };
    },
  };
}
