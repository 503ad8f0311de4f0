import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** Marie signed in twice on the web (the login pages are not there yet): her laptop and a shared computer. */
async function withSessions(cli: CliFixture): Promise<{ laptop: string; shared: string }> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', 'marie@ac-test.fr'])).code, 0);
  return cli.withServices(async ({ identity }) => {
    const marie = await identity.findAccount('marie@ac-test.fr');
    assert.ok(marie);
    const start = (isSharedComputer: boolean, remoteAddress: string) =>
      identity.startWebSession(marie, {
        state: 'active',
        secondFactor: 'trustedNetwork',
        isSharedComputer,
        remoteAddress,
        userAgent: FIREFOX,
      });
    const laptop = await start(false, '198.51.100.20');
    const shared = await start(true, '2001:db8::20');
    return { laptop: laptop.token, shared: shared.token };
  });
}

function isSignedIn(cli: CliFixture, token: string): Promise<boolean> {
  return cli.withServices(async ({ identity }) => (await identity.resumeWebSession(token)) !== undefined);
}

type Listed = { id: string; remoteAddress: string; isSharedComputer: boolean };

test('user sessions lists the open web sessions with their device and address', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withSessions(cli);
  const table = await cli.run(['user', 'sessions', 'marie@ac-test.fr']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ID\s+STATE\s+STARTED\s+LAST ACTIVITY\s+IP ADDRESS\s+DEVICE$/m);
  assert.match(
    table.stdout,
    /^s\S+\s+signed in\s+.+\s+198\.51\.100\.20\s+Mozilla\/5\.0 \(X11; Linux x86_64; rv:128\.0\) Gecko…$/m,
  );
  assert.match(table.stdout, /2001:db8::20\s+Mozilla.*… \(shared computer\)$/m);

  const listed = await cli.json(['user', 'sessions', 'marie@ac-test.fr']);
  assert.deepEqual((listed.value as Listed[]).map((s) => [s.remoteAddress, s.isSharedComputer]).sort(), [
    ['198.51.100.20', false],
    ['2001:db8::20', true],
  ]);
  assert.doesNotMatch(JSON.stringify(listed.value), /token/i, 'a session token or its hash is never shown');
  assert.equal((await cli.run(['user', 'sessions', 'nobody@ac-test.fr'])).code, 66);
});

test('user logout ends one session with --session, or all of them, at once', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const tokens = await withSessions(cli);
  const listed = (await cli.json(['user', 'sessions', 'marie@ac-test.fr'])).value as Listed[];
  const shared = listed.find((s) => s.isSharedComputer);
  assert.ok(shared);

  const unknown = await cli.run(['user', 'logout', 'marie@ac-test.fr', '--session', 'sNoSuchSession']);
  assert.equal(unknown.code, 66);
  assert.match(unknown.stderr, /The session "sNoSuchSession" was not found/);
  const one = await cli.run(['user', 'logout', 'marie@ac-test.fr', '--session', shared.id]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, new RegExp(`Session ${shared.id} of marie@ac-test\\.fr ended\\.`));
  assert.equal(await isSignedIn(cli, tokens.shared), false);
  assert.equal(await isSignedIn(cli, tokens.laptop), true);

  const all = await cli.json(['user', 'logout', 'marie@ac-test.fr']);
  assert.deepEqual(all.value, { account: 'marie@ac-test.fr', count: 1 });
  assert.equal(await isSignedIn(cli, tokens.laptop), false);
  assert.match(
    (await cli.run(['user', 'logout', 'marie@ac-test.fr'])).stdout,
    /No open session for marie@ac-test\.fr\./,
  );
  assert.match(
    (await cli.run(['user', 'sessions', 'marie@ac-test.fr'])).stdout,
    /No open web session for marie@ac-test\.fr\./,
  );

  const events = await cli.json(['audit', 'list', '--type', 'session.revoked']);
  assert.deepEqual(
    (events.value as { actor: unknown; subject: { email: string }; details: Record<string, unknown> }[]).map(
      (e) => [e.actor, e.subject.email, e.details.count ?? e.details.sessionId],
    ),
    [
      [null, 'marie@ac-test.fr', shared.id],
      [null, 'marie@ac-test.fr', 1],
    ],
  );
});

test('user sessions and logout speak French by default', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withSessions(cli);
  const table = await cli.run(['user', 'sessions', 'marie@ac-test.fr']);
  assert.match(
    table.stdout,
    /^IDENTIFIANT\s+ÉTAT\s+OUVERTE LE\s+DERNIÈRE ACTIVITÉ\s+ADRESSE IP\s+APPAREIL$/m,
  );
  assert.match(table.stdout, /connectée.*\(ordinateur partagé\)$/m);
  const ended = await cli.run(['user', 'logout', 'marie@ac-test.fr']);
  assert.match(ended.stdout, /2 session\(s\) de marie@ac-test\.fr fermée\(s\)\.\nEffet immédiat/);
});
