// The HR import end to end on the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND=postgres): plan,
// apply, and the rules that make re-running it safe.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { DomainError } from '#core/errors';
import { listAuditEvents } from '#domain/audit';
import type { Services } from '../../../main.ts';
import { openTestServices } from '../../../test-support/test-services.ts';
import { uaiOf } from '../uai.ts';
import type { HrReadResult, HrRecord } from './hr-record.ts';
import { DEFAULT_CSV_MAPPING, readCsvRecords } from './csv-records.ts';

const LYCEE = uaiOf(380027);
const COLLEGE = uaiOf(380028);
const ECOLE = uaiOf(730001);
const DOMAIN = 'ac-test.fr';

type Fixture = Services & { clock: ReturnType<typeof fixedClock> };

async function open(t: TestContext, env: Record<string, string> = {}): Promise<Fixture> {
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const services = await openTestServices(t, { clock, env });
  await services.identity.addDomain(DOMAIN);
  await services.directory.upsertEstablishments([
    { uai: LYCEE, name: 'Lycée Champollion', type: 'lycee', commune: 'Grenoble', department: '38' },
    { uai: COLLEGE, name: 'Collège Stendhal', type: 'college', commune: 'Grenoble', department: '38' },
    { uai: ECOLE, name: 'École du Lac', type: 'ecole', commune: 'Chambéry', department: '73' },
  ]);
  return Object.assign(services, { clock });
}

function person(hrId: string, extra: Partial<HrRecord> = {}): HrRecord {
  return {
    location: { line: Number(hrId.replace(/\D/g, '')) + 1 },
    hrId,
    givenName: 'Prénom',
    familyName: `Nom${hrId}`,
    email: `p.${hrId.toLowerCase()}@${DOMAIN}`,
    title: 'Professeur certifié',
    profileCategory: 'secondaryTeacher',
    disciplines: ['Histoire-géographie'],
    phone: '04 76 00 00 00',
    posts: [{ uai: LYCEE, role: 'enseignant' }],
    ...extra,
  };
}

const source = (records: readonly HrRecord[]): HrReadResult => ({ source: 'csv', records, rejected: [] });

async function importAll(services: Fixture, records: readonly HrRecord[], options = {}) {
  const plan = await services.directory.planImport(source(records), options);
  const report = await services.directory.applyImport(plan, options);
  return { plan, report };
}

test('a first import creates people and their accounts; the same input again changes nothing', async (t) => {
  const services = await open(t);
  const { identity, directory } = services;
  await identity.createAccount({ email: `deja.la@${DOMAIN}`, displayName: 'Déjà Là' });
  const records = [
    person('E1'),
    person('E2', { email: `deja.la@${DOMAIN}`, givenName: 'Déjà', familyName: 'Là' }),
    person('E3', { email: 'externe@example.org', profileCategory: 'other', posts: [] }),
    person('E4', { email: '', profileCategory: 'primaryTeacher', posts: [{ uai: ECOLE }] }),
  ];
  const { plan, report } = await importAll(services, records);
  assert.deepEqual(
    plan.creates.map((c) => [c.hrId, c.account?.kind ?? null]),
    [
      ['E1', 'create'],
      ['E2', 'link'],
      ['E3', null],
      ['E4', null],
    ],
  );
  assert.equal(report.created, 4);
  assert.deepEqual(
    { ...report.accounts, failed: report.accounts.failed.length },
    {
      created: 1,
      linked: 1,
      suspended: 0,
      updated: 1,
      failed: 0,
    },
  );

  // The new account has no password (the helpdesk's activation code opens it) and follows HR.
  const account = await identity.findAccount(`p.e1@${DOMAIN}`);
  assert.ok(account);
  assert.equal(account.hasPassword, false);
  assert.equal(account.establishmentUai, LYCEE);
  assert.equal(account.profileCategory, 'secondaryTeacher');
  // The linked account took HR's names.
  assert.equal((await identity.findAccount(`deja.la@${DOMAIN}`))?.displayName, 'Déjà Là');
  const e4 = await directory.findPerson('E4');
  assert.deepEqual(
    e4?.posts.map((p) => [p.uai, p.role, p.isPrimary, p.name]),
    [[ECOLE, 'enseignant', true, 'École du Lac']],
  );
  assert.equal(e4?.accountId, null);
  assert.equal((await directory.findPerson(`P.E1@${DOMAIN}`))?.accountId, account.id);
  assert.equal((await directory.findPersonByAccount(account.id))?.hrId, 'E1');

  const again = await directory.planImport(source(records));
  assert.deepEqual(
    [again.creates.length, again.updates.length, again.departures.length, again.accountUpdates.length],
    [0, 0, 0, 0],
  );
  assert.equal(again.unchanged, 4);
  const second = await directory.applyImport(again);
  assert.equal(second.accounts.created + second.accounts.linked + second.accounts.updated, 0);
  assert.equal((await directory.listPeople({ scope: 'withDeparted' })).length, 4);
});

