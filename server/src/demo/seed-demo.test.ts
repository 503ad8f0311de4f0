import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { silentLogger } from '#core/log';
import type { Account } from '#domain/identity';
import { openServices, readConfig, type Services } from '../main.ts';
import { openTestDatabase } from '../test-support/test-database.ts';
import { DEMO_DOMAIN, DEMO_LOGINS_FILE, seedDemoOnce } from './index.ts';
import { demoDirectoryRecords } from './demo-directory.ts';
import { DEMO_ESTABLISHMENTS } from './demo-establishments.ts';
import { seededRandom } from './demo-random.ts';
import { AddressBook, generateStaff } from './demo-staff.ts';

async function open(t: TestContext, env: Record<string, string> = {}): Promise<Services> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-demo-'));
  const config = readConfig({ VERCORS_DATA: dataDir, ...testDatabase.env, ...env });
  const services = await openServices(config, silentLogger());
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  return services;
}

async function allAccounts(services: Services): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let position = 0; ; position += 1000) {
    const page = await services.identity.listAccounts({ domain: DEMO_DOMAIN, position, limit: 1000 });
    accounts.push(...page.accounts);
    if (accounts.length >= page.total) return accounts;
  }
}

test('the first seeding creates the académie: one domain, ~20 establishments, ~500 staff in every category', async (t) => {
  const services = await open(t);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  assert.equal(result.domain, DEMO_DOMAIN);
  assert.deepEqual(
    (await services.identity.listDomains()).map((d) => d.name),
    [DEMO_DOMAIN],
  );
  assert.ok((await services.directory.listEstablishments()).length >= 20);

  const accounts = await allAccounts(services);
  const people = accounts.filter((a) => a.kind === 'person');
  assert.ok(people.length >= 450 && people.length <= 600, `${people.length} people`);
  const byCategory = new Map<string, number>();
  for (const person of people)
    byCategory.set(person.profileCategory, (byCategory.get(person.profileCategory) ?? 0) + 1);
  for (const category of [
    'primaryTeacher',
    'secondaryTeacher',
    'administrative',
    'technical',
    'management',
  ]) {
    assert.ok((byCategory.get(category) ?? 0) >= 10, `${category}: ${byCategory.get(category)}`);
  }
  assert.ok(accounts.some((a) => a.kind === 'shared') && accounts.some((a) => a.kind === 'resource'));
  assert.ok(accounts.every((a) => a.establishmentUai !== null));
});

test('addresses are unique prenom.nom forms, and names keep their accents, hyphens and particles', async (t) => {
  const services = await open(t);
  await seedDemoOnce(services);
  const people = (await allAccounts(services)).filter((a) => a.kind === 'person');
  assert.equal(new Set(people.map((a) => a.email)).size, people.length);
  for (const person of people)
    assert.match(person.email, /^[a-z0-9-]+\.[a-z0-9-]+@ac-demo\.fr$|^administrateur@/);
  assert.ok(people.some((p) => /[éèëêïîôç]/i.test(p.displayName)));
  assert.ok(people.some((p) => p.givenName.includes('-')));
  assert.ok(people.some((p) => /^(de|du|d’|Le) /.test(p.familyName) || p.familyName.startsWith('d’')));
  assert.ok(
    people.some((p) => /\d@/.test(p.email)),
    'some prenom.nom collided and took a digit',
  );
});

test('only the demo logins have a password, each works, and the administrator holds the admin role', async (t) => {
  const services = await open(t);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  assert.deepEqual(
    result.logins.map((l) => l.role),
    ['admin', 'primaryTeacher', 'secondaryTeacher', 'administrative', 'technical', 'management'],
  );
  for (const login of result.logins) {
    assert.ok(login.password.length >= 16);
    assert.equal((await services.identity.verifyPassword(login.email, login.password))?.email, login.email);
  }
  const withPassword = (await allAccounts(services)).filter((a) => a.hasPassword).map((a) => a.email);
  assert.deepEqual(withPassword.sort(), result.logins.map((l) => l.email).sort());
  const admin = await services.identity.findAccount(result.logins[0]?.email ?? '');
  assert.deepEqual(admin?.roles, [{ role: 'admin', scope: null }]);
  const head = await services.identity.findAccount(
    result.logins.find((l) => l.role === 'management')?.email ?? '',
  );
  assert.deepEqual(head?.roles, [{ role: 'establishmentAdmin', scope: head?.establishmentUai ?? '' }]);
});

test('the logins are saved in the data folder, readable by the owner only', async (t) => {
  const services = await open(t);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  assert.equal(result.loginsFile, join(services.dataDir, DEMO_LOGINS_FILE));
  assert.equal((await stat(result.loginsFile)).mode & 0o777, 0o600);
  const text = await readFile(result.loginsFile, 'utf8');
  for (const login of result.logins) assert.match(text, new RegExp(`${login.email}\\s+${login.password}\n`));
});

test('seeding again does nothing and says so', async (t) => {
  const services = await open(t);
  const first = await seedDemoOnce(services);
  assert.ok(first);
  const total = (await services.identity.listAccounts()).total;
  assert.equal(await seedDemoOnce(services), undefined);
  assert.equal((await services.identity.listAccounts()).total, total);
});

