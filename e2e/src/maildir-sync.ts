// The two sides of a two-way IMAP sync as the e2e tests of mbsync and OfflineIMAP read them: seeded and
// appended messages (by Message-ID), a Maildir tree read into (folder, Message-ID, flags), the server's side
// from imaplib's snapshot, their differences as readable lines, an expected state changed the way the tests
// change both sides, and the Maildir changed as a mail reader changes it (maildir(5)).

import assert from 'node:assert/strict';
import { readdir, readFile, rename, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAP_USER } from './imap-server-setup.ts';

/** Maildir info letters (maildir(5)) and the IMAP flags they stand for; mbsync 1.4 and OfflineIMAP sync all
 * but P. */
const MAILDIR_FLAGS: Readonly<Record<string, string>> = {
  D: '\\Draft',
  F: '\\Flagged',
  P: '$Forwarded',
  R: '\\Answered',
  S: '\\Seen',
  T: '\\Deleted',
};
const SYNCED_FLAGS = new Set(['\\Draft', '\\Flagged', '\\Answered', '\\Seen', '\\Deleted']);
const FOLDERS = ['Archives', 'Brouillons', 'Corbeille', 'Envoy&AOk-s', 'INBOX', 'Ind&AOk-sirables'];

// --- messages ---------------------------------------------------------------------------------------------

const SUBJECTS = [
  'Conseil de classe du 2e trimestre',
  'Réunion parents-professeurs',
  'Sortie pédagogique à Orléans',
  'Cantine : menus de la semaine',
  'Emploi du temps modifié',
  'Épreuves du brevet blanc',
  'Club théâtre : répétition générale',
  'Inscriptions à l’association sportive',
];

export const id = (n: number) => `<sync-${n}@exemple.org>`;

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

