// Python's imaplib against a real `vercors serve` (issue 4 Must-hold: independent third-party clients, run as
// a user would). imap-clients/imaplib_client.py does what a user's script does, over IMAPS with LOGIN and over
// STARTTLS with AUTHENTICATE PLAIN, trusting only the self-signed certificate the server made in its data
// folder; it prints JSON that is asserted here. Skipped when Debian's python3 is missing; a failure under
// VERCORS_TEST_STRICT=1.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import {
  imaplibRequest,
  IMAP_USER,
  missingTool,
  prepareImapData,
  PYTHON,
  runPythonClient,
  seedThroughMx,
  startImapServer,
  stopImapServer,
  type ImapServer,
} from './imap-server-setup.ts';
import { within } from './vercors-server.ts';

const FRENCH_SUBJECT = 'Réunion du conseil pédagogique à Orléans';
const FRENCH_BODY = 'Ordre du jour : évaluation des élèves de troisième, sortie à Chambéry.\n';
const ATTACHMENT_SUBJECT = 'Bulletin du premier trimestre';
/** Deterministic bytes standing for a PDF: its SHA-256 is compared with what imaplib decodes from part 2. */
const ATTACHMENT = Buffer.from(
  Array.from({ length: 6000 }, (_, i) => (i < 9 ? '%PDF-1.4\n'.charCodeAt(i) : (i * 7919) % 251)),
);
const APPEND_DATE = '2024-03-14T09:26:53+01:00';

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function plainMessage(n: number): string {
  return [
    `From: Élodie Martin <elodie.martin@exemple.org>`,
    `To: ${IMAP_USER.email}`,
    `Subject: Message ${n}`,
    `Message-ID: <python-${n}@exemple.org>`,
    'Date: Mon, 01 Dec 2025 10:00:00 +0100',
    '',
    `Corps du message ${n}.`,
    '',
  ].join('\r\n');
}

const FRENCH_MESSAGE = [
  'From: Direction <direction@exemple.org>',
  `To: ${IMAP_USER.email}`,
  `Subject: ${encodedWord(FRENCH_SUBJECT)}`,
  'Message-ID: <python-french@exemple.org>',
  'Date: Tue, 02 Dec 2025 08:30:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  FRENCH_BODY,
].join('\r\n');

const ATTACHMENT_MESSAGE = [
  'From: Secrétariat <secretariat@exemple.org>',
  `To: ${IMAP_USER.email}`,
  `Subject: ${ATTACHMENT_SUBJECT}`,
  'Cc: Paul Durand <paul@exemple.org>, Marie Curie <marie@exemple.org>',
  'Message-ID: <python-attachment@exemple.org>',
  'Date: Wed, 03 Dec 2025 14:00:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="frontiere-42"',
  '',
  '--frontiere-42',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Veuillez trouver le bulletin ci-joint.',
  '--frontiere-42',
  'Content-Type: application/pdf; name="bulletin-trimestre-1.pdf"',
  'Content-Disposition: attachment; filename="bulletin-trimestre-1.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  ...(ATTACHMENT.toString('base64').match(/.{1,76}/g) ?? []),
  '--frontiere-42--',
  '',
].join('\r\n');

const APPENDED_MESSAGE = [
  `From: Lucie Aubrac <${IMAP_USER.email}>`,
  'To: direction@exemple.org',
  `Subject: ${encodedWord('Compte rendu archivé')}`,
  'Message-ID: <python-append@exemple.org>',
  'Date: Thu, 14 Mar 2024 09:20:00 +0100',
  '',
  'Compte rendu de la réunion.',
  '',
].join('\r\n');

/** Seeded one at a time so that sequence numbers are known: 1–8 plain, 9 French, 10 with an attachment. */
const SEEDED = [
  ...Array.from({ length: 8 }, (_, i) => plainMessage(i + 1)),
  FRENCH_MESSAGE,
  ATTACHMENT_MESSAGE,
];

