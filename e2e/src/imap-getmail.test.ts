// getmail6 (Debian) collecting mail from a real `vercors serve`, as a school office's script would: over IMAPS
// (trusting only the certificate from the data folder), the unread messages of INBOX (`imap_search = UNSEEN`)
// are copied into a local Maildir, then moved to Archives on the server (`move_on_delete`: COPY, then
// \Deleted and EXPUNGE). A fifth independent IMAP client (issue 4 welcomes more than imapflow, imaplib, mbsync
// and OfflineIMAP), with a use none of the others has: fetch-and-file. Each file must hold the message as
// delivered, starting with the Return-Path getmail reads the sender from (its own trace headers turned off),
// the read messages must stay in INBOX, a second run must find nothing, and mail arriving afterwards must be
// collected by the next run.
// Skipped when getmail or python3 is missing; a failure under VERCORS_TEST_STRICT=1.

import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  GETMAIL,
  IMAP_USER,
  missingTool,
  prepareImapData,
  PYTHON,
  runImaplib,
  runTool,
  seedThroughMx,
  startImapServer,
  stopImapServer,
  type ImapServer,
} from './imap-server-setup.ts';
import { id, seedMessage, type Snapshot } from './maildir-sync.ts';

const SEEDED = 60;
/** Read on the server before the first run: getmail leaves them in INBOX. */
const READ = Array.from({ length: 20 }, (_, i) => i * 3);
const LATER = 5;

// Decided first: under VERCORS_TEST_STRICT=1 a missing tool throws before anything is made.
const skip = !GETMAIL
  ? missingTool('getmail', 'getmail6')
  : !PYTHON
    ? missingTool('python3', 'python3')
    : false;
const root = await mkdtemp(join(tmpdir(), 'vercors-getmail-'));
const dataDir = join(root, 'data');
const maildir = join(root, 'collected');
const getmailDir = join(root, 'getmail');
let server: ImapServer | undefined;

// At the top level, so that it runs when the suite is skipped too.
after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

/**
 * getmail refuses to deliver as root (CI runs as root): it then delivers as `nobody`, which owns the Maildir.
 * Any other user delivers as itself.
 */
const deliveryUser = process.getuid?.() === 0 ? 'nobody' : undefined;