test('a person moving establishment is updated, not duplicated, and their account follows', async (t) => {
  const services = await open(t);
  const { directory, identity } = services;
  await importAll(services, [person('E1'), person('E2')]);
  const before = await directory.findPerson('E1');
  const moved = person('E1', {
    posts: [{ uai: COLLEGE, role: 'direction' }, { uai: LYCEE }],
    title: 'Principal adjoint',
    profileCategory: 'management',
  });
  const plan = await directory.planImport(source([moved, person('E2')]));
  assert.equal(plan.creates.length, 0);
  assert.equal(plan.unchanged, 1);
  assert.deepEqual(
    plan.updates.map((u) => u.changes.map((c) => [c.field, c.from, c.to])),
    [
      [
        ['title', 'Professeur certifié', 'Principal adjoint'],
        ['profileCategory', 'secondaryTeacher', 'management'],
        ['posts', [`${LYCEE}:enseignant`], [`${COLLEGE}:direction`, `${LYCEE}:direction`]],
      ],
    ],
  );
  await directory.applyImport(plan);
  const after = await directory.findPerson('E1');
  assert.equal(after?.id, before?.id);
  assert.deepEqual(
    after?.posts.map((p) => [p.uai, p.isPrimary]),
    [
      [COLLEGE, true],
      [LYCEE, false],
    ],
  );
  assert.equal((await identity.findAccount(`p.e1@${DOMAIN}`))?.establishmentUai, COLLEGE);
  assert.equal((await directory.listPeople({ scope: 'withDeparted' })).length, 2);
  // Removing an establishment people work in is refused.
  await assert.rejects(
    directory.removeEstablishment(ECOLE).then(() => directory.removeEstablishment(COLLEGE)),
    {
      name: 'DomainError',
      code: 'inUse',
    },
  );
});

