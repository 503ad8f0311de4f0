import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';
import { accountMail, message, sourceFolder, writeSourceFile } from '../mail-import/mail-import.fixture.ts';

const ADDRESS = 'jean@ac-test.fr';
/** The smallest smtp.max-message-size allowed: the big message below is just over it. */
const SMALL_LIMIT = { VERCORS_SMTP_MAX_MESSAGE_SIZE: '64k' };

async function withAccount(cli: CliFixture): Promise<void> {
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', ADDRESS, '--locale', 'en'])).code, 0);
}

/** One mbox entry: the From line, the message with mboxrd escaping, the blank line that ends it. */
function entry(fromLine: string, text: string): string {
  return `${fromLine}\n${text.replace(/^(>*From )/gm, '>$1')}\n`;
}

test('an mbox file: mboxrd escapes, Status flags, a From line in a body, a message over the size limit', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli);
  const root = await sourceFolder(t);
  const quoted = 'Hello,\n\nFrom what I read, >From is quoted.\nFrom here on, plain.\n';
  const mbox = [
    entry(
      'From marie@old.example Tue Sep  1 10:00:00 2026',
      message('Read and answered', { extra: ['Status: RO', 'X-Status: A'] }),
    ),
    entry('From marie@old.example Wed Sep  2 10:00:00 2026', message('Escapes', { body: quoted })),
    // An unescaped body line that looks like a separator but has no date stays in its message.
    `From marie@old.example Thu Sep  3 10:00:00 2026\n${message('Unescaped', { body: 'From me to you.\n' })}\n`,
    entry('From marie@old.example Fri Sep  4 10:00:00 2026', message('Deleted', { extra: ['X-Status: D'] })),
    entry('From marie@old.example Sat Sep  5 10:00:00 2026', message('Huge', { body: 'x'.repeat(70_000) })),
    entry('From marie@old.example Sun Sep  6 10:00:00 2026', message('Flagged', { extra: ['X-Status: F'] })),
  ].join('');
  await writeSourceFile(join(root, 'Archives.mbox'), mbox);

  const run = await cli.json(['mail', 'import', ADDRESS, '--mbox', join(root, 'Archives.mbox')], {
    env: SMALL_LIMIT,
  });
  assert.equal(run.code, 0, run.stderr);
  const summary = run.value as {
    totals: Record<string, number>;
    folders: { source: string; target: string }[];
    rejections: { folder: string; message: string; reason: string; size: number; detail: string }[];
  };
  assert.deepEqual(
    summary.folders.map((f) => [f.source, f.target]),
    [['Archives', 'Archive']],
  );
  assert.equal(summary.totals.messages, 6);
  assert.equal(summary.totals.imported, 4);
  assert.equal(summary.totals.deleted, 1);
  assert.equal(summary.totals.rejected, 1);
  const [rejected] = summary.rejections;
  assert.deepEqual(
    [rejected?.folder, rejected?.reason, rejected?.detail],
    ['Archives', 'tooBig', String(64 * 1024)],
  );
  assert.equal(rejected?.message, `@${mbox.indexOf('From marie@old.example Sat')}`);

  const emails = (await accountMail(cli, ADDRESS)).get('Archive')?.emails ?? [];
  assert.deepEqual(
    emails.map((e) => [e.subject, e.keywords, e.receivedAt.slice(0, 10)]),
    [
      ['Escapes', [], '2026-09-02'],
      ['Flagged', ['$flagged'], '2026-09-06'],
      ['Read and answered', ['$answered', '$seen'], '2026-09-01'],
      ['Unescaped', [], '2026-09-03'],
    ],
  );
  const human = await cli.run(['mail', 'import', ADDRESS, '--mbox', join(root, 'Archives.mbox')], {
    env: SMALL_LIMIT,
  });
  assert.match(
    human.stdout,
    /0 imported, 4 already present, 1 deleted in the source \(skipped\), 1 rejected\./,
  );
  assert.match(
    human.stdout,
    /^Rejected messages:\n {2}Archives @\d+: larger than the 64 KiB limit \(69 KiB\)$/m,
  );
});

