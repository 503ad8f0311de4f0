// A passkey as the second factor at login (WebAuthn §7.2): request options naming the account's credentials
// with a stored challenge, then the signed assertion verified against the stored public key and counter.
// Security: runs before the login completes; every refusal is undefined, and its reason goes to the log only.

import assert from 'node:assert/strict';
import type {
  PublicKeyCredentialRequestOptionsJSON,
  VerifiedAuthenticationResponse,
} from '@simplewebauthn/server';
import { DomainError } from '#core/errors';
import { loadWebAuthnLibrary } from './webauthn-library.ts';
import { requireAccountId } from './factor-queries.ts';
import { SECOND_FACTOR_LIMITS, type SecondFactorDependencies } from './second-factor.ts';
import { consumeChallenge, storeChallenge } from './webauthn-challenges.ts';
import { parseAuthenticationResponse, parseTransports, problemOf } from './webauthn-responses.ts';
import { type RelyingParty, USER_VERIFICATION, WEBAUTHN_TIMEOUT_MS } from './webauthn-settings.ts';

export interface PasskeyAuthenticationOperations {
  /**
   * Options for navigator.credentials.get() listing the account's passkeys (an empty list when it has none:
   * the caller offers passkeys only when listFactors shows one). The challenge is stored for
   * SECOND_FACTOR_LIMITS.challengeMs.
   */
  startPasskeyAuthentication(
    accountId: string,
    relyingParty: { rpId: string },
  ): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /**
   * The id of the account's passkey that signed the browser's response (its JSON text) over a live challenge of
   * this account; undefined otherwise: too big, malformed, unknown or used challenge, another account's
   * credential, wrong origin or RP id, bad signature, or a signature counter that went backwards.
   */
  finishPasskeyAuthentication(
    accountId: string,
    response: string,
    relyingParty: RelyingParty,
  ): Promise<string | undefined>;
}

export function passkeyAuthenticationOperations({
  database,
  clock,
  log,
}: SecondFactorDependencies): PasskeyAuthenticationOperations {
  const refuse = (accountId: string, reason: string, problem?: string): undefined => {
    log.info(
      { event: 'secondFactor.passkeyRefused', accountId, reason, problem },
      'passkey authentication refused',
    );
    return undefined;
  };

  return {
    async startPasskeyAuthentication(accountId, { rpId }) {
      const passkeys = await database.db
        .selectFrom('passkeys')
        .select(['credential_id', 'transports'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .limit(SECOND_FACTOR_LIMITS.maxPasskeys)
        .execute();
      const { generateAuthenticationOptions } = await loadWebAuthnLibrary();
      const options = await generateAuthenticationOptions({
        rpID: rpId,
        allowCredentials: passkeys.map((row) => ({
          id: row.credential_id,
          transports: parseTransports(row.transports),
        })),
        userVerification: USER_VERIFICATION,
        timeout: WEBAUTHN_TIMEOUT_MS,
      });
      await database.write(async (tx) => {
        await requireAccountId(tx.db, accountId);
        await storeChallenge(tx, clock, accountId, 'authentication', options.challenge);
      });
      return options;
    },

    async finishPasskeyAuthentication(accountId, text, { rpId, expectedOrigins }) {
      assert(expectedOrigins.length > 0, 'finishPasskeyAuthentication needs at least one expected origin');
      let parsed: ReturnType<typeof parseAuthenticationResponse>;
      try {
        parsed = parseAuthenticationResponse(text, SECOND_FACTOR_LIMITS.maxAuthenticationResponseChars);
      } catch (error) {
        if (error instanceof DomainError) return refuse(accountId, String(error.details.reason));
        throw error;
      }
      const { response, challenge } = parsed;

      // Use the challenge up
      const isLive = await database.write((tx) =>
        consumeChallenge(tx, clock, accountId, 'authentication', challenge),
      );
      if (!isLive) return refuse(accountId, 'challengeNotFound');

      // Find the credential among the account's own
      const passkey = await database.db
        .selectFrom('passkeys')
        .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
        .where('account_id', '=', accountId)
        .where('credential_id', '=', response.id)
        .executeTakeFirst();
      if (passkey === undefined) return refuse(accountId, 'unknownCredential');
      const storedCount = Number(passkey.sign_count);

      // Verify the signature
      const { verifyAuthenticationResponse } = await loadWebAuthnLibrary();
      let verified: VerifiedAuthenticationResponse;
      try {
        verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: [...expectedOrigins],
          expectedRPID: rpId,
          // Counter 0 turns the library's own counter check off: it runs before the signature check, and a
          // regression is worth a warning only once the assertion is known to come from the real key (below).
          credential: {
            id: passkey.credential_id,
            publicKey: Buffer.from(passkey.public_key, 'base64url'),
            counter: 0,
            transports: parseTransports(passkey.transports),
          },
          requireUserVerification: false,
        });
      } catch (error) {
        return refuse(accountId, 'ceremonyRefused', problemOf(error));
      }
      if (!verified.verified) return refuse(accountId, 'badSignature');

      // Check and store the counter
      const { newCounter, credentialBackedUp } = verified.authenticationInfo;
      // WebAuthn §6.1.1: a counter that does not grow, on a credential that keeps one, may mean a cloned key.
      if ((newCounter > 0 || storedCount > 0) && newCounter <= storedCount) {
        log.warn(
          {
            event: 'secondFactor.passkeyCounterRegression',
            accountId,
            factorId: passkey.id,
            storedCount,
            newCounter,
          },
          'a passkey signed with a counter that went backwards: possibly a cloned authenticator',
        );
        return undefined;
      }
      const isStored = await database.write(async (tx) => {
        const result = await tx.db
          .updateTable('passkeys')
          .set({
            sign_count: newCounter,
            last_used_at: clock.nowMs(),
            is_backed_up: credentialBackedUp ? 1 : 0,
          })
          .where('id', '=', passkey.id)
          .where('sign_count', '=', storedCount)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      });
      // Another assertion of the same key was stored meanwhile: only one of two racing uses counts.
      if (!isStored) return refuse(accountId, 'concurrentUse');
      return passkey.id;
    },
  };
}
