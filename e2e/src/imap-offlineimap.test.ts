// OfflineIMAP (offlineimap3, Debian) keeping a Maildir and a real `vercors serve` in step: a fourth independent
// IMAP client (issue 4 welcomes more than imapflow, imaplib and mbsync), written in Python on imaplib2, which
// pins the server's identity through the certificate file, relies on UIDPLUS (APPENDUID) to name the files it
// uploads, and keeps its own record of both sides between runs. 400 messages arrive through the MX; OfflineIMAP
// copies them down; then both sides change — the Maildir as a mail reader changes it (flags in file names,
// deleted files, files moved between folders, a draft written into Brouillons), the server through Python's
// imaplib — and after the next run both sides must hold the same messages with the same flags, every file
// must carry the server's UID of its message, and a further run must change nothing on either side.
// Skipped when offlineimap or python3 is missing; a failure under VERCORS_TEST_STRICT=1.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  IMAP_USER,
  missingTool,
  OFFLINEIMAP,
  prepareImapData,
  PYTHON,
  runImaplib,
  runTool,
  seedThroughMx,
  startImapServer,
  stopImapServer,
  type ImapServer,
  type ToolRun,
} from './imap-server-setup.ts';
import {
  appendedMessage,
  assertSidesConverged,
  changeLocalFlags,
  cloneState,
  count,
  id,
  type LocalMessage,
  type MailState,
  moveInModel,
  moveLocal,
  readMaildir,
  seedMessage,
  setFlags,
  type Snapshot,
  withFlag,
} from './maildir-sync.ts';

const SEEDED = 400;
const ARCHIVED_BEFORE_FIRST_SYNC = 30;
/** OfflineIMAP's file names: `<time>_<n>.<pid>.<host>,U=<uid>,FMD5=<md5 of the folder name>:2,<flags>`. */
const OFFLINEIMAP_UID = /,U=(\d+),FMD5=[0-9a-f]{32}/;
const DRAFT_ID = '<brouillon-1@ac-test.fr>';

// Decided first: under VERCORS_TEST_STRICT=1 a missing tool throws before anything is made.
const skip = !OFFLINEIMAP
  ? missingTool('offlineimap', 'offlineimap3')
  : !PYTHON
    ? missingTool('python3', 'python3')
    : false;
const root = await mkdtemp(join(tmpdir(), 'vercors-offlineimap-'));
const dataDir = join(root, 'data');
const maildir = join(root, 'mail');
const configFile = join(root, 'offlineimaprc');
let server: ImapServer | undefined;

// At the top level, so that it runs when the suite is skipped too.
after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

async function writeConfig(current: ImapServer): Promise<void> {
  await writeFile(
    configFile,
    [
      '[general]',
      'accounts = vercors',
      `metadata = ${join(root, 'offlineimap-state')}`,
      '',
      '[Account vercors]',
      'localrepository = near',
      'remoterepository = far',
      '',
      '[Repository near]',
      'type = Maildir',
      `localfolders = ${maildir}`,
      '',
      '[Repository far]',
      'type = IMAP',
      // The certificate names localhost (and 127.0.0.1, which imaplib2's own host check does not read).
      'remotehost = localhost',
      `remoteport = ${current.ports.imaps}`,
      'ssl = yes',
      `sslcacertfile = ${current.certificateFile}`,
      `remoteuser = ${IMAP_USER.email}`,
      `remotepass = ${IMAP_USER.password}`,
      'maxconnections = 2',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}

/** One `offlineimap -o` (a single run), bounded; `-d imap` logs every command it sends. */
async function runOfflineimap(): Promise<ToolRun> {
  const run = await runTool(
    OFFLINEIMAP ?? 'offlineimap',
    ['-c', configFile, '-o', '-u', 'basic', '-d', 'imap'],
    {
      timeoutMs: 120_000,
      env: { HOME: root },
      maxOutputChars: 16_000_000,
    },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.code, 0, `offlineimap exited ${run.code ?? run.signal}:\n${output.slice(-6000)}`);
  const errors = output.split('\n').filter((line) => /^ERROR|Traceback|WARNING/.test(line));
  assert.deepEqual(errors, [], output.slice(-6000));
  return run;
}

/** The commands in the `-d imap` log (imaplib2's `> TAG COMMAND …` lines), literals left out. */
function commandsSent(run: ToolRun): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').flatMap((line) => {
    const match = /\s> b?'?[A-Z]+\d+ ([A-Z][A-Z ]*[A-Z])\b(.*?)(?:\\r\\n)?'?\s*$/.exec(line);
    return match?.[1] === undefined ? [] : [`${match[1]}${match[2] ?? ''}`];
  });
}

function python<T>(scenario: string, extra: Record<string, unknown> = {}): Promise<T> {
  return runImaplib<T>(server, scenario, extra);
}

async function assertConverged(expected: MailState | undefined) {
  const sides = await assertSidesConverged(
    'OfflineIMAP',
    maildir,
    await python<Snapshot>('snapshot'),
    expected,
  );
  assertFilesNameTheirUids(sides.local, sides.snapshot);
  return sides;
}