test('people missing from a complete import depart, their accounts suspended and audited', async (t) => {
  const services = await open(t);
  const { directory, identity, database } = services;
  const everyone = Array.from({ length: 12 }, (_, i) => person(`E${i + 1}`));
  await importAll(services, everyone);

  // A partial import (one establishment's file) departs nobody.
  const partial = await directory.planImport(source(everyone.slice(0, 3)), { isPartial: true });
  assert.equal(partial.departures.length, 0);
  assert.equal(partial.unchanged, 3);

  services.clock.advance(60_000);
  const { plan, report } = await importAll(services, everyone.slice(1));
  assert.deepEqual(
    plan.departures.map((d) => d.hrId),
    ['E1'],
  );
  assert.equal(report.accounts.suspended, 1);
  const departed = await directory.findPerson('E1');
  assert.equal(departed?.hrStatus, 'departed');
  assert.equal(departed?.departedAt?.toISOString(), '2026-09-01T08:01:00.000Z');
  const account = await identity.findAccount(`p.e1@${DOMAIN}`);
  assert.equal(account?.status, 'suspended');
  assert.equal(account?.statusReason, 'departure');
  const events = await listAuditEvents(database.db, { accountId: account?.id ?? '' });
  assert.ok(events.some((e) => e.type === 'account.suspended' && e.details.reason === 'departure'));
  assert.equal(
    (await directory.listPeople()).some((p) => p.hrId === 'E1'),
    false,
  );

  // Idempotent: departing again changes nothing.
  const again = await directory.planImport(source(everyone.slice(1)));
  assert.equal(again.departures.length, 0);

  // Coming back: present again, the account stays suspended until the helpdesk reactivates it.
  const back = await directory.planImport(source(everyone));
  assert.deepEqual(
    back.updates.map((u) => [u.hrId, u.changes.map((c) => `${c.field}:${String(c.from)}>${String(c.to)}`)]),
    [['E1', ['hrStatus:departed>present']]],
  );
  await directory.applyImport(back);
  assert.equal((await directory.findPerson('E1'))?.hrStatus, 'present');
  assert.equal((await identity.findAccount(`p.e1@${DOMAIN}`))?.status, 'suspended');
});

test('a truncated file is refused by the departure guard unless forced', async (t) => {
  const services = await open(t, { VERCORS_DIRECTORY_IMPORT_MAX_DEPARTURE_SHARE: '20' });
  const { directory, identity } = services;
  const everyone = Array.from({ length: 10 }, (_, i) => person(`E${i + 1}`));
  await importAll(services, everyone);
  const truncated = everyone.slice(0, 7);
  const plan = await directory.planImport(source(truncated));
  assert.equal(plan.departures.length, 3);
  assert.deepEqual(plan.guard, {
    departureShare: 0.3,
    maxShare: 0.2,
    hasUnidentifiedRejections: false,
    isRefused: true,
  });
  await assert.rejects(directory.applyImport(plan), (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'limit');
    assert.equal(error.details.reason, 'tooManyDepartures');
    return true;
  });
  assert.equal((await identity.findAccount(`p.e10@${DOMAIN}`))?.status, 'active');
  const forced = await directory.planImport(source(truncated), { isForced: true });
  assert.equal(forced.guard.isRefused, false);
  assert.equal((await directory.applyImport(forced)).departed, 3);
});

test('bad rows are rejected with their reason and line, and a rejected person never departs', async (t) => {
  const services = await open(t, { VERCORS_DIRECTORY_IMPORT_MAX_DEPARTURE_SHARE: '50' });
  const { directory } = services;
  await importAll(services, [person('E1'), person('E2'), person('E3')]);
  const read: HrReadResult = {
    source: 'csv',
    records: [
      person('E1', { email: 'broken' }),
      person('E2'),
      person('E2', { location: { line: 10 } }),
      person('E4', { email: `p.e2@${DOMAIN}` }),
      person('E5', { posts: [{ uai: uaiOf(260001) }] }),
      person('E6', { familyName: '' }),
      person('E7', { email: `p.e3@${DOMAIN}` }),
    ],
    rejected: [{ line: 20, hrId: null, reason: 'strayQuote' }],
  };
  const plan = await directory.planImport(read);
  assert.deepEqual(
    plan.rejected.map((r) => [r.line, r.hrId, r.reason]),
    [
      [2, 'E1', 'invalidEmail'],
      [5, 'E4', 'duplicateEmail'],
      [6, 'E5', 'unknownEstablishment'],
      [7, 'E6', 'missingName'],
      [8, 'E7', 'emailTaken'],
      [10, 'E2', 'duplicateHrId'],
      [20, null, 'strayQuote'],
    ],
  );
  // E1 was rejected, not forgotten: only E3, absent from the file, departs.
  assert.deepEqual(
    plan.departures.map((d) => d.hrId),
    ['E3'],
  );
  assert.equal(plan.read, 8);
  // Line 20 could not be read: it may be E3's, so the departure waits for the file to be fixed (or --force).
  assert.equal(plan.guard.hasUnidentifiedRejections, true);
  assert.equal(plan.guard.isRefused, true);
  await assert.rejects(directory.applyImport(plan), (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.details.reason, 'unidentifiedRejections');
    return true;
  });
  const fixed = await directory.planImport({ ...read, rejected: [] });
  assert.equal(fixed.guard.isRefused, false);
});

