// `vercors serve` with two workers on SQLite: worker 2 sends its small mail writes to worker 1, the write owner
// (decision 0013). IMAP sessions spread over both workers see each other's STOREs, MOVEs and EXPUNGEs, CONDSTORE
// still holds, and while worker 1 restarts worker 2 writes by itself, then forwards again.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openImapSession, type ImapSession } from './imap-load-client.ts';
import {
  IMAP_USER,
  plainMessage,
  prepareImapData,
  seedThroughMx,
  startImapServerWithHttp,
  stopImapServer,
  type ImapServer,
} from './imap-server-setup.ts';

const SESSIONS = 6;
const root = await mkdtemp(join(tmpdir(), 'vercors-owner-e2e-'));
let server: ImapServer | undefined;
let base = '';

before(async () => {
  const dataDir = join(root, 'data');
  await prepareImapData(dataDir);
  const started = await startImapServerWithHttp(dataDir, { workers: 2 });
  ({ server, base } = started);
  await seedThroughMx(started.server.ports.smtp, IMAP_USER.email, SESSIONS, (index) =>
    plainMessage({
      from: 'paul@exemple.org',
      subject: `Réunion ${index}`,
      messageId: `r${index}@exemple.org`,
      body: 'Bonjour',
    }),
  );
});

after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

async function openSelected(): Promise<ImapSession> {
  assert.ok(server);
  const session = await openImapSession({ port: server.ports.imap });
  await session.login(IMAP_USER.email, IMAP_USER.password);
  await session.ok('SELECT INBOX (CONDSTORE)');
  return session;
}

/** Worker 2's forwarded, local and failed keyword changes, from the node's /metrics page. */
async function forwarding(): Promise<Record<string, number>> {
  const page = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const counts: Record<string, number> = {};
  for (const [, outcome, value] of page.matchAll(
    /^vercors_forwarded_writes_total\{worker="2",outcome="(\w+)"\} (\d+)$/gm,
  ))
    counts[outcome as string] = Number(value);
  return counts;
}

/** The MODSEQ of the `* n FETCH` line of a STORE reply, which must carry `flag`. */
function storedModseq(reply: { untagged: readonly { text: string }[] }, flag: string): number {
  const line = reply.untagged.find((untagged) => untagged.text.includes('FETCH'));
  assert.ok(line, 'the STORE reply has a FETCH line');
  assert.ok(line.text.toLowerCase().includes(flag.toLowerCase()), line.text);
  const modseq = /MODSEQ \((\d+)\)/.exec(line.text)?.[1];
  assert.ok(modseq, line.text);
  return Number(modseq);
}

