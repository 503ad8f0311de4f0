// Setting up and removing second factors from a signed-in session (or the enrolment session a login gives an
// account that must have one), with their audit events. The first factor set up comes with a set of recovery
// codes; an enrolment session becomes an active one, under a new token. The HTTP layer asks for a recent
// password (reauthenticate) before these changes in an active session.

import { DomainError } from '#core/errors';
import { recordAuditEvent, type AuditEventInput } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import type { Account } from './account.ts';
import { auditPartyOf } from './account-lookups.ts';
import type { IdentityContext } from './identity-context.ts';
import type { PasswordOperations } from './passwords.ts';
import type {
  RelyingParty,
  RemovedFactor,
  SecondFactor,
  SecondFactorList,
  SecondFactorService,
  TotpEnrolment,
} from './second-factor/index.ts';
import { sessionTokenHash } from './session-token.ts';
import type { WebSession } from './web-session.ts';
import type { WebSessionOperations } from './web-sessions.ts';

export interface SecondFactorSetup {
  readonly factor: SecondFactor;
  /** New recovery codes, when this was the account's first factor: shown once. */
  readonly recoveryCodes?: readonly string[];
  /** When an enrolment session became active: its new token (the old one no longer works). */
  readonly activated?: { readonly token: string; readonly session: WebSession };
}

export interface SecondFactorSettingsOperations {
  listSecondFactors(accountId: string): Promise<SecondFactorList>;
  startTotpSetup(account: Account, issuer: string): Promise<TotpEnrolment>;
  confirmTotpSetup(
    token: string,
    input: { enrolmentId: string; code: string; label: string },
    origin: AccessOrigin,
  ): Promise<SecondFactorSetup>;
  startPasskeySetup(account: Account, relyingParty: RelyingParty & { rpName: string }): Promise<unknown>;
  confirmPasskeySetup(
    token: string,
    input: { response: string; label: string },
    relyingParty: RelyingParty,
    origin: AccessOrigin,
  ): Promise<SecondFactorSetup>;
  removeSecondFactor(accountId: string, factorId: string, origin: AccessOrigin): Promise<RemovedFactor>;
  /** A new set of recovery codes (the old set stops working); shown once. */
  regenerateRecoveryCodes(accountId: string, origin: AccessOrigin): Promise<readonly string[]>;
  /** The password typed again in a session: sensitive changes are allowed for a while. False when wrong. */
  reauthenticate(token: string, password: string): Promise<boolean>;
}

export function secondFactorSettingsOperations(
  context: IdentityContext,
  factors: SecondFactorService,
  passwords: Pick<PasswordOperations, 'verifyPassword'>,
  sessions: Pick<WebSessionOperations, 'resumeWebSession' | 'activateWebSession'>,
): SecondFactorSettingsOperations {
  const { database, clock } = context;
  const audit = (event: AuditEventInput) => database.write((tx) => recordAuditEvent(tx, clock, event));

  const settingUp = async (token: string) => {
    const found = await sessions.resumeWebSession(token);
    if (found === undefined || found.session.state === 'pending') {
      throw new DomainError('notFound', 'the session has ended: sign in again', {
        details: { subject: 'session', reason: 'ended' },
      });
    }
    return found;
  };

  async function afterSetup(
    token: string,
    found: { session: WebSession; account: Account },
    factor: SecondFactor,
    origin: AccessOrigin,
  ): Promise<SecondFactorSetup> {
    const subject = { accountId: found.account.id, email: found.account.email };
    await audit({
      type: 'secondFactor.added',
      actor: origin.actor ?? subject,
      subject,
      remoteAddress: origin.remoteAddress,
      details: { factorId: factor.id, kind: factor.kind, label: factor.label },
    });
    const list = await factors.listFactors(found.account.id);
    let recoveryCodes: readonly string[] | undefined;
    if (list.factors.length === 1 && list.recoveryCodesLeft === 0) {
      recoveryCodes = await factors.generateRecoveryCodes(found.account.id);
      await audit({
        type: 'recoveryCodes.generated',
        actor: origin.actor ?? subject,
        subject,
        remoteAddress: origin.remoteAddress,
        details: { count: recoveryCodes.length, reason: 'firstFactor' },
      });
    }
    const activated =
      found.session.state === 'enrolment' ? await sessions.activateWebSession(token, factor.kind) : undefined;
    return { factor, recoveryCodes, activated };
  }

  return {
    listSecondFactors: (accountId) => factors.listFactors(accountId),

    startTotpSetup: (account, issuer) =>
      factors.startTotpEnrolment(account.id, { issuer, accountName: account.email }),

    async confirmTotpSetup(token, input, origin) {
      const found = await settingUp(token);
      const factor = await factors.confirmTotpEnrolment(
        found.account.id,
        input.enrolmentId,
        input.code,
        input.label,
      );
      return afterSetup(token, found, factor, origin);
    },

    startPasskeySetup: (account, relyingParty) =>
      factors.startPasskeyRegistration(account.id, {
        rpId: relyingParty.rpId,
        rpName: relyingParty.rpName,
        userName: account.email,
        userDisplayName: account.displayName,
      }),

    async confirmPasskeySetup(token, input, relyingParty, origin) {
      const found = await settingUp(token);
      const factor = await factors.finishPasskeyRegistration(found.account.id, input.response, {
        rpId: relyingParty.rpId,
        expectedOrigins: relyingParty.expectedOrigins,
        label: input.label,
      });
      return afterSetup(token, found, factor, origin);
    },

    async removeSecondFactor(accountId, factorId, origin) {
      const removed = await factors.removeFactor(accountId, factorId);
      await audit({
        type: 'secondFactor.removed',
        actor: origin.actor,
        subject: await auditPartyOf(database.db, accountId),
        remoteAddress: origin.remoteAddress,
        details: {
          factorId: removed.factor.id,
          kind: removed.factor.kind,
          label: removed.factor.label,
          recoveryCodesDeleted: removed.recoveryCodesDeleted,
          hasSecondFactor: removed.hasSecondFactor,
        },
      });
      return removed;
    },

    async regenerateRecoveryCodes(accountId, origin) {
      const codes = await factors.generateRecoveryCodes(accountId);
      await audit({
        type: 'recoveryCodes.generated',
        actor: origin.actor,
        subject: await auditPartyOf(database.db, accountId),
        remoteAddress: origin.remoteAddress,
        details: { count: codes.length, reason: 'regenerated' },
      });
      return codes;
    },

    async reauthenticate(token, password) {
      const found = await sessions.resumeWebSession(token);
      if (found === undefined || found.session.state !== 'active') return false;
      const account = await passwords.verifyPassword(found.account.email, password);
      if (account?.id !== found.account.id) return false;
      await database.write(async (tx) => {
        await tx.db
          .updateTable('web_sessions')
          .set({ authenticated_at: clock.nowMs() })
          .where('token_hash', '=', sessionTokenHash(token) ?? '')
          .execute();
      });
      return true;
    },
  };
}
