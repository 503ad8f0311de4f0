import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';
import {
  accountMail,
  maildirFolder,
  message,
  sourceFolder,
  writeSourceFile,
} from '../mail-import/mail-import.fixture.ts';

const ADDRESS = 'jean@ac-test.fr';
const MTIME = new Date('2019-05-06T07:08:09Z');

async function withAccount(cli: CliFixture, ...options: string[]): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  const added = await cli.run(['user', 'add', ADDRESS, '--locale', 'en', ...options]);
  assert.equal(added.code, 0, added.stderr);
}

/** A Maildir++ tree: INBOX with flags and keyword letters, special folders, a nested modified UTF-7 name. */
async function maildirPlusPlus(root: string): Promise<void> {
  await maildirFolder(root);
  await writeSourceFile(join(root, 'dovecot-keywords'), '0 $Label1\n1 NonJunk\n');
  await writeSourceFile(join(root, 'cur', '1700000001.M1P1.old:2,FRSa'), message('Flagged answered'), MTIME);
  await writeSourceFile(join(root, 'cur', '1700000002.M2P1.old:2,S'), message('Seen only'), MTIME);
  await writeSourceFile(join(root, 'cur', '1700000003.M3P1.old:2,ST'), message('Trashed'), MTIME);
  await writeSourceFile(
    join(root, 'new', '1700000004.M4P1.old'),
    message('Brand new', { messageId: null }),
    MTIME,
  );
  await maildirFolder(join(root, '.Envoy&AOk-s'));
  await writeSourceFile(join(root, '.Envoy&AOk-s', 'cur', '1700000005.M5P1.old:2,PS'), message('Forwarded'));
  await maildirFolder(join(root, '.Drafts'));
  await writeSourceFile(join(root, '.Drafts', 'cur', '1700000006.M6P1.old:2,D'), message('Unfinished'));
  await maildirFolder(join(root, '.Projets.Conseil &AOk-cole'));
  await writeSourceFile(
    join(root, '.Projets.Conseil &AOk-cole', 'new', '1700000007.M7P1.old'),
    message('Conseil'),
  );
  await writeSourceFile(join(root, 'dovecot-uidlist'), '3 V1 N8\n');
}

test('a Maildir++ tree lands in the special mailboxes and new folders, with flags, keywords and dates', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli);
  const root = await sourceFolder(t);
  await maildirPlusPlus(root);

  const run = await cli.run(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /finished in \d+ s: 6 imported, 0 already present, 1 deleted in the source \(skipped\), 0 rejected\./,
  );
  assert.match(
    run.stdout,
    /^ {2}INBOX → Inbox: 4 read, 3 imported, 0 already present, 1 deleted, 0 rejected$/m,
  );
  assert.match(run.stdout, /^ {2}Envoyés → Sent: 1 read, 1 imported/m);
  assert.match(
    run.stdout,
    /^ {2}Projets\/Conseil école → Projets\/Conseil école \(new\): 1 read, 1 imported/m,
  );
  assert.match(run.stdout, /^Mailboxes created: Projets, Projets\/Conseil école$/m);

  const mail = await accountMail(cli, ADDRESS);
  assert.deepEqual(
    mail.get('Inbox')?.emails.map((e) => [e.subject, e.keywords, e.receivedAt]),
    [
      ['Brand new', [], MTIME.toISOString()],
      ['Flagged answered', ['$answered', '$flagged', '$label1', '$seen'], MTIME.toISOString()],
      ['Seen only', ['$seen'], MTIME.toISOString()],
    ],
  );
  assert.deepEqual(
    mail.get('Sent')?.emails.map((e) => e.keywords),
    [['$forwarded', '$seen']],
  );
  assert.deepEqual(
    mail.get('Drafts')?.emails.map((e) => e.keywords),
    [['$draft']],
  );
  assert.deepEqual(mail.get('Projets')?.emails, []);
  assert.equal(mail.get('Projets/Conseil école')?.role, null);
  assert.deepEqual(
    mail.get('Projets/Conseil école')?.emails.map((e) => e.subject),
    ['Conseil'],
  );
  // Stored with CRLF line ends, as IMAP serves them.
  const source = message('Seen only');
  assert.equal(mail.get('Inbox')?.emails[2]?.size, Buffer.byteLength(source) + source.split('\n').length - 1);
});

