// JMAP and IMAP on one running `vercors serve` with two workers (so the two clients may sit in different
// processes): a flag set over IMAP reaches JMAP's push and Email/changes, and a keyword set with JMAP
// Email/set reaches an IMAP client in IDLE. Mail arrives through the MX, as in real life.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openImapSession } from './imap-load-client.ts';
import {
  IMAP_USER,
  plainMessage,
  prepareImapData,
  seedThroughMx,
  startImapServerWithHttp,
  stopImapServer,
  type ImapServer,
} from './imap-server-setup.ts';

const USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'];
const AUTHORIZATION = `Basic ${Buffer.from(`${IMAP_USER.email}:${IMAP_USER.password}`).toString('base64')}`;

const root = await mkdtemp(join(tmpdir(), 'vercors-jmap-e2e-'));
let server: ImapServer | undefined;
let base = '';

before(async () => {
  const dataDir = join(root, 'data');
  await prepareImapData(dataDir);
  const started = await startImapServerWithHttp(dataDir, { workers: 2 });
  ({ server, base } = started);
  await seedThroughMx(started.server.ports.smtp, IMAP_USER.email, 1, (index) =>
    plainMessage({
      from: 'paul@exemple.org',
      subject: `Conseil ${index}`,
      messageId: `c${index}@exemple.org`,
      body: 'Bonjour',
    }),
  );
});

after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

async function jmap(methodCalls: unknown[]) {
  const response = await fetch(`${base}/jmap/api`, {
    method: 'POST',
    headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' },
    body: JSON.stringify({ using: USING, methodCalls }),
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { methodResponses: [string, Record<string, unknown>, string][] };
  return body.methodResponses.map(([, args]) => args);
}

/** The next `state` event of an EventSource stream, within the deadline. */
async function nextStateChange(reader: ReadableStreamDefaultReader<Uint8Array>, timeoutMs: number) {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const event = /event: state\ndata: (.*)\n\n/.exec(buffer);
    if (event?.[1] !== undefined)
      return JSON.parse(event[1]) as { changed: Record<string, Record<string, string>> };
    let timer: NodeJS.Timeout | undefined;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no StateChange in time')), deadline - Date.now());
      }),
    ]).finally(() => clearTimeout(timer));
    if (chunk.done) throw new Error('the event stream closed');
    buffer += decoder.decode(chunk.value, { stream: true });
  }
  throw new Error('no StateChange in time');
}

test('a flag set over IMAP shows up in JMAP push and Email/changes', async () => {
  assert.ok(server);
  const [start] = await jmap([['Email/changes', { accountId: await accountId(), sinceState: '0' }, 'c']]);
  const since = String(start?.newState);
  const [emailId] = start?.created as string[];

  const controller = new AbortController();
  const stream = await fetch(`${base}/jmap/eventsource/?types=Email&closeafter=state&ping=0`, {
    headers: { authorization: AUTHORIZATION },
    signal: controller.signal,
  });
  assert.equal(stream.status, 200);
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  // The stream is open once its first bytes (a comment) arrive.
  await reader.read();

  const imap = await openImapSession({ port: server.ports.imap });
  try {
    await imap.login(IMAP_USER.email, IMAP_USER.password);
    await imap.ok('SELECT INBOX');
    const started = Date.now();
    await imap.ok('STORE 1 +FLAGS (\\Flagged)');
    const change = await nextStateChange(reader, 5_000);
    assert.ok(Date.now() - started < 2_000, 'push within a second or so');
    const changes = await jmap([['Email/changes', { accountId: await accountId(), sinceState: since }, 'c']]);
    assert.deepEqual(changes[0]?.updated, [emailId]);
    assert.equal(change.changed[await accountId()]?.Email, changes[0]?.newState);
  } finally {
    controller.abort();
    await imap.logout();
  }
});

test('a keyword set with JMAP Email/set wakes an IMAP client in IDLE', async () => {
  assert.ok(server);
  const imap = await openImapSession({ port: server.ports.imap });
  try {
    await imap.login(IMAP_USER.email, IMAP_USER.password);
    await imap.ok('SELECT INBOX');
    await imap.idle();
    const [changes] = await jmap([['Email/changes', { accountId: await accountId(), sinceState: '0' }, 'c']]);
    const [emailId] = changes?.created as string[];
    const started = Date.now();
    const [set] = await jmap([
      [
        'Email/set',
        { accountId: await accountId(), update: { [emailId as string]: { 'keywords/$seen': true } } },
        's',
      ],
    ]);
    assert.deepEqual(set?.updated, { [emailId as string]: null });
    const line = await imap.waitForUntagged(
      (untagged) => /^\* 1 FETCH \(.*FLAGS \([^)]*\\Seen/.test(untagged.text),
      5_000,
    );
    // The flag the first test set over IMAP is still there.
    assert.match(line.text, /\\Flagged/);
    assert.ok(Date.now() - started < 2_000, 'IDLE woke within a second or so');
    await imap.done();
  } finally {
    await imap.logout();
  }
});

let account: string | undefined;
async function accountId(): Promise<string> {
  if (account !== undefined) return account;
  const response = await fetch(`${base}/.well-known/jmap`, { headers: { authorization: AUTHORIZATION } });
  const session = (await response.json()) as { primaryAccounts: Record<string, string> };
  account = session.primaryAccounts['urn:ietf:params:jmap:mail'];
  assert.ok(account);
  return account;
}