test('the listed directory is one bulk read; opting out is the person’s choice or an administrator’s', async (t) => {
  const services = await open(t);
  const { directory, identity } = services;
  await importAll(services, [
    person('E1', { familyName: 'Bernard' }),
    person('E2', { familyName: 'Arnaud', posts: [{ uai: COLLEGE }, { uai: LYCEE, role: 'vie-scolaire' }] }),
    person('E3', { familyName: 'Caron', posts: [{ uai: ECOLE }] }),
  ]);
  const listed = await directory.listPeople();
  assert.deepEqual(
    listed.map((p) => [p.familyName, p.posts.map((post) => post.uai), p.accountStatus]),
    [
      ['Arnaud', [COLLEGE, LYCEE], 'active'],
      ['Bernard', [LYCEE], 'active'],
      ['Caron', [ECOLE], 'active'],
    ],
  );
  assert.deepEqual(
    (await directory.listPeople({ establishmentUai: LYCEE.toLowerCase() })).map((p) => p.hrId),
    ['E2', 'E1'],
  );

  const e3 = await directory.findPerson('E3');
  const e3Account = await identity.findAccount(`p.e3@${DOMAIN}`);
  assert.ok(e3 && e3Account);
  const stranger = { accountId: 'a-other', email: 'x@ac-test.fr', roles: [] };
  await assert.rejects(directory.setListing(e3.id, 'optedOut', stranger), { code: 'notFound' });
  const otherSchool = { ...stranger, roles: [{ role: 'establishmentAdmin', scope: LYCEE }] };
  await assert.rejects(directory.setListing(e3.id, 'optedOut', otherSchool), { code: 'notFound' });
  await assert.rejects(directory.setListing(e3.id, 'hidden'), { code: 'invalid' });
  const self = { accountId: e3Account.id, email: e3Account.email, roles: [] };
  assert.equal((await directory.setListing(e3.id, 'optedOut', self)).listing, 'optedOut');
  assert.deepEqual(
    (await directory.listPeople()).map((p) => p.hrId),
    ['E2', 'E1'],
  );
  assert.equal((await directory.listPeople({ scope: 'all' })).length, 3);
  // A re-import does not override the person's choice.
  const plan = await directory.planImport(
    source([
      person('E1', { familyName: 'Bernard' }),
      person('E2', { familyName: 'Arnaud', posts: [{ uai: COLLEGE }, { uai: LYCEE, role: 'vie-scolaire' }] }),
      person('E3', { familyName: 'Caron', posts: [{ uai: ECOLE }] }),
    ]),
  );
  assert.equal(plan.unchanged, 3);
  const schoolAdmin = { ...stranger, roles: [{ role: 'establishmentAdmin', scope: ECOLE }] };
  assert.equal((await directory.setListing(e3.id, 'listed', schoolAdmin)).listing, 'listed');
});

