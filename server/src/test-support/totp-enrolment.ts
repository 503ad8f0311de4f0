// For protocol tests: give an account an authenticator app the way a person does — a web login from a trusted
// network, then setting up TOTP — and return its secret and the code generator.

import { Secret, TOTP } from 'otpauth';
import type { Clock } from '#core/clock';
import type { IdentityService } from '#domain/identity';

/** What an authenticator app shows for `secret` at `timestamp`. */
export function totpCodeFor(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
}

export async function enrolTotpFor(
  identity: IdentityService,
  clock: Clock,
  account: { readonly email: string; readonly password: string },
): Promise<string> {
  const school = '192.0.2.200';
  if (!(await identity.isTrustedAddress(school)))
    await identity.addTrustedNetwork({ cidr: `${school}/32` }, {});
  const login = await identity.loginWithPassword({
    email: account.email,
    password: account.password,
    isSharedComputer: false,
    remoteAddress: school,
    userAgent: 'test',
  });
  if (login.outcome === 'refused') throw new Error(`cannot sign ${account.email} in: ${login.reason}`);
  const enrolment = await identity.startTotpSetup(login.account, 'Test');
  await identity.confirmTotpSetup(
    login.token,
    {
      enrolmentId: enrolment.enrolmentId,
      code: totpCodeFor(enrolment.secret, clock.nowMs()),
      label: 'Phone',
    },
    {},
  );
  return enrolment.secret;
}