/**
 * Every file carries the server's UID of its message: what OfflineIMAP downloaded, and what it uploaded, whose
 * UID it took from our APPENDUID (RFC 4315) — a wrong one would pair the file with another message next time.
 */
function assertFilesNameTheirUids(local: readonly LocalMessage[], snapshot: Snapshot): void {
  const uids = new Map<string, number>(
    Object.entries(snapshot.mailboxes).flatMap(([folder, mailbox]) =>
      mailbox.messages.map((message) => [`${folder} ${message.messageId}`, message.uid] as const),
    ),
  );
  const wrong = local
    .map((message) => ({
      key: `${message.folder} ${message.messageId}`,
      named: Number(OFFLINEIMAP_UID.exec(message.path)?.[1] ?? Number.NaN),
    }))
    .filter(({ key, named }) => uids.get(key) !== named)
    .map(({ key, named }) => `${key}: file says U=${named}, server says ${uids.get(key) ?? 'absent'}`);
  assert.deepEqual(wrong.slice(0, 10), [], 'each file names the UID its message has on the server');
}

describe('OfflineIMAP two-way sync', { skip }, () => {
  let model: MailState = new Map();
  const timings: string[] = [];

  before(async () => {
    const started = Date.now();
    await prepareImapData(dataDir);
    server = await startImapServer(dataDir, { workers: 1 });
    await seedThroughMx(server.ports.smtp, IMAP_USER.email, SEEDED, seedMessage, 8);
    // Before the first run: 30 in Archives (5 of them flagged), 20 read and 5 flagged in INBOX.
    const archived = Array.from({ length: ARCHIVED_BEFORE_FIRST_SYNC }, (_, i) => id(SEEDED - 30 + i));
    await python('changes', {
      changes: [
        {
          mailbox: 'INBOX',
          addFlags: {
            '\\Seen': Array.from({ length: 20 }, (_, i) => id(i)),
            '\\Flagged': Array.from({ length: 5 }, (_, i) => id(20 + i)),
          },
          move: { to: 'Archives', ids: archived },
        },
        { mailbox: 'Archives', addFlags: { '\\Flagged': archived.slice(0, 5) } },
      ],
    });
    await mkdir(maildir, { recursive: true });
    await writeConfig(server);
    timings.push(`start and ${SEEDED} messages through the MX: ${Date.now() - started} ms`);
  });
  after(async () => {
    console.log(`offlineimap timings:\n  ${timings.join('\n  ')}`);
    await stopImapServer(server);
  });

  test('the first run brings every message of every mailbox into the Maildir, with its flags and UID', async () => {
    const run = await runOfflineimap();
    timings.push(`first run: ${run.ms} ms`);
    const { state } = await assertConverged(undefined);
    assert.equal(count(state, 'INBOX'), SEEDED - ARCHIVED_BEFORE_FIRST_SYNC);
    assert.equal(count(state, 'Archives'), ARCHIVED_BEFORE_FIRST_SYNC);
    assert.equal(withFlag(state, 'INBOX', '\\Seen'), 20);
    assert.equal(withFlag(state, 'INBOX', '\\Flagged'), 5);
    assert.equal(withFlag(state, 'Archives', '\\Flagged'), 5);
    model = state;
  });

  test('changes on both sides — flags, deletions, moves, a draft, new messages — meet after the next run', async () => {
    const expected = cloneState(model);
    const local = await readMaildir(maildir);
    const inbox = local
      .filter((message) => message.folder === 'INBOX')
      .sort((a, b) => a.messageId.localeCompare(b.messageId));
    const fromSeed = (first: number, howMany: number) =>
      Array.from({ length: howMany }, (_, i) => {
        const message = inbox.find((m) => m.messageId === id(first + i));
        if (!message) throw new Error(`${id(first + i)} is not in the local INBOX`);
        return message;
      });

    // The Maildir side: 20 read (8 of them flagged), 2 of the server's read ones unread again, 10 deleted,
    // 10 moved to Archives, and a draft saved in Brouillons.
    for (const [i, message] of fromSeed(100, 20).entries()) {
      const flags = new Set([...message.flags, '\\Seen', ...(i < 8 ? ['\\Flagged'] : [])]);
      await changeLocalFlags(message, flags);
      setFlags(expected, 'INBOX', message.messageId, (f) => {
        for (const flag of flags) f.add(flag);
      });
    }
    for (const message of fromSeed(0, 2)) {
      await changeLocalFlags(
        message,
        message.flags.filter((flag) => flag !== '\\Seen'),
      );
      setFlags(expected, 'INBOX', message.messageId, (f) => f.delete('\\Seen'));
    }
    for (const message of fromSeed(130, 10)) {
      await unlink(message.path);
      expected.get('INBOX')?.delete(message.messageId);
    }
    const movedDates = new Map<string, number>();
    for (const [i, message] of fromSeed(150, 10).entries()) {
      const mtime = new Date(Date.UTC(2023, 5, 15, 12, 0, i));
      await moveLocal(message, maildir, 'Archives', mtime);
      moveInModel(expected, 'INBOX', 'Archives', message.messageId);
      movedDates.set(message.messageId, mtime.getTime());
    }
    const draft = [
      `From: Lucie Aubrac <${IMAP_USER.email}>`,
      'To: parents-6b@ac-test.fr',
      'Subject: =?UTF-8?Q?Sortie_au_mus=C3=A9e_=E2=80=94_brouillon?=',
      `Message-ID: ${DRAFT_ID}`,
      'Date: Mon, 30 Nov 2026 18:30:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Chers parents, la sortie au musée aura lieu jeudi.',
      '',
    ].join('\r\n');
    await writeFile(join(maildir, 'Brouillons', 'cur', `1764523800.draft1.vercors-test:2,D`), draft);
    expected.set('Brouillons', new Map([[DRAFT_ID, ['\\Draft']]]));

    // The server side, on other messages: 15 flagged (5 also read), 10 deleted and expunged, 8 moved to
    // Archives, 4 appended (every other one read).
    const serverFlagged = fromSeed(200, 15).map((m) => m.messageId);
    const serverDeleted = fromSeed(230, 10).map((m) => m.messageId);
    const serverMoved = fromSeed(250, 8).map((m) => m.messageId);
    const appended = Array.from({ length: 4 }, (_, i) => ({
      raw: appendedMessage('offlineimap', i),
      flags: i % 2 === 0 ? '(\\Seen)' : null,
      date: new Date(Date.UTC(2024, 2, 15, 9, i, 0)).toISOString(),
    }));
    await python('changes', {
      changes: [
        {
          mailbox: 'INBOX',
          addFlags: { '\\Flagged': serverFlagged, '\\Seen': serverFlagged.slice(0, 5) },
          delete: serverDeleted,
          move: { to: 'Archives', ids: serverMoved },
          append: appended,
        },
      ],
    });
    for (const messageId of serverFlagged) setFlags(expected, 'INBOX', messageId, (f) => f.add('\\Flagged'));
    for (const messageId of serverFlagged.slice(0, 5))
      setFlags(expected, 'INBOX', messageId, (f) => f.add('\\Seen'));
    for (const messageId of serverDeleted) expected.get('INBOX')?.delete(messageId);
    for (const messageId of serverMoved) moveInModel(expected, 'INBOX', 'Archives', messageId);
    for (const i of appended.keys())
      expected.get('INBOX')?.set(`<offlineimap-${i}@exemple.org>`, i % 2 === 0 ? ['\\Seen'] : []);

    const run = await runOfflineimap();
    timings.push(`second run: ${run.ms} ms`);
    const after = await assertConverged(expected);
    assert.equal(count(after.state, 'INBOX'), SEEDED - 30 - 10 - 10 - 10 - 8 + 4);
    assert.equal(count(after.state, 'Archives'), 30 + 10 + 8);
    assert.deepEqual([...(after.state.get('Brouillons')?.entries() ?? [])], [[DRAFT_ID, ['\\Draft']]]);
    // OfflineIMAP uploads a file with its modification time as the APPEND date: the INTERNALDATE it becomes.
    const archived = new Map(
      (after.snapshot.mailboxes.Archives?.messages ?? []).map((m) => [
        m.messageId,
        Date.parse(m.internalDate),
      ]),
    );
    for (const [messageId, time] of movedDates)
      assert.equal(archived.get(messageId), time, `INTERNALDATE of ${messageId}`);
    const sent = commandsSent(run);
    assert.equal(
      sent.filter((line) => /^APPEND "?Archives"? /.test(line)).length,
      10,
      `the 10 files moved locally were uploaded to Archives:\n${sent.join('\n').slice(-4000)}`,
    );
    assert.equal(
      sent.filter((line) => /^APPEND "?Brouillons"? /.test(line)).length,
      1,
      'the draft was uploaded',
    );
    model = after.state;
  });

  test('a third run changes nothing on either side', async () => {
    const localBefore = (await readMaildir(maildir)).map((m) => m.path).sort();
    const serverBefore = await python<Snapshot>('snapshot');
    const run = await runOfflineimap();
    timings.push(`third run (nothing to do): ${run.ms} ms`);
    const sent = commandsSent(run);
    assert.ok(
      sent.some((line) => /^SELECT "?INBOX"?/.test(line) || /^EXAMINE "?INBOX"?/.test(line)),
      `OfflineIMAP's commands were read:\n${sent.join('\n').slice(-4000)}`,
    );
    const writes = sent.filter((line) =>
      /^(UID )?(STORE|APPEND|EXPUNGE|MOVE|COPY)\b|BODY\.PEEK\[\]|RFC822\b/.test(line),
    );
    assert.deepEqual(writes, [], 'OfflineIMAP sent no write and fetched no message');
    assert.deepEqual(
      (await readMaildir(maildir)).map((m) => m.path).sort(),
      localBefore,
      'no Maildir file changed',
    );
    assert.deepEqual(await python<Snapshot>('snapshot'), serverBefore, 'no UID, flag or modseq changed');
  });
});