test('STOREs in sessions on both workers run, reach a session in IDLE, and keep CONDSTORE exact', async () => {
  const watcher = await openSelected();
  const sessions: ImapSession[] = [];
  try {
    await watcher.idle();
    // New connections go to the workers in turn: half of these sessions are in worker 2.
    for (let i = 0; i < SESSIONS; i++) sessions.push(await openSelected());
    await Promise.all(
      sessions.map(async (session, i) => {
        const number = i + 1;
        const first = storedModseq(await session.ok(`STORE ${number} +FLAGS (\\Flagged)`), '\\Flagged');
        // Unchanged since the session's own change: applied.
        const second = await session.ok(`STORE ${number} (UNCHANGEDSINCE ${first}) +FLAGS ($Rappel)`);
        assert.ok(storedModseq(second, '$Rappel') > first);
        assert.doesNotMatch(second.text, /MODIFIED/);
        // A stale UNCHANGEDSINCE: refused for that message only.
        const stale = await session.ok(`STORE ${number} (UNCHANGEDSINCE ${first}) -FLAGS ($Rappel)`);
        assert.match(stale.text, new RegExp(`\\[MODIFIED ${number}\\]`));
      }),
    );
    // Each message's last change reaches the watcher as a FETCH with its flags, in whatever order.
    const seen = new Set<string>();
    await watcher.waitForUntagged((line) => {
      const number = /^\* (\d+) FETCH \(.*\$rappel/i.exec(line.text)?.[1];
      if (number !== undefined) seen.add(number);
      return seen.size === SESSIONS;
    }, 5_000);
    await watcher.done();
    const fetched = await watcher.ok(`FETCH 1:${SESSIONS} FLAGS`);
    assert.equal(
      fetched.untagged.filter((line) => /\\Flagged \$rappel|\$rappel \\Flagged/i.test(line.text)).length,
      SESSIONS,
    );
    const counts = await forwarding();
    assert.ok((counts.forwarded ?? 0) >= 3, `worker 2 forwarded its STOREs: ${JSON.stringify(counts)}`);
    assert.equal(counts.failed, undefined);
  } finally {
    await Promise.all([watcher, ...sessions].map((session) => session.logout()));
  }
});

test('while worker 1 restarts, worker 2 writes by itself, then forwards again', async () => {
  assert.ok(server);
  // A session in worker 2: one whose STORE worker 2 forwards.
  let session: ImapSession | undefined;
  for (let attempt = 0; attempt < 6 && session === undefined; attempt++) {
    const candidate = await openSelected();
    const before = (await forwarding()).forwarded ?? 0;
    await candidate.ok('STORE 1 +FLAGS ($Rappel)');
    if (((await forwarding()).forwarded ?? 0) > before) session = candidate;
    else await candidate.logout();
  }
  assert.ok(session, 'a session landed in worker 2');
  try {
    // /health is answered by either worker: ask until worker 1 answers.
    let ownerPid = 0;
    for (let attempt = 0; attempt < 40 && ownerPid === 0; attempt++) {
      const health = (await (await fetch(`${base}/health`)).json()) as { worker: number; pid: number };
      if (health.worker === 1) ownerPid = health.pid;
    }
    assert.ok(ownerPid > 0, 'worker 1 answered /health');
    const before = await forwarding();
    const from = server.process.stdout().length;
    process.kill(ownerPid, 'SIGKILL');
    await server.process.waitForOutput(/the write owner went away/, 10_000, from);

    await session.ok('STORE 1 -FLAGS ($Rappel)');
    const alone = await forwarding();
    assert.equal(alone.local, (before.local ?? 0) + 1, JSON.stringify(alone));
    assert.equal(alone.forwarded, before.forwarded);

    // Worker 1 is forked again within a second or two, and worker 2 connects to it.
    await server.process.waitForOutput(/small mail writes now go to the node's write owner/, 30_000, from);
    await session.ok('STORE 1 +FLAGS ($Rappel)');
    const again = await forwarding();
    assert.equal(again.forwarded, (before.forwarded ?? 0) + 1, JSON.stringify(again));
    assert.equal(again.failed, undefined);
    const flags = await session.ok('FETCH 1 FLAGS');
    assert.match(flags.untagged[0]?.text ?? '', /\\Flagged \$rappel/i);
  } finally {
    await session.logout();
  }
});

test('MOVE and EXPUNGE from sessions on both workers report their expunges before OK, and IDLE sees them', async () => {
  const before = await forwarding();
  const watcher = await openSelected();
  const sessions: ImapSession[] = [];
  try {
    await watcher.ok('CREATE Classement');
    await watcher.idle();
    for (let i = 0; i < 4; i++) sessions.push(await openSelected());
    // UIDs 2 to 5 moved out, one session each, at once.
    await Promise.all(
      sessions.map(async (session, i) => {
        const uid = i + 2;
        const reply = await session.ok(`UID MOVE ${uid} Classement`);
        assert.ok(
          reply.untagged.some((line) => /^\* OK \[COPYUID \d+ \d+ \d+\]/.test(line.text)),
          `COPYUID for ${uid}`,
        );
        assert.ok(
          reply.untagged.some((line) => /^\* \d+ EXPUNGE$/.test(line.text)),
          `the mover's own EXPUNGE for ${uid}: ${reply.untagged.map((l) => l.text).join(' | ')}`,
        );
      }),
    );
    const last = sessions[0] as ImapSession;
    await last.ok('UID STORE 6 +FLAGS (\\Deleted)');
    const expunged = await last.ok('UID EXPUNGE 6');
    assert.ok(expunged.untagged.some((line) => /^\* \d+ EXPUNGE$/.test(line.text)));

    let seen = 0;
    await watcher.waitForUntagged((line) => {
      if (/^\* \d+ EXPUNGE$/.test(line.text)) seen++;
      return seen === 5;
    }, 5_000);
    await watcher.done();
    const status = await watcher.ok('STATUS Classement (MESSAGES)');
    assert.match(status.untagged[0]?.text ?? '', /MESSAGES 4/);
    const inbox = await watcher.ok('UID SEARCH ALL');
    assert.match(inbox.untagged[0]?.text ?? '', /^\* SEARCH 1$/);
    const after = await forwarding();
    assert.ok(
      (after.forwarded ?? 0) > (before.forwarded ?? 0),
      `worker 2 forwarded some: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
    );
    assert.equal(after.failed, undefined);
  } finally {
    await Promise.all([watcher, ...sessions].map((session) => session.logout()));
  }
});