test('a second run imports nothing again, a dry run writes nothing, and --json gives the summary', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli);
  const root = await sourceFolder(t);
  await maildirPlusPlus(root);

  const dry = await cli.json(['mail', 'import', ADDRESS, '--maildir', root, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  const planned = dry.value as Record<string, unknown>;
  assert.equal(planned.isDryRun, true);
  assert.deepEqual(planned.totals, {
    messages: 7,
    imported: 6,
    importedBytes: (planned.totals as { importedBytes: number }).importedBytes,
    alreadyPresent: 0,
    deleted: 1,
    rejected: 0,
  });
  assert.deepEqual(planned.createdMailboxes, ['Projets', 'Projets/Conseil école']);
  const untouched = await accountMail(cli, ADDRESS);
  assert.equal(untouched.has('Projets'), false, 'a dry run creates no mailbox');
  assert.equal(
    [...untouched.values()].reduce((n, box) => n + box.emails.length, 0),
    0,
  );
  const human = await cli.run(['mail', 'import', ADDRESS, '--maildir', root, '--dry-run']);
  assert.match(human.stdout, /Dry run for jean@ac-test\.fr, nothing was written: 6 to import/);
  assert.match(human.stdout, /^Mailboxes to create: Projets, Projets\/Conseil école$/m);
  assert.match(human.stdout, /^Quota: .* and 6 message\(s\) to import; .* are free\.$/m);

  const first = await cli.json(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(first.code, 0, first.stderr);
  const summary = first.value as {
    totals: { imported: number };
    folders: { source: string; target: string; role: string | null; isNew: boolean; imported: number }[];
    stopped: unknown;
  };
  assert.equal(summary.totals.imported, 6);
  assert.equal(summary.stopped, null);
  assert.deepEqual(
    summary.folders.map((f) => [f.source, f.target, f.role, f.isNew, f.imported]),
    [
      ['INBOX', 'Inbox', 'inbox', false, 3],
      ['Drafts', 'Drafts', 'drafts', false, 1],
      ['Envoyés', 'Sent', 'sent', false, 1],
      ['Projets/Conseil école', 'Projets/Conseil école', null, true, 1],
    ],
  );

  const second = await cli.json(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(second.code, 0);
  assert.deepEqual((second.value as { totals: unknown }).totals, {
    messages: 7,
    imported: 0,
    importedBytes: 0,
    alreadyPresent: 6,
    deleted: 1,
    rejected: 0,
  });
  assert.deepEqual((second.value as { createdMailboxes: unknown }).createdMailboxes, []);
  const mail = await accountMail(cli, ADDRESS);
  assert.equal(
    mail.get('Inbox')?.emails.length,
    3,
    'the message without a Message-ID is recognised by its bytes',
  );
});

test('a LAYOUT=fs tree keeps its hierarchy; --into puts everything beneath one mailbox', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli);
  const root = await sourceFolder(t);
  await maildirFolder(root);
  await writeSourceFile(join(root, 'cur', '1.M1.old:2,S'), message('Root'));
  await maildirFolder(join(root, 'Archives'));
  await writeSourceFile(join(root, 'Archives', 'cur', '2.M2.old:2,S'), message('Archived'));
  await maildirFolder(join(root, 'Archives', '2023'));
  await writeSourceFile(join(root, 'Archives', '2023', 'cur', '3.M3.old:2,'), message('Of 2023'));
  await maildirFolder(join(root, 'Clients', '&AMk-cole Jaur&AOg-s'));
  await writeSourceFile(join(root, 'Clients', '&AMk-cole Jaur&AOg-s', 'new', '4.M4.old'), message('Jaurès'));
  await writeSourceFile(join(root, 'Spam', 'cur', '5.M5.old:2,S'), message('Junk mail'));

  const run = await cli.json(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(run.code, 0, run.stderr);
  const mail = await accountMail(cli, ADDRESS);
  assert.deepEqual(
    mail.get('Archive')?.emails.map((e) => e.subject),
    ['Archived'],
  );
  assert.deepEqual(
    mail.get('Archive/2023')?.emails.map((e) => e.subject),
    ['Of 2023'],
  );
  assert.deepEqual(
    mail.get('Clients/École Jaurès')?.emails.map((e) => e.subject),
    ['Jaurès'],
  );
  assert.deepEqual(
    mail.get('Junk')?.emails.map((e) => e.subject),
    ['Junk mail'],
  );

  const into = await cli.run(['mail', 'import', ADDRESS, '--maildir', root, '--into', 'Ancien webmail/2026']);
  assert.equal(into.code, 0, into.stderr);
  const moved = await accountMail(cli, ADDRESS);
  assert.deepEqual(
    moved.get('Ancien webmail/2026')?.emails.map((e) => e.subject),
    ['Root'],
  );
  assert.deepEqual(
    moved.get('Ancien webmail/2026/Archives/2023')?.emails.map((e) => e.subject),
    ['Of 2023'],
  );
  assert.deepEqual(
    moved.get('Ancien webmail/2026/Spam')?.emails.map((e) => e.subject),
    ['Junk mail'],
  );
  assert.equal(moved.get('Archive')?.emails.length, 1, 'special names are not mapped beneath --into');
});

test('the quota stops the import with what was done and what to do; nothing is lost', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli, '--quota-messages', '2');
  const root = await sourceFolder(t);
  await maildirFolder(root);
  for (let i = 1; i <= 4; i++)
    await writeSourceFile(join(root, 'cur', `${i}.M${i}.old:2,S`), message(`Number ${i}`));

  const stopped = await cli.run(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(stopped.code, 1);
  assert.match(
    stopped.stdout,
    /Stopped: the quota of jean@ac-test\.fr is reached \(2 messages of 2\) while importing "INBOX"\. 2 message\(s\) were imported until then; nothing is lost\./,
  );
  assert.match(
    stopped.stdout,
    /This account has its own quota .* run the same command again: messages already imported are skipped\./,
  );
  const json = await cli.json(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(json.code, 1);
  const { stopped: stop, totals } = json.value as {
    stopped: { reason: string; folder: string; limit: string; used: number; max: number };
    totals: { alreadyPresent: number; imported: number };
  };
  assert.deepEqual([stop.reason, stop.folder, stop.limit, stop.max], ['overQuota', 'INBOX', 'messages', 2]);
  // The store's own quota warning reached the inbox too (it always may: it is how the owner learns).
  assert.ok(stop.used >= 2);
  assert.deepEqual([totals.alreadyPresent, totals.imported], [2, 0]);
  const inbox = (await accountMail(cli, ADDRESS)).get('Inbox')?.emails ?? [];
  assert.deepEqual(
    inbox.filter((e) => e.subject.startsWith('Number')).map((e) => e.subject),
    ['Number 1', 'Number 2'],
  );
});

test('usage and lookup errors: a source is required, the account and the path must exist', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withAccount(cli);
  const root = await sourceFolder(t);
  assert.equal((await cli.run(['mail', 'import', ADDRESS])).code, 64);
  assert.equal((await cli.run(['mail', 'import', ADDRESS, '--maildir', root, '--mbox', root])).code, 64);
  assert.equal((await cli.run(['mail', 'import', ADDRESS, '--maildir', root, '--into', 'a//b'])).code, 64);
  const missing = await cli.run(['mail', 'import', ADDRESS, '--maildir', join(root, 'nowhere')]);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /est introuvable ou illisible \(ENOENT\)/);
  const empty = await cli.json(['mail', 'import', ADDRESS, '--maildir', root]);
  assert.equal(empty.code, 66);
  assert.equal((empty.value as { error: { code: string } }).error.code, 'notFound');
  assert.match(empty.stderr, /ne contient pas de Maildir/);
  await maildirFolder(root);
  const nobody = await cli.run(['mail', 'import', 'nobody@ac-test.fr', '--maildir', root]);
  assert.equal(nobody.code, 66);
  assert.match(nobody.stderr, /Le compte « nobody@ac-test\.fr » est introuvable/);
});
