// The second step of a web login: a pending session presents a TOTP code, a recovery code or a passkey. A
// right one makes the session active under a new token; each wrong one is counted in the session, and past
// MAX_SECOND_FACTOR_FAILURES the session ends, so guessing codes needs the (throttled) password again every
// few tries. Every outcome is audited; codes and passkey responses never are.

import { recordAuditEvent, type AuditEventInput } from '#domain/audit';
import type { Account } from './account.ts';
import type { IdentityContext } from './identity-context.ts';
import type { RelyingParty, SecondFactorService } from './second-factor/index.ts';
import { sessionTokenHash } from './session-token.ts';
import type { SecondFactorProof, WebSession } from './web-session.ts';
import type { WebSessionOperations } from './web-sessions.ts';

/** Wrong second factors a pending session may present before it ends. */
export const MAX_SECOND_FACTOR_FAILURES = 5;

export type SecondFactorAnswer =
  | { readonly method: 'totp'; readonly code: string }
  | { readonly method: 'recoveryCode'; readonly code: string }
  /** The browser's PublicKeyCredential JSON, as text (bounded before parsing). */
  | { readonly method: 'passkey'; readonly response: string };

export type SecondFactorResult =
  | {
      readonly outcome: 'signedIn';
      readonly token: string;
      readonly session: WebSession;
      readonly account: Account;
      /** Recovery codes left, after one was used (undefined otherwise): the user should make new ones soon. */
      readonly recoveryCodesLeft?: number;
    }
  | {
      readonly outcome: 'refused';
      /** wrong: try again; ended: the login session is over (too many tries, timed out): sign in again. */
      readonly reason: 'wrong' | 'ended';
    };

export interface WebSecondFactorOperations {
  /** Options for navigator.credentials.get() in a pending session; undefined when the session is over. */
  passkeyLoginOptions(token: string, relyingParty: RelyingParty): Promise<unknown>;
  completeSecondFactor(
    token: string,
    answer: SecondFactorAnswer,
    context: { relyingParty: RelyingParty; remoteAddress: string },
  ): Promise<SecondFactorResult>;
}

export function webSecondFactorOperations(
  context: IdentityContext,
  factors: SecondFactorService,
  sessions: Pick<WebSessionOperations, 'resumeWebSession' | 'activateWebSession'>,
): WebSecondFactorOperations {
  const { database, clock, log } = context;

  const pendingSession = async (token: string) => {
    const found = await sessions.resumeWebSession(token);
    return found?.session.state === 'pending' ? found : undefined;
  };

  const audit = (event: AuditEventInput) => database.write((tx) => recordAuditEvent(tx, clock, event));

  return {
    async passkeyLoginOptions(token, relyingParty) {
      const found = await pendingSession(token);
      if (found === undefined) return undefined;
      return factors.startPasskeyAuthentication(found.account.id, { rpId: relyingParty.rpId });
    },

    async completeSecondFactor(token, answer, { relyingParty, remoteAddress }) {
      const found = await pendingSession(token);
      if (found === undefined) return { outcome: 'refused', reason: 'ended' };
      const { account, session } = found;
      const subject = { accountId: account.id, email: account.email };

      let proof: SecondFactorProof | undefined;
      switch (answer.method) {
        case 'totp':
          if ((await factors.verifyTotp(account.id, answer.code)) !== undefined) proof = 'totp';
          break;
        case 'recoveryCode':
          if (await factors.useRecoveryCode(account.id, answer.code)) proof = 'recoveryCode';
          break;
        case 'passkey': {
          const factorId = await factors.finishPasskeyAuthentication(account.id, answer.response, {
            rpId: relyingParty.rpId,
            expectedOrigins: relyingParty.expectedOrigins,
          });
          if (factorId !== undefined) proof = 'passkey';
          break;
        }
      }

      if (proof === undefined) {
        const hasEnded = await database.write(async (tx) => {
          const hash = sessionTokenHash(token) ?? '';
          await tx.db
            .updateTable('web_sessions')
            .set((eb) => ({ second_factor_failures: eb('second_factor_failures', '+', 1) }))
            .where('token_hash', '=', hash)
            .execute();
          const row = await tx.db
            .selectFrom('web_sessions')
            .select('second_factor_failures')
            .where('token_hash', '=', hash)
            .executeTakeFirst();
          const failures = Number(row?.second_factor_failures ?? MAX_SECOND_FACTOR_FAILURES);
          const ended = failures >= MAX_SECOND_FACTOR_FAILURES;
          if (ended) await tx.db.deleteFrom('web_sessions').where('token_hash', '=', hash).execute();
          await recordAuditEvent(tx, clock, {
            type: 'login.secondFactorFailed',
            subject,
            remoteAddress,
            details: { method: answer.method, failures, sessionEnded: ended },
          });
          return ended;
        });
        log.info(
          { event: 'login.secondFactorFailed', accountId: account.id, remote: remoteAddress },
          'wrong second factor',
        );
        return { outcome: 'refused', reason: hasEnded ? 'ended' : 'wrong' };
      }

      const activated = await sessions.activateWebSession(token, proof);
      let recoveryCodesLeft: number | undefined;
      if (proof === 'recoveryCode') {
        recoveryCodesLeft = (await factors.listFactors(account.id)).recoveryCodesLeft;
        await audit({
          type: 'recoveryCode.used',
          actor: subject,
          subject,
          remoteAddress,
          details: { left: recoveryCodesLeft },
        });
      }
      await audit({
        type: 'login.succeeded',
        actor: subject,
        subject,
        remoteAddress,
        details: { secondFactor: proof, sharedComputer: session.isSharedComputer, sessionId: session.id },
      });
      log.info({ event: 'login.succeeded', accountId: account.id, remote: remoteAddress }, 'web login');
      return { outcome: 'signedIn', ...activated, account, recoveryCodesLeft };
    },
  };
}
