// Registering a passkey or security key (WebAuthn §7.1) through @simplewebauthn/server: options with a stored
// challenge, then the browser's response verified (attestation "none": we trust no vendor list, only the key)
// and the credential kept with its counter. The challenge is used up whether the response passes or not.

import assert from 'node:assert/strict';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { newId } from '#core/ids';
import { loadWebAuthnLibrary } from './webauthn-library.ts';
import { countFactors, parseLabel, requireAccountId, toSecondFactor } from './factor-queries.ts';
import { SECOND_FACTOR_LIMITS, type SecondFactor, type SecondFactorDependencies } from './second-factor.ts';
import { secondFactorError } from './second-factor-errors.ts';
import { consumeChallenge, storeChallenge } from './webauthn-challenges.ts';
import {
  knownTransports,
  parseRegistrationResponse,
  parseTransports,
  problemOf,
} from './webauthn-responses.ts';
import {
  type RelyingParty,
  USER_VERIFICATION,
  WEBAUTHN_ALGORITHMS,
  WEBAUTHN_TIMEOUT_MS,
} from './webauthn-settings.ts';

export interface PasskeyRegistrationOperations {
  /**
   * Options for navigator.credentials.create(): the account's passkeys excluded, resident key and user
   * verification preferred, attestation none. The challenge is stored for SECOND_FACTOR_LIMITS.challengeMs.
   * tooManyFactors when the account already has SECOND_FACTOR_LIMITS.maxPasskeys.
   */
  startPasskeyRegistration(
    accountId: string,
    names: { rpId: string; rpName: string; userName: string; userDisplayName: string },
  ): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /**
   * Verify the browser's response (its JSON text, at most SECOND_FACTOR_LIMITS.maxRegistrationResponseChars)
   * and keep the credential as a factor named `label`. invalidLabel, responseTooBig, malformedResponse,
   * challengeNotFound (unknown, expired or used), ceremonyRefused, tooManyFactors, credentialExists.
   */
  finishPasskeyRegistration(
    accountId: string,
    response: string,
    options: RelyingParty & { label: string },
  ): Promise<SecondFactor>;
}

export function passkeyRegistrationOperations({
  database,
  clock,
  log,
}: SecondFactorDependencies): PasskeyRegistrationOperations {
  return {
    async startPasskeyRegistration(accountId, { rpId, rpName, userName, userDisplayName }) {
      await requireAccountId(database.db, accountId);
      const existing = await database.db
        .selectFrom('passkeys')
        .select(['credential_id', 'transports'])
        .where('account_id', '=', accountId)
        .execute();
      if (existing.length >= SECOND_FACTOR_LIMITS.maxPasskeys) throw tooManyPasskeys();
      const { generateRegistrationOptions } = await loadWebAuthnLibrary();
      const options = await generateRegistrationOptions({
        rpName,
        rpID: rpId,
        userName,
        userDisplayName,
        // The user handle: the same for all of the account's credentials, so an authenticator replaces its own
        // passkey for this account instead of adding a second one. An opaque id, not the address (§14.6.1).
        userID: new TextEncoder().encode(accountId),
        timeout: WEBAUTHN_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((row) => ({
          id: row.credential_id,
          transports: parseTransports(row.transports),
        })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: USER_VERIFICATION },
        supportedAlgorithmIDs: WEBAUTHN_ALGORITHMS,
      });
      await database.write(async (tx) => {
        await requireAccountId(tx.db, accountId);
        await storeChallenge(tx, clock, accountId, 'registration', options.challenge);
      });
      return options;
    },

    async finishPasskeyRegistration(accountId, text, { rpId, expectedOrigins, label }) {
      assert(expectedOrigins.length > 0, 'finishPasskeyRegistration needs at least one expected origin');
      const name = parseLabel(label);
      const { response, challenge } = parseRegistrationResponse(
        text,
        SECOND_FACTOR_LIMITS.maxRegistrationResponseChars,
      );

      // Use the challenge up
      const isLive = await database.write((tx) =>
        consumeChallenge(tx, clock, accountId, 'registration', challenge),
      );
      if (!isLive) {
        log.info(
          { event: 'secondFactor.passkeyRefused', accountId, reason: 'challengeNotFound' },
          'passkey registration refused',
        );
        throw secondFactorError(
          'challengeNotFound',
          'this passkey registration is unknown, expired or already finished',
        );
      }

      // Verify the response
      const { verifyRegistrationResponse } = await loadWebAuthnLibrary();
      let verified: VerifiedRegistrationResponse;
      try {
        verified = await verifyRegistrationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: [...expectedOrigins],
          expectedRPID: rpId,
          requireUserVerification: false,
          supportedAlgorithmIDs: WEBAUTHN_ALGORITHMS,
        });
      } catch (error) {
        // The message names origins, RP ids and types the client sent, never a secret (the challenge is spent).
        log.info(
          {
            event: 'secondFactor.passkeyRefused',
            accountId,
            reason: 'ceremonyRefused',
            problem: problemOf(error),
          },
          'passkey registration refused',
        );
        throw secondFactorError('ceremonyRefused', 'the passkey registration could not be verified');
      }
      if (!verified.verified)
        throw secondFactorError('ceremonyRefused', 'the passkey registration could not be verified');
      const { credential, aaguid, credentialBackedUp } = verified.registrationInfo;

      // Keep the credential
      const factor = await database.write(async (tx) => {
        if ((await countFactors(tx.db, 'passkeys', accountId)) >= SECOND_FACTOR_LIMITS.maxPasskeys) {
          throw tooManyPasskeys();
        }
        const taken = await tx.db
          .selectFrom('passkeys')
          .select('id')
          .where('credential_id', '=', credential.id)
          .executeTakeFirst();
        if (taken !== undefined) {
          throw secondFactorError('credentialExists', 'this passkey is already registered');
        }
        const row = {
          id: newId('f'),
          account_id: accountId,
          label: name,
          credential_id: credential.id,
          public_key: Buffer.from(credential.publicKey).toString('base64url'),
          sign_count: credential.counter,
          transports: JSON.stringify(knownTransports(credential.transports ?? response.response.transports)),
          aaguid,
          is_backed_up: credentialBackedUp ? 1 : 0,
          created_at: clock.nowMs(),
          last_used_at: null,
        };
        await tx.db.insertInto('passkeys').values(row).execute();
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        return toSecondFactor('passkey', row);
      });
      log.info({ event: 'secondFactor.passkeyAdded', accountId, factorId: factor.id }, 'passkey added');
      return factor;
    },
  };
}

function tooManyPasskeys() {
  return secondFactorError('tooManyFactors', 'too many passkeys: remove an unused one first', {
    kind: 'passkey',
    max: SECOND_FACTOR_LIMITS.maxPasskeys,
  });
}