test('the stored message is the message: unescaped, CRLF, without the mbox status fields', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withAccount(cli);
  const root = await sourceFolder(t);
  const text = message('Exact', {
    body: '>From the start.\n',
    extra: ['Status: RO', 'X-Mozilla-Status: 0001'],
  });
  await writeSourceFile(join(root, 'Inbox'), entry('From - Tue Sep 01 10:00:00 2026', text));
  assert.equal((await cli.run(['mail', 'import', ADDRESS, '--mbox', join(root, 'Inbox')])).code, 0);
  const expected = text.replace('Status: RO\nX-Mozilla-Status: 0001\n', '').replace(/\n/g, '\r\n');
  const inbox = (await accountMail(cli, ADDRESS)).get('Inbox')?.emails ?? [];
  assert.deepEqual(
    inbox.map((e) => [e.subject, e.size, e.keywords]),
    [['Exact', Buffer.byteLength(expected), ['$seen']]],
  );
});

test('a Thunderbird folder: one mailbox per file, .sbd children, .msf and other files left alone', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await withAccount(cli);
  const root = await sourceFolder(t);
  const mbox = (...subjects: string[]) =>
    subjects
      .map((s, i) =>
        entry(`From - Tue Sep 0${i + 1} 10:00:00 2026`, message(s, { extra: ['X-Mozilla-Status: 0001'] })),
      )
      .join('');
  await writeSourceFile(join(root, 'Inbox'), mbox('Un', 'Deux'));
  await writeSourceFile(join(root, 'Inbox.msf'), '// index');
  await writeSourceFile(join(root, 'Sent'), mbox('Envoyé'));
  await writeSourceFile(
    join(root, 'Trash'),
    entry('From - Tue Sep 01 10:00:00 2026', message('Effacé', { extra: ['X-Mozilla-Status: 0009'] })),
  );
  await writeSourceFile(join(root, 'Projets'), '');
  await writeSourceFile(join(root, 'Projets.msf'), '// index');
  await writeSourceFile(join(root, 'Projets.sbd', '2024'), mbox('Conseil'));
  await writeSourceFile(join(root, 'Projets.sbd', '2024.sbd', 'Juin'), mbox('Juin'));
  await writeSourceFile(join(root, 'msgFilterRules.dat'), 'version="9"\n');

  const run = await cli.run(['mail', 'import', ADDRESS, '--mbox', root]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /Import dans jean@ac-test\.fr terminé en \d+ s : 5 importé\(s\), 0 déjà présent\(s\), 1 supprimé\(s\) dans la source \(ignorés\), 0 refusé\(s\)\./,
  );
  assert.match(run.stdout, /^Dossiers créés : Projets, Projets\/2024, Projets\/2024\/Juin$/m);
  assert.match(run.stdout, /^Fichiers laissés de côté \(pas au format mbox\) : msgFilterRules\.dat$/m);
  const mail = await accountMail(cli, ADDRESS);
  assert.deepEqual(
    mail.get('Inbox')?.emails.map((e) => [e.subject, e.keywords]),
    [
      ['Deux', ['$seen']],
      ['Un', ['$seen']],
    ],
  );
  assert.deepEqual(
    mail.get('Sent')?.emails.map((e) => e.subject),
    ['Envoyé'],
  );
  assert.deepEqual(mail.get('Trash')?.emails, []);
  assert.deepEqual(mail.get('Projets')?.emails, []);
  assert.deepEqual(
    mail.get('Projets/2024')?.emails.map((e) => e.subject),
    ['Conseil'],
  );
  assert.deepEqual(
    mail.get('Projets/2024/Juin')?.emails.map((e) => e.subject),
    ['Juin'],
  );

  const again = await cli.json(['mail', 'import', ADDRESS, '--mbox', root]);
  assert.deepEqual(
    (again.value as { totals: { imported: number; alreadyPresent: number } }).totals.imported,
    0,
  );
  const noMbox = await sourceFolder(t);
  await writeSourceFile(join(noMbox, 'notes.txt'), 'hello\n');
  const refused = await cli.run(['mail', 'import', ADDRESS, '--mbox', noMbox]);
  assert.equal(refused.code, 66);
  assert.match(refused.stderr, /ne contient aucun fichier mbox/);
});
