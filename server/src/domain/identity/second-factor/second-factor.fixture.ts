// Test fixture: the second-factor service over the real store (SQLite, or PostgreSQL with
// VERCORS_TEST_BACKEND=postgres), two accounts, the identity fixture's movable clock, and every log line kept
// so tests can check what was logged, and that no secret was.

import { createSecretBox, newSecretKey } from '#core/secret-box';
import type { TestContext } from 'node:test';
import { createLogger } from '#core/log';
import { Secret, TOTP } from 'otpauth';
import { type IdentityFixture, openIdentityFixture, withDomainAndSchool } from '../identity.fixture.ts';
import { createSecondFactorService, type SecondFactorService } from './second-factor-service.ts';

export { changesOf, refusedWith } from '../identity.fixture.ts';

export interface SecondFactorFixture extends IdentityFixture {
  readonly service: SecondFactorService;
  /** marie.martin@ac-test.fr */
  readonly accountId: string;
  /** paul.durand@ac-test.fr */
  readonly otherAccountId: string;
  /** Every JSON log line the service wrote, debug level included. */
  readonly logLines: string[];
}

export async function openSecondFactorFixture(t: TestContext): Promise<SecondFactorFixture> {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const marie = await fixture.identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie Martin',
  });
  const paul = await fixture.identity.createAccount({
    email: 'paul.durand@ac-test.fr',
    displayName: 'Paul Durand',
  });
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const service = createSecondFactorService({
    database: fixture.database,
    clock: fixture.clock,
    log,
    secrets: createSecretBox(newSecretKey()),
  });
  return { ...fixture, service, accountId: marie.id, otherAccountId: paul.id, logLines };
}

/** The code an authenticator app shows for `secret` at `timestampMs`. */
export function totpCode(secret: string, timestampMs: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: timestampMs });
}

/** Enrol and confirm a TOTP app for the account; returns its factor id and secret. */
export async function enrolTotp(
  fixture: SecondFactorFixture,
  accountId = fixture.accountId,
  label = 'téléphone',
): Promise<{ factorId: string; secret: string }> {
  const enrolment = await fixture.service.startTotpEnrolment(accountId, {
    issuer: 'Académie de Test',
    accountName: 'marie.martin@ac-test.fr',
  });
  const code = totpCode(enrolment.secret, fixture.clock.nowMs());
  const factor = await fixture.service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, code, label);
  return { factorId: factor.id, secret: enrolment.secret };
}

/** The fixture moved on by `steps` TOTP periods (30 s each). */
export function advanceSteps(fixture: SecondFactorFixture, steps: number): void {
  fixture.clock.advance(steps * 30_000);
}
