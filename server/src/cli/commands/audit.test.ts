import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import type { AuditEvent } from '#domain/audit';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';
import { auditEventLines } from './audit.ts';

type Exported = { seq: number; at: string; type: string; subject: { email: string } | null };

/**
 * Marie and Jean, and three events at known times: a failed login of Marie on 1 November at 08:30 Paris
 * time, her login the next day at 08:30, and a failed IMAP login of Jean on 3 November.
 */
async function withEvents(cli: CliFixture): Promise<{ marieId: string }> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', 'marie@ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', 'jean@ac-test.fr'])).code, 0);
  const clock = fixedClock(new Date('2026-11-01T07:30:00Z'));
  return cli.withServices(async ({ identity, audit, database }) => {
    // The setup's own events (the domain and the accounts created) are left out: the tests read these three.
    await database.write(({ db }) => db.deleteFrom('audit_events').execute());
    const party = async (email: string) => {
      const account = await identity.findAccount(email);
      assert.ok(account);
      return { accountId: account.id, email: account.email };
    };
    const marie = await party('marie@ac-test.fr');
    await audit.record({
      type: 'login.failed',
      subject: marie,
      remoteAddress: '198.51.100.7',
      details: { reason: 'password', userAgent: `Mozilla/5.0 ${'x'.repeat(120)}` },
    });
    clock.advance(86_400_000);
    await audit.record({
      type: 'login.succeeded',
      actor: marie,
      subject: marie,
      remoteAddress: '198.51.100.7',
    });
    clock.advance(86_400_000);
    await audit.record({
      type: 'protocolLogin.failed',
      subject: await party('jean@ac-test.fr'),
      remoteAddress: '2001:db8::9',
      details: { protocol: 'imap' },
    });
    return { marieId: marie.accountId };
  }, clock);
}

const types = (value: unknown) => (value as Exported[]).map((event) => event.type);

test('audit list shows Paris times, parties, addresses and details, and filters by account, type and date', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const { marieId } = await withEvents(cli);

  const all = await cli.run(['audit', 'list']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^TIME \(PARIS\)\s+TYPE\s+ACTOR\s+SUBJECT\s+IP ADDRESS\s+DETAILS$/m);
  assert.match(
    all.stdout,
    /^2026-11-01 08:30:00\s+login\.failed\s+—\s+marie@ac-test\.fr\s+198\.51\.100\.7\s+reason=password userAgent=Mozilla\/5\.0 x+…$/m,
  );
  assert.match(
    all.stdout,
    /^2026-11-02 08:30:00\s+login\.succeeded\s+marie@ac-test\.fr\s+marie@ac-test\.fr/m,
  );
  assert.match(
    all.stdout,
    /^2026-11-03 08:30:00\s+protocolLogin\.failed\s+—\s+jean@ac-test\.fr\s+2001:db8::9\s+protocol=imap$/m,
  );

  const json = await cli.json(['audit', 'list', '--account', 'marie@ac-test.fr']);
  assert.deepEqual(types(json.value), ['login.failed', 'login.succeeded']);
  assert.equal((json.value as Exported[])[0]?.at, '2026-11-01T07:30:00.000Z');
  assert.deepEqual(types((await cli.json(['audit', 'list', '--account', marieId])).value), [
    'login.failed',
    'login.succeeded',
  ]);

  const byType = await cli.json([
    'audit',
    'list',
    '--type',
    'login.failed',
    '--type',
    'protocolLogin.failed',
  ]);
  assert.deepEqual(types(byType.value), ['login.failed', 'protocolLogin.failed']);
  const commas = await cli.json(['audit', 'list', '--type', 'login.succeeded,protocolLogin.failed']);
  assert.deepEqual(types(commas.value), ['login.succeeded', 'protocolLogin.failed']);

  // A date alone is its whole Paris day; a time is an instant, in Paris unless it says otherwise.
  const oneDay = await cli.json(['audit', 'list', '--since', '2026-11-02', '--until', '2026-11-02']);
  assert.deepEqual(types(oneDay.value), ['login.succeeded']);
  const fromNine = await cli.json([
    'audit',
    'list',
    '--since',
    '2026-11-01T09:00',
    '--until',
    '2026-11-03T08:29',
  ]);
  assert.deepEqual(types(fromNine.value), ['login.succeeded']);
  const utc = await cli.json(['audit', 'list', '--until', '2026-11-01T07:30Z']);
  assert.deepEqual(types(utc.value), ['login.failed']);
});

test('audit list pages with --limit and --after, saying how to get the next page', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withEvents(cli);
  const first = await cli.run(['audit', 'list', '--limit', '2']);
  const next = /Next: add --after (\d+)\./.exec(first.stdout);
  assert.ok(next, first.stdout);
  const second = await cli.run(['audit', 'list', '--limit', '2', '--after', next[1] ?? '']);
  assert.match(second.stdout, /protocolLogin\.failed/);
  assert.doesNotMatch(second.stdout, /login\.failed|Next:/);
  assert.match(
    (await cli.run(['audit', 'list', '--type', 'policy.changed'])).stdout,
    /^No event matches\.$/m,
  );
});

