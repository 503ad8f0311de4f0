// Test fixture for helpdesk recovery: the identity fixture with one person to recover (Marie, with a password
// and a NUMEN on file, in the test school) and one account for each role, as the actors the rules know.

import type { TestContext } from 'node:test';
import type { AccountDetails } from './account.ts';
import type { Actor } from './authorization.ts';
import { openIdentityFixture, withDomainAndSchool, type IdentityFixture } from './identity.fixture.ts';

export const SCHOOL = '0380027Y';
export const MARIE = {
  email: 'marie.martin@ac-test.fr',
  password: 'Cheval-Batterie-Agrafe-42',
  // Académie 08 (Grenoble), second degré public, 1995, then its own 8 characters.
  numen: '08E9501234ABC',
};
export const NEW_PASSWORD = 'Pivoines-bleues-sous-la-pluie-7';
export const ORIGIN = { remoteAddress: '192.0.2.50' };

export interface HelpdeskFixture extends IdentityFixture {
  readonly marie: AccountDetails;
  /** One actor per role, each its own account: user, establishmentAdmin (of SCHOOL), helpdesk, security, admin. */
  readonly actors: Readonly<Record<'user' | 'establishmentAdmin' | 'helpdesk' | 'security' | 'admin', Actor>>;
  /** A second helpdesk member. */
  readonly colleague: Actor;
}

export const actorOf = (account: AccountDetails): Actor => ({
  accountId: account.id,
  email: account.email,
  roles: account.roles,
});

export async function openHelpdeskFixture(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<HelpdeskFixture> {
  const fixture = await openIdentityFixture(t, env);
  await withDomainAndSchool(fixture);
  const { identity } = fixture;
  const marie = await identity.createAccount({
    email: MARIE.email,
    displayName: 'Marie Martin',
    givenName: 'Marie',
    familyName: 'Martin',
    establishmentUai: SCHOOL,
    password: MARIE.password,
  });
  await identity.setNumen(MARIE.email, MARIE.numen);
  const make = async (name: string, roles: { role: string; scope?: string }[]) =>
    actorOf(
      await identity.createAccount({
        email: `${name}@ac-test.fr`,
        displayName: name,
        establishmentUai: SCHOOL,
        roles,
      }),
    );
  const actors = {
    user: await make('user', []),
    establishmentAdmin: await make('etab', [{ role: 'establishmentAdmin', scope: SCHOOL }]),
    helpdesk: await make('helpdesk', [{ role: 'helpdesk' }]),
    security: await make('security', [{ role: 'security' }]),
    admin: await make('admin', [{ role: 'admin' }]),
  };
  const colleague = await make('helpdesk2', [{ role: 'helpdesk' }]);
  return { ...fixture, marie: (await identity.findAccount(MARIE.email)) ?? marie, actors, colleague };
}