async function writeConfig(current: ImapServer): Promise<void> {
  await writeFile(
    join(getmailDir, 'getmailrc'),
    [
      '[retriever]',
      'type = SimpleIMAPSSLRetriever',
      'server = 127.0.0.1',
      `port = ${current.ports.imaps}`,
      `username = ${IMAP_USER.email}`,
      `password = ${IMAP_USER.password}`,
      `ca_certs = ${current.certificateFile}`,
      'ssl_cert_hostname = localhost',
      'mailboxes = ("INBOX",)',
      'imap_search = UNSEEN',
      'move_on_delete = Archives',
      'record_mailbox = false',
      '',
      '[destination]',
      'type = Maildir',
      `path = ${maildir}/`,
      ...(deliveryUser === undefined ? [] : [`user = ${deliveryUser}`]),
      '',
      '[options]',
      'read_all = true',
      'delete = true',
      // The files hold the messages as the server has them: no Delivered-To or Received of getmail's.
      'delivered_to = false',
      'received = false',
      'verbose = 1',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}

/** One `getmail`, bounded; returns how many messages it says it retrieved. */
async function runGetmail(): Promise<number> {
  const run = await runTool(GETMAIL ?? 'getmail', ['--getmaildir', getmailDir, '--rcfile', 'getmailrc'], {
    timeoutMs: 60_000,
    env: { HOME: root },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.code, 0, `getmail exited ${run.code ?? run.signal}:\n${output.slice(-6000)}`);
  const summary = /(\d+) messages? \([\d,]+ bytes?\) retrieved/.exec(output);
  assert.ok(summary, `getmail printed its summary:\n${output.slice(-3000)}`);
  return Number(summary[1]);
}

/** Message-ID -> the file's bytes, for every message in the Maildir. */
async function collected(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const sub of ['new', 'cur']) {
    for (const file of await readdir(join(maildir, sub))) {
      const content = await readFile(join(maildir, sub, file));
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(content.toString('latin1'))?.[1];
      assert.ok(messageId, `a Message-ID in ${sub}/${file}`);
      assert.ok(!files.has(messageId), `${messageId} collected once`);
      files.set(messageId, content);
    }
  }
  return files;
}

function messageIds(snapshot: Snapshot, mailbox: string): string[] {
  return (snapshot.mailboxes[mailbox]?.messages ?? []).map((message) => message.messageId).sort();
}

const ids = (numbers: readonly number[]) => numbers.map((n) => id(n)).sort();
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('getmail6 collecting unread mail', { skip }, () => {
  before(async () => {
    await prepareImapData(dataDir);
    server = await startImapServer(dataDir, { workers: 1 });
    await seedThroughMx(server.ports.smtp, IMAP_USER.email, SEEDED, seedMessage, 6);
    await runImaplib(server, 'changes', {
      changes: [{ mailbox: 'INBOX', addFlags: { '\\Seen': ids(READ) } }],
    });
    for (const folder of ['new', 'cur', 'tmp']) await mkdir(join(maildir, folder), { recursive: true });
    if (deliveryUser !== undefined) {
      const uid = Number((await runTool('/usr/bin/id', ['-u', deliveryUser], { timeoutMs: 5_000 })).stdout);
      for (const path of [maildir, ...['new', 'cur', 'tmp'].map((folder) => join(maildir, folder))])
        await chown(path, uid, uid);
      // getmail, as root, reads its rc file; nobody only writes the Maildir.
      await chmod(root, 0o755);
    }
    await mkdir(getmailDir, { recursive: true });
    await writeConfig(server);
  });
  after(async () => {
    await stopImapServer(server);
  });

  test('the unread messages land in the Maildir as delivered and move to Archives; the read ones stay', async () => {
    const unread = range(0, SEEDED).filter((n) => !READ.includes(n));
    assert.equal(await runGetmail(), unread.length);
    const files = await collected();
    assert.deepEqual([...files.keys()].sort(), ids(unread));
    // Each file is the message as delivered: our trace fields first (Return-Path, which getmail takes as the
    // envelope sender), then what the sender sent. getmail writes the message again through Python's email
    // package, which may fold a long header line anew: the body and the unfolded fields are compared.
    for (const n of unread) {
      const content = (files.get(id(n))?.toString('utf8') ?? '').replace(/\r\n/g, '\n');
      const sent = seedMessage(n).replace(/\r\n/g, '\n');
      const [header = '', ...body] = content.split('\n\n');
      const [sentHeader = '', ...sentBody] = sent.split('\n\n');
      assert.equal(body.join('\n\n'), sentBody.join('\n\n'), `${id(n)}: the body arrived whole`);
      assert.match(
        header,
        /^Return-Path: <sender\d@exemple\.org>\nReceived-SPF: /,
        `${id(n)}: our trace fields`,
      );
      const unfolded = header.replace(/\n[ \t]+/g, ' ');
      for (const line of sentHeader.split('\n').filter((field) => !field.startsWith('Subject:')))
        assert.ok(unfolded.split('\n').includes(line), `${id(n)}: ${line}`);
    }
    const snapshot = await runImaplib<Snapshot>(server, 'snapshot', { mailboxes: ['INBOX', 'Archives'] });
    assert.deepEqual(messageIds(snapshot, 'INBOX'), ids(READ), 'the read messages stay in INBOX');
    assert.deepEqual(messageIds(snapshot, 'Archives'), ids(unread), 'the collected ones are in Archives');
    // A message's flags belong to the email, whatever mailbox shows it (the JMAP model, DESIGN.md): the
    // \Deleted \Seen getmail set on the INBOX copy after its COPY is what the Archives copy shows, less
    // \Deleted, which the expunge of the INBOX copy cleared on the copies kept elsewhere.
    const flags = new Set((snapshot.mailboxes.Archives?.messages ?? []).map((m) => m.flags.join(' ')));
    assert.deepEqual([...flags], ['\\Seen']);
  });

  test('a second run finds nothing; mail arriving later is collected by the next one', async () => {
    assert.equal(await runGetmail(), 0);
    assert.equal((await collected()).size, SEEDED - READ.length);
    if (!server) throw new Error('server not started');
    const later = range(1000, LATER);
    await seedThroughMx(server.ports.smtp, IMAP_USER.email, LATER, (i) => seedMessage(1000 + i), 2);
    assert.equal(await runGetmail(), LATER);
    const files = await collected();
    assert.equal(files.size, SEEDED - READ.length + LATER);
    for (const messageId of ids(later)) assert.ok(files.has(messageId), `${messageId} collected`);
    const snapshot = await runImaplib<Snapshot>(server, 'snapshot', { mailboxes: ['INBOX'] });
    assert.deepEqual(messageIds(snapshot, 'INBOX'), ids(READ), 'INBOX holds only what was read before');
  });
});