test('bad filters are usage errors; an unknown type lists the valid ones; an unknown address is not found', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const unknownType = await cli.run(['audit', 'list', '--type', 'login.failed', '--type', 'login.bogus']);
  assert.equal(unknownType.code, 64);
  assert.match(
    unknownType.stderr,
    /--type: unknown event type "login\.bogus"\. Valid types: login\.succeeded, login\.failed, /,
  );
  assert.match(unknownType.stderr, /Usage: vercors audit list /);
  const badDate = await cli.run(['audit', 'export', '--since', '01/11/2026']);
  assert.equal(badDate.code, 64);
  assert.match(
    badDate.stderr,
    /--since: "01\/11\/2026" is not a date \(YYYY-MM-DD or YYYY-MM-DDTHH:MM, Paris time/,
  );
  const reversed = await cli.run(['audit', 'list', '--since', '2026-11-02', '--until', '2026-11-01']);
  assert.equal(reversed.code, 64);
  assert.match(reversed.stderr, /--since \(2026-11-02\) is later than --until \(2026-11-01\)/);
  for (const limit of ['0', '1001', 'ten', '1e2']) {
    assert.equal((await cli.run(['audit', 'list', '--limit', limit])).code, 64, limit);
  }
  assert.equal((await cli.run(['audit', 'list', '--after', '-1'])).code, 64);
  const nobody = await cli.run(['audit', 'list', '--account', 'nobody@ac-test.fr']);
  assert.equal(nobody.code, 66);
  assert.match(nobody.stderr, /The account "nobody@ac-test\.fr" was not found/);
});

test('audit export writes JSON lines to standard output, or atomically to a file', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withEvents(cli);

  const piped = await cli.run(['audit', 'export']);
  assert.equal(piped.code, 0, piped.stderr);
  const lines = piped.stdout.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((line) => (JSON.parse(line) as Exported).type),
    ['login.failed', 'login.succeeded', 'protocolLogin.failed'],
  );
  assert.match(piped.stderr, /^3 event\(s\) exported\.$/m);
  // --json changes nothing: the lines are already for machines.
  assert.equal((await cli.run(['audit', 'export', '--json'])).stdout, piped.stdout);

  const file = join(cli.dataDir, 'exports', 'audit.jsonl');
  await mkdir(join(cli.dataDir, 'exports'));
  const written = await cli.run(['audit', 'export', '--type', 'login.failed', '--output', file]);
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stdout, /^1 event\(s\) exported to .*audit\.jsonl\.$/m);
  const content = await readFile(file, 'utf8');
  assert.equal(content.split('\n').length, 2, 'one line, then the final newline');
  assert.equal((JSON.parse(content) as Exported).subject?.email, 'marie@ac-test.fr');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const summary = await cli.json(['audit', 'export', '--account', 'jean@ac-test.fr', '--output', file]);
  assert.deepEqual(summary.value, { output: file, count: 1 });
  assert.match(await readFile(file, 'utf8'), /protocolLogin\.failed/);

  const nowhere = await cli.run(['audit', 'export', '--output', join(cli.dataDir, 'missing', 'audit.jsonl')]);
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /Cannot write .*audit\.jsonl \(ENOENT\): check that the folder exists/);
});

test('export lines are gathered into chunks, with progress every so many events', async () => {
  async function* events(count: number): AsyncGenerator<AuditEvent> {
    for (let seq = 1; seq <= count; seq++) {
      await Promise.resolve();
      yield {
        seq,
        at: seq * 1000,
        type: 'login.failed',
        actor: null,
        subject: null,
        remoteAddress: null,
        details: {},
      };
    }
  }
  const counter = { count: 0 };
  const progress: number[] = [];
  const chunks: string[] = [];
  for await (const chunk of auditEventLines(events(5), counter, (count) => progress.push(count), 2)) {
    chunks.push(chunk);
  }
  assert.deepEqual(progress, [2, 4]);
  assert.equal(counter.count, 5);
  assert.equal(chunks.length, 1, 'five short lines fit in one chunk');
  assert.deepEqual(
    chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as Exported).at),
    [1, 2, 3, 4, 5].map((n) => new Date(n * 1000).toISOString()),
  );

  const many = { count: 0 };
  let largest = 0;
  let total = 0;
  for await (const chunk of auditEventLines(events(2000), many, () => {})) {
    largest = Math.max(largest, chunk.length);
    total++;
  }
  assert.ok(total > 1 && largest < 70 * 1024, `${total} chunks, the largest ${largest} characters`);
});

test('audit speaks French by default', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withEvents(cli);
  const listed = await cli.run(['audit', 'list', '--limit', '1']);
  assert.match(listed.stdout, /^HEURE \(PARIS\)\s+TYPE\s+ACTEUR\s+SUJET\s+ADRESSE IP\s+DÉTAILS$/m);
  assert.match(listed.stdout, /Suite : ajoutez --after \d+\./);
  const unknownType = await cli.run(['audit', 'list', '--type', 'connexion']);
  assert.match(
    unknownType.stderr,
    /--type : type d’événement inconnu « connexion »\. Types possibles : login\.succeeded/,
  );
  assert.match((await cli.run(['audit', 'export'])).stderr, /3 événement\(s\) exporté\(s\)\./);
});