test('a seeding cut short after adding the domain is completed by the next start', async (t) => {
  const services = await open(t);
  await services.identity.addDomain(DEMO_DOMAIN);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  assert.ok((await services.identity.listAccounts()).total > 450);
});

test('demo passwords grow to satisfy a stricter configured policy', async (t) => {
  const services = await open(t, { VERCORS_PASSWORD_MIN_LENGTH: '40' });
  const result = await seedDemoOnce(services);
  assert.ok(result?.logins.every((login) => login.password.length >= 40));
});

test('every demo login opens onto a lived-in mailbox: threads in the inbox, replies in Sent, a draft', async (t) => {
  const services = await open(t);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  assert.equal(result.mail.error, undefined);
  // Every staff login (the administrator is not staff) gets its own conversations.
  assert.ok(result.mail.stored >= 15 * (result.logins.length - 1), `${result.mail.stored} demo messages`);
  const teacher = result.logins.find((login) => login.role === 'secondaryTeacher');
  assert.ok(teacher);
  const account = await services.identity.findAccount(teacher.email);
  assert.ok(account);
  const mailboxes = await services.mail.listMailboxes(account.id);
  const count = (role: string) => mailboxes.find((m) => m.role === role)?.totalEmails ?? 0;
  assert.ok(count('inbox') >= 8, `inbox holds ${count('inbox')}`);
  assert.ok(count('sent') >= 3);
  assert.equal(count('drafts'), 1);
  assert.ok((mailboxes.find((m) => m.role === 'inbox')?.unreadEmails ?? 0) > 0, 'some mail is unread');
});

test('the demo trusts this computer and the local network: staff sign in there without a second factor', async (t) => {
  const services = await open(t);
  const result = await seedDemoOnce(services);
  assert.ok(result);
  for (const address of ['127.0.0.1', '::1', '192.168.1.20', '10.1.2.3']) {
    assert.ok(await services.identity.isTrustedAddress(address), address);
  }
  assert.equal(await services.identity.isTrustedAddress('203.0.113.9'), false);
  const teacher = result.logins.find((l) => l.role === 'secondaryTeacher');
  assert.ok(teacher);
  const login = {
    email: teacher.email,
    password: teacher.password,
    isSharedComputer: false,
    userAgent: 'test',
  };
  const local = await services.identity.loginWithPassword({ ...login, remoteAddress: '127.0.0.1' });
  assert.equal(local.outcome, 'signedIn');
  const away = await services.identity.loginWithPassword({ ...login, remoteAddress: '203.0.113.9' });
  assert.deepEqual(away, { outcome: 'refused', reason: 'secondFactorNotEnrolled' });
});

test('every demo person is in the directory with a function, a post and a phone; establishments are complete', async (t) => {
  const services = await open(t);
  await seedDemoOnce(services);
  const accounts = (await allAccounts(services)).filter((a) => a.kind === 'person');
  const people = await services.directory.listPeople();
  assert.equal(people.length, accounts.length);
  const byAccount = new Map(people.map((p) => [p.accountId, p]));
  for (const account of accounts) {
    const person = byAccount.get(account.id);
    assert.ok(person, account.email);
    assert.equal(person.email, account.email);
    assert.ok(person.title && person.phone, account.email);
    assert.equal(person.posts[0]?.uai, account.establishmentUai);
  }
  const teachers = people.filter((p) => p.profileCategory === 'secondaryTeacher');
  assert.ok(teachers.every((p) => p.disciplines.length > 0));
  assert.ok(
    teachers.some((p) => p.posts.length === 2),
    'some teachers share their service',
  );
  for (const establishment of await services.directory.listEstablishments()) {
    assert.ok(establishment.district && establishment.phone && establishment.website, establishment.uai);
    assert.match(establishment.address.postalCode ?? '', /^\d{5}$/);
  }
});

test('a demo seeded before the directory had people gets them at the next start, once', async (t) => {
  const services = await open(t);
  await seedDemoOnce(services);
  const count = (await services.directory.listPeople()).length;
  await services.database.write(async ({ db }) => {
    await db.deleteFrom('person_establishments').execute();
    await db.deleteFrom('people').execute();
  });
  assert.equal(await seedDemoOnce(services), undefined);
  const people = await services.directory.listPeople();
  assert.equal(people.length, count);
  // Linked again to the same accounts, and left alone by a further start.
  assert.ok(people.every((p) => p.accountId !== null));
  const stamp = people.map((p) => p.updatedAt.getTime());
  assert.equal(await seedDemoOnce(services), undefined);
  assert.deepEqual(
    (await services.directory.listPeople()).map((p) => p.updatedAt.getTime()),
    stamp,
  );
});

test('the demo directory records are the same on every run, with stable HR ids', () => {
  const staff = generateStaff(seededRandom(1), DEMO_ESTABLISHMENTS, new AddressBook(DEMO_DOMAIN));
  const first = demoDirectoryRecords(staff, DEMO_ESTABLISHMENTS);
  assert.deepEqual(demoDirectoryRecords(staff, DEMO_ESTABLISHMENTS), first);
  assert.equal(first[0]?.hrId, 'DEMO-0001');
  assert.equal(new Set(first.map((r) => r.hrId)).size, first.length);
});
