// The IMAP transcripts (transcripts/*.txt, STYLE.md §3.7) against real listeners on loopback: each file is a
// C:/S: conversation with regular expressions, run on its own connection in a fresh fixture. A transcript
// header `# max-commands-per-minute: n` sets that limit for its fixture.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTranscript, runTranscript } from '../../test-support/transcript-runner.ts';
import { openImapFixture, PAUL } from './imap.fixture.ts';

const FOLDER = join(import.meta.dirname, 'transcripts');
/**
 * Messages for APPEND: a transcript sends them as C: lines (From, Subject, the blank line, the body), so a
 * literal's length counts the CRLFs between them; the CRLF after the last line ends the command.
 */
const literalLength = (...lines: string[]) => String(Buffer.byteLength(lines.join('\r\n')));
const VARIABLES = {
  MESSAGE_ONE_LENGTH: literalLength(
    'From: Marie <marie@ac-test.fr>',
    'Subject: Réunion de rentrée',
    '',
    'Bonjour.',
  ),
  MESSAGE_TWO_LENGTH: literalLength(
    'From: Jean <jean@ac-test.fr>',
    'Subject: Re: Réunion de rentrée',
    '',
    'Oui.',
  ),
  // objectid-binary.txt: a text part in base64 and a part in an encoding nobody knows.
  MULTIPART_LENGTH: literalLength(
    'From: Marie <marie@ac-test.fr>',
    'Subject: Piece jointe',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    'Qm9uam91ciDDoCB0b3VzLg==',
    '--b1',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: x-unknown',
    '',
    'abc',
    '--b1--',
  ),
  // limits.txt: one argument longer than a command line may be (64 KiB).
  LONG_ARGUMENT: 'x'.repeat(70_000),
  PAUL: PAUL.email,
  PAUL_LENGTH: String(Buffer.byteLength(PAUL.email)),
  PAUL_PASSWORD: PAUL.password,
  PAUL_PLAIN: Buffer.from(`\u0000${PAUL.email}\u0000${PAUL.password}`).toString('base64'),
};

test('IMAP transcripts against real listeners', async (t) => {
  const files = readdirSync(FOLDER)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  assert.ok(files.length >= 7, 'the transcripts are there');
  for (const file of files) {
    await t.test(file, async (sub) => {
      // A fixture per transcript: each starts from the same accounts and mailboxes.
      const transcript = parseTranscript(readFileSync(join(FOLDER, file), 'utf8'), VARIABLES);
      const rate = transcript.options['max-commands-per-minute'];
      const settings = rate === undefined ? {} : { maxCommandsPerMinute: Number(rate) };
      const fixture = await openImapFixture(sub, { settings });
      const isImplicitTls = transcript.options.listener === 'imaps';
      await runTranscript(
        transcript,
        isImplicitTls ? fixture.ports.imaps : fixture.ports.imap,
        isImplicitTls,
      );
    });
  }
});