test('only an administrator imports; without account creation, accounts are linked but never made', async (t) => {
  const services = await open(t, { VERCORS_DIRECTORY_IMPORT_CREATE_ACCOUNTS: 'false' });
  const { directory, identity } = services;
  const teacher = { accountId: 'a-1', email: 't@ac-test.fr', roles: [] };
  await assert.rejects(directory.planImport(source([person('E1')]), { actor: teacher }), {
    code: 'forbidden',
  });
  const admin = await identity.createAccount({
    email: `admin@${DOMAIN}`,
    displayName: 'Admin',
    roles: [{ role: 'admin' }],
  });
  await identity.createAccount({ email: `p.e2@${DOMAIN}`, displayName: 'E2' });
  const actor = { accountId: admin.id, email: admin.email, roles: admin.roles };
  const plan = await directory.planImport(source([person('E1'), person('E2')]), { actor });
  assert.deepEqual(
    plan.creates.map((c) => c.account?.kind ?? null),
    [null, 'link'],
  );
  const report = await directory.applyImport(plan, { actor });
  assert.equal(report.accounts.created, 0);
  assert.equal(await identity.findAccount(`p.e1@${DOMAIN}`), undefined);
});

test('a CSV export goes through the same plan', async (t) => {
  const services = await open(t);
  const csv = new TextEncoder().encode(
    '\uFEFFmatricule;nom;prenom;courriel;fonction;categorie;disciplines;etablissements;telephone\r\n' +
      `E1;Martin;Hélène;h.martin@${DOMAIN};Professeure des écoles;primaryTeacher;;${ECOLE};04 79 00 00 00\r\n` +
      `E2;Durand;Luc;;Secrétaire de direction;administrative;;${LYCEE}:secretariat;\r\n` +
      `E3;Faure;Anne;;;;;${LYCEE}:chef;\r\n`,
  );
  const read = readCsvRecords(csv, DEFAULT_CSV_MAPPING);
  const { plan, report } = await importAll(services, read.records);
  assert.equal(report.created, 2);
  assert.deepEqual(
    plan.rejected.map((r) => [r.line, r.reason, r.field, r.value]),
    [[4, 'invalidChoice', 'role', 'chef']],
  );
  const e2 = await services.directory.findPerson('E2');
  assert.equal(e2?.title, 'Secrétaire de direction');
  assert.equal(e2?.posts[0]?.role, 'secretariat');
});

test('a shared mailbox or an alias at a person’s address is neither linked nor taken for a new account', async (t) => {
  const services = await open(t);
  const { directory, identity } = services;
  await identity.createAccount({ email: `ce.lycee@${DOMAIN}`, displayName: 'Secrétariat', kind: 'shared' });
  await identity.createAccount({
    email: `j.dupont@${DOMAIN}`,
    displayName: 'Jean Dupont',
    aliases: [`jean.dupont@${DOMAIN}`],
  });
  const plan = await directory.planImport(
    source([person('E1', { email: `ce.lycee@${DOMAIN}` }), person('E2', { email: `jean.dupont@${DOMAIN}` })]),
  );
  assert.deepEqual(
    plan.creates.map((c) => c.account),
    [null, null],
  );
  const report = await directory.applyImport(plan);
  assert.deepEqual(report.accounts.failed, []);
  assert.equal((await directory.findPerson('E1'))?.accountId, null);
});

test('an applied import and a listing choice are audited, with counts and never names', async (t) => {
  const services = await open(t);
  await importAll(services, [person('H1'), person('H2')]);
  await importAll(services, [person('H1'), person('H2', { title: 'Proviseur adjoint' })]);
  const imported = await listAuditEvents(services.database.db, { types: ['directory.imported'] });
  assert.deepEqual(
    imported.map((event) => [
      event.actor,
      event.details.created,
      event.details.updated,
      event.details.outcome,
    ]),
    [
      [null, 2, 0, 'applied'],
      [null, 0, 1, 'applied'],
    ],
  );
  assert.ok(!JSON.stringify(imported).includes('NomH1'), 'no name in the import’s event');

  const h1 = await services.directory.findPerson('H1');
  assert.ok(h1);
  await services.directory.setListing(h1.id, 'optedOut');
  const [listing] = await listAuditEvents(services.database.db, { types: ['directory.listingChanged'] });
  assert.deepEqual(listing?.details, { personId: h1.id, listing: 'optedOut' });
  assert.equal(listing?.subject?.email, h1.email);
});
