// Must-hold of issue 3: a burst over several connections, the whole server (primary and workers) killed with
// SIGKILL mid-burst, restarted on the same data: every message that got a 250 is stored exactly once, and
// nothing is half-stored (no email without its content, no email outside every mailbox).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSmtpSession } from './smtp-load-client.ts';
import {
  prepareMailData,
  RECIPIENT,
  startSmtpServer,
  storedEmails,
  type SmtpServer,
} from './smtp-server-setup.ts';
import { within } from './vercors-server.ts';

const MESSAGES = 200;
const CONNECTIONS = 8;
/** Kill once this many messages were answered: well inside the burst. */
const KILL_AFTER = 60;

const root = await mkdtemp(join(tmpdir(), 'vercors-sigkill-'));
const servers: SmtpServer[] = [];
after(async () => {
  for (const server of servers) server.process.kill();
  await Promise.all(
    servers.map((server) => within(server.process.exited, 10_000, 'exit').catch(() => undefined)),
  );
  await rm(root, { recursive: true, force: true });
});

/** The primary's workers (direct children), so the kill takes the whole server down at once. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

test('every message acknowledged with 250 before a SIGKILL is stored exactly once after restart', {
  timeout: 180_000,
}, async () => {
  const dataDir = join(root, 'data');
  await prepareMailData(dataDir);
  const first = await startSmtpServer(dataDir, { workers: 2 });
  servers.push(first);

  const acknowledged = new Set<number>();
  const answered = { count: 0 };
  let next = 0;
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    const pids = [first.process.pid, ...childrenOf(first.process.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const worker = async () => {
    const session = await openSmtpSession(first.ports.smtp);
    for (;;) {
      const number = next++;
      if (number >= MESSAGES) break;
      const raw = `From: load@example.org\r\nTo: ${RECIPIENT}\r\nSubject: burst ${number}\r\nMessage-ID: <burst-${number}@example.org>\r\n\r\nmessage ${number}\r\n${'z'.repeat(2000)}\r\n`;
      let reply: string;
      try {
        reply = await session.send('load@example.org', [RECIPIENT], raw);
      } catch {
        return; // the server is gone
      }
      answered.count++;
      if (reply.startsWith('250')) acknowledged.add(number);
      if (answered.count >= KILL_AFTER) kill();
    }
    await session.quit().catch(() => undefined);
  };
  await within(Promise.all(Array.from({ length: CONNECTIONS }, worker)), 120_000, 'burst');
  await within(first.process.exited, 10_000, 'killed server exit');
  assert.ok(killed, 'the server was killed mid-burst');
  assert.ok(acknowledged.size >= KILL_AFTER / 2, `enough messages were acknowledged (${acknowledged.size})`);
  assert.ok(acknowledged.size < MESSAGES, 'the kill happened before the burst ended');

  // Restart on the same data: recovery, then a fresh delivery works.
  const second = await startSmtpServer(dataDir, { workers: 1 });
  servers.push(second);
  const session = await openSmtpSession(second.ports.smtp);
  const reply = await session.send(
    'load@example.org',
    [RECIPIENT],
    'Subject: after restart\r\nMessage-ID: <after@example.org>\r\n\r\nhello\r\n',
  );
  await session.quit();
  assert.match(reply, /^250 /);

  const emails = storedEmails(dataDir, RECIPIENT);
  const byMessageId = new Map<string, number>();
  for (const email of emails)
    byMessageId.set(email.messageId ?? '', (byMessageId.get(email.messageId ?? '') ?? 0) + 1);
  for (const number of acknowledged) {
    assert.equal(
      byMessageId.get(`burst-${number}@example.org`),
      1,
      `burst ${number} got 250 and is stored exactly once`,
    );
  }
  for (const [messageId, count] of byMessageId) assert.equal(count, 1, `${messageId} is stored once`);
  for (const email of emails) {
    assert.ok(email.hasContent, `${email.subject}: its content is stored`);
    assert.ok(email.mailboxes >= 1, `${email.subject}: it is in a mailbox`);
  }
  console.log(
    `SIGKILL: ${acknowledged.size} acknowledged before the kill, ${emails.length - 1} stored, all checks held`,
  );
});