const skip = PYTHON ? false : missingTool('python3', 'python3');
const root = await mkdtemp(join(tmpdir(), 'vercors-imaplib-'));
const dataDir = join(root, 'data');
let server: ImapServer | undefined;

before(async () => {
  if (skip) return;
  await prepareImapData(dataDir);
  server = await startImapServer(dataDir, { workers: 1 });
  await seedThroughMx(server.ports.smtp, IMAP_USER.email, SEEDED.length, (i) => SEEDED[i] ?? '', 1);
});
after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

function request(scenario: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return imaplibRequest(server, scenario, { debug: true, ...extra });
}

interface TlsSession {
  cipher: string;
  greetingCapabilities: string[];
  wrongPassword: string;
  login: string[];
  capabilities: string[];
  list: { name: string; decoded: string; attributes: string[] }[];
  select: string[];
  uidValidity: string[];
  searchAll: number[];
  searchSubject: number[];
  searchBody: number[];
  searchUnseen: number[];
  searchNothing: number[];
  headerPeek: { subject: string; messageId: string; flags: string[]; endsWithBlankLine: boolean };
  flagsAfterPeek: string[];
  rfc822: { base64: string; subject: string; body: string };
  flagsAfterRfc822: string[];
  attachmentSearch: number[];
  bodystructure: string;
  envelope: string;
  partTwo: { text: string; sha256: string; mime: string };
  store: string[];
  searchSeen: number[];
  storeSilent: string[];
  flagsAfterSilentStore: string[];
  copy: string[];
  append: string[];
  moveUid: number;
  move: { status: string; ok: string[]; expunge: string[] };
  searchAfterMove: number[];
  expunge: string[];
  searchAfterExpunge: number[];
  statusInbox: string[];
  statusArchives: string[];
  statusCorbeille: string[];
  close: string[];
  logout: [string, string[]];
}

interface StarttlsSession {
  plainCapabilities: string[];
  starttls: string[];
  tlsCapabilities: string[];
  authenticate: string[];
  enable: string[];
  enabled: string[];
  list: { name: string; attributes: string[] }[];
  create: string[];
  listAfterCreate: { name: string; attributes: string[] }[];
  rename: string[];
  listAfterRename: { name: string; attributes: string[] }[];
  delete: string[];
  deleteParent: string[];
  listAfterDelete: { name: string; attributes: string[] }[];
  examine: string[];
  searchUtf8: number[];
  archives: { uid: number; flags: string[]; internalDate: string; messageId: string }[];
  logout: [string, string[]];
}