/** Message n: varied subjects (some accented), body lengths, and every 25th with a small attachment. */
export function seedMessage(n: number): string {
  const subject = `${SUBJECTS[n % SUBJECTS.length]} (${n})`;
  const lines = Array.from(
    { length: 1 + (n % 40) },
    (_, i) => `Ligne ${i + 1} du message ${n} : les élèves, la cantine, le gymnase.`,
  );
  const headers = [
    `From: Collège Jean Moulin <vie-scolaire-${n % 5}@exemple.org>`,
    `To: ${IMAP_USER.email}`,
    `Subject: ${encodedWord(subject)}`,
    `Message-ID: ${id(n)}`,
    `Date: ${new Date(Date.UTC(2025, 8, 1) + n * 3_600_000).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
  ];
  if (n % 25 !== 0) {
    return [
      ...headers,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      ...lines,
      '',
    ].join('\r\n');
  }
  const attachment = Buffer.from(Array.from({ length: 2000 + n * 3 }, (_, i) => (i * 31 + n) % 256));
  return [
    ...headers,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...lines,
    '--b',
    `Content-Type: application/octet-stream; name="piece-${n}.bin"`,
    'Content-Transfer-Encoding: base64',
    '',
    ...(attachment.toString('base64').match(/.{1,76}/g) ?? []),
    '--b--',
    '',
  ].join('\r\n');
}

export function appendedMessage(tag: string, n: number): string {
  return [
    `From: Lucie Aubrac <${IMAP_USER.email}>`,
    'To: direction@exemple.org',
    `Subject: ${encodedWord(`Note déposée sur le serveur ${tag}-${n}`)}`,
    `Message-ID: <${tag}-${n}@exemple.org>`,
    'Date: Fri, 15 Mar 2024 10:00:00 +0100',
    '',
    `Note ${tag} ${n}.`,
    '',
  ].join('\r\n');
}

// --- the two sides, as maps of folder -> Message-ID -> flags ----------------------------------------------

/** folder -> Message-ID -> sorted flags. */
export type MailState = Map<string, Map<string, string[]>>;

export interface LocalMessage {
  readonly folder: string;
  readonly path: string;
  readonly base: string;
  readonly uid: number | undefined;
  readonly flags: string[];
  readonly messageId: string;
  readonly mtimeMs: number;
}

const MAILDIR_NAME = /^(?<base>.+?)(?:,U=(?<uid>\d+))?(?::2,(?<info>[A-Za-z]*))?$/;

/** Every message file of every folder of the Maildir tree (one level: SubFolders Verbatim, no subfolders). */
export async function readMaildir(root: string): Promise<LocalMessage[]> {
  const messages: LocalMessage[] = [];
  for (const folder of await readdir(root)) {
    for (const sub of ['cur', 'new']) {
      const dir = join(root, folder, sub);
      const files = await readdir(dir).catch(() => []);
      for (const file of files) {
        const match = MAILDIR_NAME.exec(file);
        if (!match?.groups) throw new Error(`unexpected Maildir file name ${dir}/${file}`);
        const path = join(dir, file);
        const content = await readFile(path, 'latin1');
        const end = content.search(/\r?\n\r?\n/);
        const header = end >= 0 ? content.slice(0, end) : content;
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(header)?.[1];
        if (!messageId) throw new Error(`no Message-ID in ${path}`);
        messages.push({
          folder,
          path,
          base: match.groups.base ?? file,
          uid: match.groups.uid === undefined ? undefined : Number(match.groups.uid),
          flags: [...(match.groups.info ?? '')].map((letter) => MAILDIR_FLAGS[letter] ?? letter).sort(),
          messageId,
          mtimeMs: (await stat(path)).mtimeMs,
        });
      }
    }
  }
  return messages;
}

interface ServerMessage {
  readonly uid: number;
  readonly flags: string[];
  readonly internalDate: string;
  readonly messageId: string;
}
export interface Snapshot {
  readonly mailboxes: Record<string, { status: string[]; exists: number; messages: ServerMessage[] }>;
}

function stateOf(entries: Iterable<{ folder: string; messageId: string; flags: readonly string[] }>): {
  state: MailState;
  duplicates: string[];
} {
  const state: MailState = new Map();
  const duplicates: string[] = [];
  for (const entry of entries) {
    const folder = state.get(entry.folder) ?? new Map<string, string[]>();
    state.set(entry.folder, folder);
    if (folder.has(entry.messageId)) duplicates.push(`${entry.folder} ${entry.messageId}`);
    folder.set(entry.messageId, entry.flags.filter((flag) => SYNCED_FLAGS.has(flag)).sort());
  }
  return { state, duplicates };
}

function serverEntries(snapshot: Snapshot) {
  return Object.entries(snapshot.mailboxes).flatMap(([folder, mailbox]) =>
    mailbox.messages.map((message) => ({ folder, messageId: message.messageId, flags: message.flags })),
  );
}

/** What differs between two states, as readable lines (at most 30). */
function differences(a: MailState, b: MailState, aName: string, bName: string): string[] {
  const lines: string[] = [];
  for (const folder of new Set([...a.keys(), ...b.keys()])) {
    const inA = a.get(folder) ?? new Map<string, string[]>();
    const inB = b.get(folder) ?? new Map<string, string[]>();
    for (const [messageId, flags] of inA) {
      const other = inB.get(messageId);
      if (other === undefined) lines.push(`${folder}: ${messageId} only in ${aName}`);
      else if (flags.join(' ') !== other.join(' '))
        lines.push(
          `${folder}: ${messageId} flags ${aName} [${flags.join(' ')}] ${bName} [${other.join(' ')}]`,
        );
    }
    for (const messageId of inB.keys()) {
      if (!inA.has(messageId)) lines.push(`${folder}: ${messageId} only in ${bName}`);
    }
  }
  return lines.slice(0, 30);
}

export function cloneState(state: MailState): MailState {
  return new Map(
    [...state].map(([folder, messages]) => [folder, new Map([...messages].map(([k, v]) => [k, [...v]]))]),
  );
}

export function setFlags(
  state: MailState,
  folder: string,
  messageId: string,
  change: (flags: Set<string>) => void,
) {
  const messages = state.get(folder);
  const flags = messages?.get(messageId);
  if (!messages || !flags) throw new Error(`${messageId} not in ${folder} in the model`);
  const next = new Set(flags);
  change(next);
  messages.set(messageId, [...next].sort());
}

export function moveInModel(state: MailState, from: string, to: string, messageId: string) {
  const flags = state.get(from)?.get(messageId);
  if (!flags) throw new Error(`${messageId} not in ${from} in the model`);
  state.get(from)?.delete(messageId);
  const target = state.get(to) ?? new Map<string, string[]>();
  state.set(to, target);
  target.set(messageId, flags);
}

// --- the Maildir side, changed as a mail reader would (maildir(5)) ----------------------------------------

const MAILDIR_LETTERS = Object.fromEntries(
  Object.entries(MAILDIR_FLAGS).map(([letter, flag]) => [flag, letter]),
);

function infoOf(flags: Iterable<string>): string {
  return [...flags]
    .map((flag) => MAILDIR_LETTERS[flag] ?? '')
    .sort()
    .join('');
}

/** Rename the file into cur/ with the new info letters, as a reader does when it shows or flags a message. */
export async function changeLocalFlags(message: LocalMessage, flags: Iterable<string>): Promise<void> {
  const file = `${message.base}${message.uid === undefined ? '' : `,U=${message.uid}`}:2,${infoOf(flags)}`;
  await rename(message.path, join(message.path, '..', '..', 'cur', file));
}

/**
 * Move the file to another folder. The UID part (,U=n) belongs to the old folder and is dropped, as the
 * mbsync manual asks of readers (RECOMMENDATIONS: "it is important that the MUA renames files when moving
 * them between Maildir folders"): mbsync then sees a new message there and uploads it. OfflineIMAP's names
 * keep their ,U=n,FMD5=… part in `base`: the FMD5 of another folder's name tells it the file is new here.
 */
export async function moveLocal(message: LocalMessage, root: string, to: string, mtime: Date): Promise<void> {
  const target = join(root, to, 'cur', `${message.base}:2,${infoOf(message.flags)}`);
  await rename(message.path, target);
  // The file's time becomes the INTERNALDATE of the uploaded copy (mbsync's CopyArrivalDate).
  await utimes(target, mtime, mtime);
}

export function count(state: MailState, folder: string): number {
  return state.get(folder)?.size ?? 0;
}

export function withFlag(state: MailState, folder: string, flag: string): number {
  return [...(state.get(folder)?.values() ?? [])].filter((flags) => flags.includes(flag)).length;
}

export const seedNumber = (messageId: string) => Number(/^<sync-(\d+)@/.exec(messageId)?.[1] ?? -1);

/**
 * Both sides read, checked free of duplicates, and compared with each other and with the expected state:
 * `tool` made a Maildir folder per mailbox, STATUS agrees with what FETCH listed, every message is on both sides
 * with the same flags.
 */
export async function assertSidesConverged(
  tool: string,
  maildir: string,
  snapshot: Snapshot,
  expected: MailState | undefined,
): Promise<{ local: LocalMessage[]; snapshot: Snapshot; state: MailState }> {
  const local = await readMaildir(maildir);
  const localState = stateOf(local);
  const serverState = stateOf(serverEntries(snapshot));
  assert.deepEqual(localState.duplicates, [], 'no message twice in a Maildir folder');
  assert.deepEqual(serverState.duplicates, [], 'no message twice in a server mailbox');
  assert.deepEqual((await readdir(maildir)).sort(), FOLDERS, `${tool} made a Maildir folder per mailbox`);
  assert.deepEqual(
    Object.keys(snapshot.mailboxes).sort(),
    FOLDERS,
    'the server lists the six default mailboxes',
  );
  for (const folder of FOLDERS) {
    if (!localState.state.has(folder)) localState.state.set(folder, new Map());
    assert.match(
      snapshot.mailboxes[folder]?.status[0] ?? '',
      new RegExp(`MESSAGES ${snapshot.mailboxes[folder]?.messages.length ?? -1}\\b`),
      `${folder}: STATUS MESSAGES agrees with FETCH`,
    );
  }
  const localVsServer = differences(localState.state, serverState.state, 'Maildir', 'server');
  assert.deepEqual(
    localVsServer,
    [],
    'the Maildir and the server hold the same messages with the same flags',
  );
  if (expected) {
    assert.deepEqual(
      differences(expected, serverState.state, 'expected', 'server'),
      [],
      'both sides hold what the changes of both sides add up to',
    );
  }
  return { local, snapshot, state: serverState.state };
}
