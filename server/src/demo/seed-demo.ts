// Seed the fictional académie the first time `vercors serve --demo` runs: its domain, establishments, about
// 500 staff with shared mailboxes and rooms, an administrator and one login per staff category. Only those
// logins get a password (so only a handful of argon2 hashes); all accounts go in one transaction. Every person
// is then put in the directory with a function, a post and a phone (demo-directory.ts).

import { PROFILE_CATEGORIES } from '@vercors/contract';
import { checkPasswordPolicy, IDENTITY_SETTINGS, type NewAccount } from '#domain/identity';
import type { Services } from '../main.ts';
import { DEMO_ESTABLISHMENTS } from './demo-establishments.ts';
import { renderDemoLogins, writeDemoLogins, type DemoLogin } from './demo-logins-file.ts';
import { randomPassword, seededRandom } from './demo-random.ts';
import { DEMO_ADMIN_HR_ID, seedDemoDirectory } from './demo-directory.ts';
import { seedDemoMail } from './seed-demo-mail.ts';
import { AddressBook, generateSharedAccounts, generateStaff, type DemoPerson } from './demo-staff.ts';

/** Clearly fictional; `.fr` like real académies so addresses look familiar. */
export const DEMO_DOMAIN = 'ac-demo.fr';
/** Any constant works: it only has to be the same on every installation. */
const DEMO_SEED = 0x7e4c0a5;
const ADMIN_LOCAL_PART = 'administrateur';
/** Loopback and the private ranges (RFC 1918, RFC 4193): this computer and the phone on the same Wi-Fi. */
const DEMO_TRUSTED_NETWORKS = [
  '127.0.0.0/8',
  '::1/128',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
];

export interface DemoSeedResult {
  readonly domain: string;
  readonly logins: readonly DemoLogin[];
  readonly loginsFile: string;
  /** Demo messages stored in the logins' mailboxes, or why none could be. */
  readonly mail: { readonly stored: number; readonly error?: string };
}

/** Seed the demo unless its domain already holds accounts; undefined when it was seeded before. */
export async function seedDemoOnce(services: Services): Promise<DemoSeedResult | undefined> {
  const { identity, directory } = services;
  // The domain and the accounts are two transactions: a domain without accounts is a seeding cut short.
  if (await identity.getDomain(DEMO_DOMAIN)) {
    if ((await identity.listAccounts({ domain: DEMO_DOMAIN, limit: 1 })).total > 0) {
      // A demo seeded before the directory had people gets them now (the staff are the same for the same seed).
      if ((await directory.findPersonByHrId(DEMO_ADMIN_HR_ID)) === undefined) {
        await directory.upsertEstablishments(DEMO_ESTABLISHMENTS);
        const { admin, staff } = demoAcademie();
        await seedDemoDirectory(services, [admin, ...staff], DEMO_ESTABLISHMENTS);
      }
      return undefined;
    }
  } else {
    await identity.addDomain(DEMO_DOMAIN);
  }
  await directory.upsertEstablishments(DEMO_ESTABLISHMENTS);
  // The demo runs on one's own computer or home network: that is the "establishment network" from which staff
  // sign in without a second factor (administrators still set one up at their first login).
  for (const cidr of DEMO_TRUSTED_NETWORKS) {
    if (!(await identity.isTrustedAddress(cidr.split('/')[0] ?? ''))) {
      await identity.addTrustedNetwork({ cidr, label: 'Réseau local (démo)' }, {});
    }
  }

  const { adminEmail, admin, shared, staff } = demoAcademie();
  const { passwordMinLength } = services.config.get(IDENTITY_SETTINGS);
  const passwordFor = (email: string) => checkedPassword(email, passwordMinLength);

  // Logins: the administrator, then the first person of each category.
  const logins: DemoLogin[] = [{ email: adminEmail, password: passwordFor(adminEmail), role: 'admin' }];
  const withPasswords = new Map<string, string>();
  for (const category of PROFILE_CATEGORIES.filter((c) => c !== 'other')) {
    const person = staff.find((p) => p.profileCategory === category);
    if (person) logins.push({ email: person.email, password: passwordFor(person.email), role: category });
  }
  for (const login of logins) withPasswords.set(login.email, login.password);

  const accounts: NewAccount[] = [admin, ...shared, ...staff].map((account) => {
    const password = withPasswords.get(account.email);
    const roles = isHeadOfEstablishment(account, logins)
      ? [{ role: 'establishmentAdmin', scope: account.establishmentUai }]
      : account.roles;
    return { ...account, ...(password !== undefined && { password }), ...(roles !== undefined && { roles }) };
  });
  await identity.createAccounts(accounts);
  // Every person, the administrator included, in the directory with a function, a post and a phone.
  await seedDemoDirectory(services, [admin, ...staff], DEMO_ESTABLISHMENTS);

  const loginsFile = await writeDemoLogins(
    services.dataDir,
    renderDemoLogins(DEMO_DOMAIN, logins, services.clock.now()),
  );
  // After the logins are safe on disk: mail is a bonus, and a failure there must not lose the only display of
  // them; the caller logs it.
  let mail: DemoSeedResult['mail'];
  try {
    mail = { stored: await seedDemoMail(services, DEMO_DOMAIN, logins, staff) };
  } catch (error) {
    mail = { stored: 0, error: error instanceof Error ? error.message : String(error) };
  }
  return { domain: DEMO_DOMAIN, logins, loginsFile, mail };
}

/** The demo's accounts, the same on every installation (the staff come from DEMO_SEED). */
function demoAcademie(): {
  adminEmail: string;
  admin: NewAccount;
  shared: NewAccount[];
  staff: DemoPerson[];
} {
  const addresses = new AddressBook(DEMO_DOMAIN);
  const adminEmail = addresses.reserve(ADMIN_LOCAL_PART);
  const shared = generateSharedAccounts(DEMO_ESTABLISHMENTS, addresses);
  const staff = generateStaff(seededRandom(DEMO_SEED), DEMO_ESTABLISHMENTS, addresses);
  const rectorat = DEMO_ESTABLISHMENTS.find((e) => e.type === 'service-academique')?.uai ?? null;
  const admin: NewAccount = {
    email: adminEmail,
    displayName: 'Administrateur de la démo',
    givenName: 'Administrateur',
    familyName: 'Démo',
    profileCategory: 'administrative',
    establishmentUai: rectorat,
    roles: [{ role: 'admin' }],
  };
  return { adminEmail, admin, shared, staff };
}

/** A fresh random password, checked against the same policy as any other (it always passes). */
function checkedPassword(email: string, minLength: number): string {
  for (;;) {
    const password = randomPassword(minLength);
    try {
      return checkPasswordPolicy(password, minLength, { email });
    } catch {
      // Astronomically unlikely (a random draw that looks like a word); draw again.
    }
  }
}

/** The management demo login also administers its establishment, so the admin screens have someone to show. */
function isHeadOfEstablishment(account: NewAccount | DemoPerson, logins: readonly DemoLogin[]): boolean {
  return (
    account.profileCategory === 'management' &&
    logins.some((login) => login.email === account.email) &&
    typeof account.establishmentUai === 'string'
  );
}
