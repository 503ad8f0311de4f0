import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { silentLogger } from '#core/log';
import { DIRECTORY_SETTINGS, uaiOf, type HrReadResult, type HrRecord } from '#domain/directory';
import { importDirectoryJob, todaysTime } from './import-directory.ts';
import { openJobsFixture, TEST_DOMAIN, type JobsFixture } from './jobs.fixture.ts';

const LYCEE = uaiOf(380027);

function person(hrId: string): HrRecord {
  return {
    location: { line: 1 },
    hrId,
    givenName: 'Prénom',
    familyName: `Nom${hrId}`,
    email: `p.${hrId.toLowerCase()}@${TEST_DOMAIN}`,
    title: 'Professeur certifié',
    profileCategory: 'secondaryTeacher',
    disciplines: [],
    phone: '04 76 00 00 00',
    posts: [{ uai: LYCEE, role: 'enseignant' }],
  };
}

async function open(t: Parameters<typeof openJobsFixture>[0], source: () => Promise<HrReadResult>) {
  // 2026-01-15 01:00 UTC is 02:00 in Paris (winter time).
  const fixture = await openJobsFixture(t, { VERCORS_DIRECTORY_IMPORT_DAILY_AT: '02:30' });
  fixture.clock.set(new Date('2026-01-15T01:00:00Z'));
  await fixture.services.directory.upsertEstablishment({
    uai: LYCEE,
    name: 'Lycée Champollion',
    type: 'lycee',
    commune: 'Grenoble',
    department: '38',
  });
  const job = importDirectoryJob({
    directory: fixture.services.directory,
    audit: fixture.services.audit,
    settings: fixture.services.config.get(DIRECTORY_SETTINGS),
    readSource: source,
    clock: fixture.clock,
    log: silentLogger(),
  });
  return { fixture, job };
}

const outcomes = async (fixture: JobsFixture) =>
  (await fixture.services.audit.list({ types: ['directory.imported'] })).map(
    (event) => event.details.outcome,
  );

test('the import runs once a day after its Paris time, and again the next day', async (t) => {
  let records = [person('H1'), person('H2')];
  const { fixture, job } = await open(t, () =>
    Promise.resolve({ source: 'csv' as const, records, rejected: [] }),
  );
  assert.deepEqual((await job.run()).counts, { imported: 0 }, '02:00: not yet');
  fixture.clock.advance(31 * 60_000);
  assert.deepEqual((await job.run()).counts, { imported: 1, created: 2, updated: 0, departed: 0 });
  assert.ok(await fixture.services.directory.findPerson('H2'));
  assert.deepEqual((await job.run()).counts, { imported: 0 }, 'once a day');
  records = [person('H1'), person('H2'), person('H3')];
  fixture.clock.advance(24 * 60 * 60_000);
  assert.deepEqual((await job.run()).counts, { imported: 1, created: 1, updated: 0, departed: 0 });
  assert.deepEqual(await outcomes(fixture), ['applied', 'applied']);
  // The job main.ts composes is this one.
  assert.deepEqual((await fixture.run('import-directory')).counts, { imported: 0 });
});

test('a refusal by the guard or an unreadable source is recorded once, changes nothing, and waits a day', async (t) => {
  let source: () => Promise<HrReadResult> = () =>
    Promise.resolve({
      source: 'csv',
      records: Array.from({ length: 20 }, (_, i) => person(`H${i}`)),
      rejected: [],
    });
  const { fixture, job } = await open(t, () => source());
  fixture.clock.advance(31 * 60_000);
  await job.run();
  // The next night's file is truncated: 18 of 20 people would depart.
  source = () => Promise.resolve({ source: 'csv', records: [person('H0'), person('H1')], rejected: [] });
  fixture.clock.advance(24 * 60 * 60_000);
  assert.deepEqual((await job.run()).counts, { imported: 0, refused: 1 });
  assert.equal((await fixture.services.directory.findPerson('H5'))?.hrStatus, 'present');
  assert.deepEqual((await job.run()).counts, { imported: 0 }, 'not retried the same day');
  // The night after, the file is missing.
  source = () =>
    Promise.reject(
      new DomainError('unavailable', 'cannot read', {
        details: { subject: 'hrSource', name: '/srv/rh.csv', reason: 'fileUnreadable' },
      }),
    );
  fixture.clock.advance(24 * 60 * 60_000);
  assert.deepEqual((await job.run()).counts, { imported: 0, failed: 1 });
  assert.deepEqual(await outcomes(fixture), ['applied', 'refused', 'failed']);
});

test('today’s time is the Paris wall clock, winter and summer', () => {
  assert.equal(todaysTime('', Date.parse('2026-01-15T03:00:00Z')), undefined);
  assert.equal(todaysTime('02:30', Date.parse('2026-01-15T01:29:59Z')), undefined);
  assert.equal(
    todaysTime('02:30', Date.parse('2026-01-15T01:40:12.345Z')),
    Date.parse('2026-01-15T01:30:00Z'),
  );
  assert.equal(todaysTime('02:30', Date.parse('2026-07-15T00:45:00Z')), Date.parse('2026-07-15T00:30:00Z'));
  assert.equal(todaysTime('23:59', Date.parse('2026-07-15T12:00:00Z')), undefined);
});