describe('Python imaplib', { skip }, () => {
  let tls: TlsSession;

  test('runs a whole session over IMAPS, trusting only the certificate from the data folder', async () => {
    const started = Date.now();
    tls = await runPythonClient<TlsSession>(
      'imaplib_client.py',
      request('tls_session', {
        subjectWord: 'pédagogique',
        bodyWord: 'Chambéry',
        attachmentSubject: ATTACHMENT_SUBJECT,
        appendMessage: APPENDED_MESSAGE,
        appendDate: APPEND_DATE,
        moveMessageId: '<python-7@exemple.org>',
      }),
    );
    console.log(`imaplib IMAPS session: ${Date.now() - started} ms`);
    assert.match(tls.cipher, /^TLSv1\.[23]$/);
  });

  test('login works, a wrong password is refused, and the capabilities grow after login', () => {
    assert.match(tls.wrongPassword, /AUTHENTICATIONFAILED|Invalid|failed/i);
    assert.ok(tls.greetingCapabilities.includes('AUTH=PLAIN'), tls.greetingCapabilities.join(' '));
    assert.ok(!tls.greetingCapabilities.includes('STARTTLS'), 'no STARTTLS on implicit TLS');
    const capabilities = tls.capabilities.join(' ');
    for (const extension of ['IMAP4rev1', 'IDLE', 'UIDPLUS', 'MOVE', 'SPECIAL-USE', 'CONDSTORE', 'ENABLE']) {
      assert.match(capabilities, new RegExp(`\\b${extension}\\b`), extension);
    }
  });

  test('LIST shows INBOX and the French special-use folders in modified UTF-7', () => {
    const byName = new Map(tls.list.map((mailbox) => [mailbox.decoded, mailbox]));
    assert.deepEqual([...byName.keys()].sort(), [
      'Archives',
      'Brouillons',
      'Corbeille',
      'Envoyés',
      'INBOX',
      'Indésirables',
    ]);
    assert.equal(byName.get('Envoyés')?.name, 'Envoy&AOk-s');
    assert.ok(byName.get('Envoyés')?.attributes.includes('\\Sent'));
    assert.ok(byName.get('Corbeille')?.attributes.includes('\\Trash'));
    assert.ok(byName.get('Archives')?.attributes.includes('\\Archive'));
  });

  test('SELECT counts the messages and SEARCH finds accented words with CHARSET UTF-8', () => {
    assert.deepEqual(tls.select, ['10']);
    assert.equal(tls.uidValidity.length, 1);
    assert.deepEqual(tls.searchAll, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(tls.searchSubject, [9], 'SUBJECT pédagogique');
    assert.deepEqual(tls.searchBody, [9], 'BODY Chambéry');
    assert.deepEqual(tls.searchUnseen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(tls.searchNothing, []);
  });

  test('BODY.PEEK[HEADER] leaves the message unseen; RFC822 returns the stored bytes and sets \\Seen', () => {
    assert.equal(tls.headerPeek.subject, FRENCH_SUBJECT);
    assert.equal(tls.headerPeek.messageId, '<python-french@exemple.org>');
    assert.ok(tls.headerPeek.endsWithBlankLine, 'the header section ends with its blank line');
    assert.deepEqual(tls.headerPeek.flags, []);
    assert.deepEqual(tls.flagsAfterPeek, []);
    const raw = Buffer.from(tls.rfc822.base64, 'base64').toString('utf8');
    // The MX adds its trace fields (Received, …) on top; the rest is the message as sent, CRLF line ends.
    const sent = FRENCH_MESSAGE.replace(/\r?\n/g, '\r\n');
    assert.ok(raw.endsWith(sent), `RFC822 ends with the message as sent:\n${raw}`);
    assert.match(raw, /^Received: from load\.example\.org /m);
    assert.equal(tls.rfc822.subject, FRENCH_SUBJECT);
    assert.equal(tls.rfc822.body.replace(/\r\n/g, '\n'), FRENCH_BODY);
    assert.deepEqual(tls.flagsAfterRfc822, ['\\Seen']);
  });

  test('BODYSTRUCTURE describes the attachment and BODY[2] decodes to the same bytes', () => {
    assert.deepEqual(tls.attachmentSearch, [10]);
    assert.match(
      tls.bodystructure,
      /BODYSTRUCTURE \(\("text" "plain" \("charset" "utf-8"\) NIL NIL "quoted-printable" 38 1 [^()]*\)\("application" "pdf" \("name" "bulletin-trimestre-1\.pdf"\) NIL NIL "base64" \d+ .*\) "mixed" \("boundary" "frontiere-42"\)/i,
    );
    assert.match(tls.bodystructure, /"attachment" \("filename" "bulletin-trimestre-1\.pdf"\)/i);
    assert.equal(tls.partTwo.sha256, createHash('sha256').update(ATTACHMENT).digest('hex'));
    assert.match(tls.partTwo.mime, /^Content-Type: application\/pdf; name="bulletin-trimestre-1\.pdf"\r\n/);
  });

  test('ENVELOPE lists the sender, subject and both Cc addresses in order', () => {
    // The raw 8-bit name "Secrétariat" goes to this IMAP4rev1 client as a literal (imaplib keeps it apart).
    assert.match(
      tls.envelope,
      /^10 \(ENVELOPE \("Wed, 03 Dec 2025 14:00:00 \+0100" "Bulletin du premier trimestre" \(\(\{12\} NIL "secretariat" "exemple\.org"\)\) .* \(\(NIL NIL "lucie" "ac-test\.fr"\)\) \(\("Paul Durand" NIL "paul" "exemple\.org"\)\("Marie Curie" NIL "marie" "exemple\.org"\)\) NIL NIL "<python-attachment@exemple\.org>"\)\)$/,
    );
  });

  // RFC 9051 §9 (and RFC 3501): env-cc = "(" 1*address ")", with no space between the addresses.
  test('ENVELOPE puts no space between the addresses of a list', () => {
    assert.match(tls.envelope, /"exemple\.org"\)\("Marie Curie"/, tls.envelope);
  });

  // RFC 9051 §9 (and RFC 3501): body-type-mpart = 1*body SP media-subtype, with no space between the parts,
  // as in RFC 9051 §7.5.2's example and what Dovecot sends. imaplib does not parse BODYSTRUCTURE, but strict
  // parsers do.
  test('BODYSTRUCTURE puts no space between the parts of a multipart', () => {
    assert.match(tls.bodystructure, /NIL\)\("application" "pdf"/, tls.bodystructure);
  });

  test('STORE +FLAGS answers with the new flags, and .SILENT changes them without a word', () => {
    assert.equal(tls.store.length, 3, tls.store.join('\n'));
    for (const [i, line] of tls.store.entries())
      assert.match(line, new RegExp(`^${i + 1} \\(.*FLAGS \\(\\\\Seen\\)`));
    assert.deepEqual(tls.searchSeen, [1, 2, 3, 9]);
    assert.deepEqual(tls.storeSilent, [null]);
    // Keywords are case-insensitive; the store keeps them in JMAP's lower case (RFC 8621 §4.1.1).
    assert.deepEqual(
      tls.flagsAfterSilentStore.map((flag) => flag.toLowerCase()),
      ['$important', '\\flagged'],
    );
  });

  test('COPY and APPEND answer with COPYUID and APPENDUID (UIDPLUS)', () => {
    const uidValidity = tls.uidValidity[0];
    assert.match(tls.copy[0] ?? '', /^\[COPYUID \d+ 1:2 \d+:\d+\]/);
    assert.notEqual(tls.copy[0]?.split(' ')[1], uidValidity, 'the target mailbox has its own UIDVALIDITY');
    assert.match(tls.append[0] ?? '', /^\[APPENDUID \d+ 3\]/);
  });

  test('UID MOVE reports COPYUID and the EXPUNGE, and the message leaves INBOX', () => {
    assert.equal(tls.moveUid, 7);
    assert.equal(tls.move.status, 'OK');
    assert.ok(
      tls.move.ok.some((line) => /^\[COPYUID \d+ 7 1\]/.test(line)),
      `untagged OK [COPYUID …]: ${tls.move.ok.join(' | ')}`,
    );
    assert.deepEqual(tls.move.expunge, ['7']);
    assert.deepEqual(tls.searchAfterMove, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('EXPUNGE removes the messages marked \\Deleted and reports each one', () => {
    assert.equal(tls.expunge.length, 2, tls.expunge.join(' '));
    assert.ok(
      tls.expunge.every((n) => n === '5' || n === '6'),
      tls.expunge.join(' '),
    );
    assert.deepEqual(tls.searchAfterExpunge, [1, 2, 3, 4, 5, 6, 7]);
  });

  test('STATUS counts what is left in each mailbox, and CLOSE and LOGOUT end the session', () => {
    assert.match(tls.statusInbox[0] ?? '', /^"?INBOX"? \(MESSAGES 7 UNSEEN 3 UIDNEXT 11\)$/);
    assert.match(tls.statusArchives[0] ?? '', /^"?Archives"? \(MESSAGES 3 UNSEEN 0\)$/);
    assert.match(tls.statusCorbeille[0] ?? '', /^"?Corbeille"? \(MESSAGES 1\)$/);
    assert.equal(tls.close[0], 'CLOSE completed');
    assert.equal(tls.logout[0], 'BYE');
  });

  let starttls: StarttlsSession;

  test('runs a second session over STARTTLS with AUTHENTICATE PLAIN and UTF-8 enabled', async () => {
    const started = Date.now();
    starttls = await runPythonClient<StarttlsSession>(
      'imaplib_client.py',
      request('starttls_session', {
        subjectWord: 'pédagogique',
        folder: 'Projets/Sortie à Orléans',
        renamedFolder: 'Projets/Voyage à Lyon',
      }),
    );
    console.log(`imaplib STARTTLS session: ${Date.now() - started} ms`);
    assert.ok(starttls.plainCapabilities.includes('STARTTLS'), starttls.plainCapabilities.join(' '));
    assert.ok(!starttls.tlsCapabilities.includes('STARTTLS'), 'STARTTLS is not offered twice');
    assert.match(starttls.authenticate[0] ?? '', /\[CAPABILITY .*\]|completed|OK|Logged in/i);
    assert.deepEqual(starttls.enabled, ['UTF8=ACCEPT']);
  });

  test('once UTF8=ACCEPT is enabled, LIST, CREATE, RENAME and DELETE use UTF-8 names', () => {
    const names = starttls.list.map((mailbox) => mailbox.name).sort();
    assert.deepEqual(names, ['Archives', 'Brouillons', 'Corbeille', 'Envoyés', 'INBOX', 'Indésirables']);
    assert.deepEqual(
      starttls.listAfterCreate.map((mailbox) => mailbox.name),
      ['Projets/Sortie à Orléans'],
    );
    assert.deepEqual(starttls.listAfterRename.map((mailbox) => mailbox.name).sort(), [
      'Projets',
      'Projets/Voyage à Lyon',
    ]);
    assert.deepEqual(starttls.listAfterDelete, []);
  });

  test('SEARCH with a UTF-8 quoted string finds the accented subject', () => {
    // 1–4, 8, the French one, the attachment: python-5 to -7 left INBOX.
    assert.deepEqual(starttls.searchUtf8, [6]);
  });

  test('another connection sees what the first one copied and appended, flags and date included', () => {
    assert.deepEqual(
      starttls.archives.map((message) => [message.messageId, message.flags]),
      [
        ['<python-1@exemple.org>', ['\\Seen']],
        ['<python-2@exemple.org>', ['\\Seen']],
        ['<python-append@exemple.org>', ['\\Flagged', '\\Seen']],
      ],
    );
    assert.equal(
      new Date(starttls.archives[2]?.internalDate ?? '').getTime(),
      new Date(APPEND_DATE).getTime(),
      'INTERNALDATE is the date APPEND gave',
    );
    assert.equal(starttls.logout[0], 'BYE');
  });
});

// Found by mbsync ("Socket error: secure read … unexpected eof while reading" after LOGOUT): over TLS the
// tagged OK of LOGOUT must reach the client before the connection closes.
test('LOGOUT over implicit TLS sends the tagged OK before closing', { skip }, async () => {
  if (!server) throw new Error('server not started');
  const certificate = await readFile(server.certificateFile);
  const socket = tlsConnect({ host: '127.0.0.1', port: server.ports.imaps, ca: certificate });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await within(
    new Promise<void>((resolve) => socket.once('secureConnect', () => resolve())),
    10_000,
    'TLS handshake',
  );
  socket.write(`a LOGIN ${IMAP_USER.email} ${IMAP_USER.password}\r\n`);
  const until = Date.now() + 10_000;
  while (!/\r\na OK/.test(received) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  socket.write('b LOGOUT\r\n');
  await within(closed, 10_000, 'close after LOGOUT');
  assert.match(received, /\* BYE [^\r]*\r\nb OK [^\r]*\r\n$/, received.slice(-200));
});
