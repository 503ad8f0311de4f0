// A vercors data folder ready for mail tests (a domain and two accounts, made with the CLI as an operator
// would), a `vercors serve` on loopback SMTP ports, and a read-only look at what got stored (SQLite file).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { freeLoopbackPort, waitForGreeting } from './loopback.ts';
import {
  ALL_LISTENERS_OFF,
  startVercors,
  VERCORS_CLI,
  within,
  type VercorsProcess,
} from './vercors-server.ts';

export const MAIL_DOMAIN = 'ac-test.fr';
export const SENDER = { email: 'paul@ac-test.fr', password: 'Cheval-Batterie-Agrafe-42' };
export const RECIPIENT = 'marie@ac-test.fr';

/** Run the CLI once (bounded), with `input` on standard input; throws with its output on failure. */
export async function vercorsCli(dataDir: string, args: readonly string[], input = ''): Promise<string> {
  const child = spawn(process.execPath, [VERCORS_CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', VERCORS_DATA: dataDir, VERCORS_LOCALE: 'en' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(input);
  const code = await within(
    new Promise<number | null>((resolve) => child.once('exit', resolve)),
    60_000,
    `vercors ${args.join(' ')}`,
  );
  if (code !== 0) throw new Error(`vercors ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}

export async function prepareMailData(dataDir: string): Promise<void> {
  await vercorsCli(dataDir, ['domain', 'add', MAIL_DOMAIN]);
  await vercorsCli(
    dataDir,
    ['user', 'add', SENDER.email, '--name', 'Paul Durand', '--password-stdin'],
    `${SENDER.password}\n${SENDER.password}\n`,
  );
  await vercorsCli(dataDir, ['user', 'add', RECIPIENT, '--name', 'Marie Curie']);
}

export interface SmtpServer {
  readonly process: VercorsProcess;
  readonly ports: { readonly smtp: number; readonly submission: number; readonly submissions: number };
}

/** `vercors serve` with the three SMTP listeners on free loopback ports; resolves once it says it is ready. */
export async function startSmtpServer(
  dataDir: string,
  options: { readonly workers?: number; readonly env?: Record<string, string> } = {},
): Promise<SmtpServer> {
  const ports = {
    smtp: await freeLoopbackPort(),
    submission: await freeLoopbackPort(),
    submissions: await freeLoopbackPort(),
  };
  const server = startVercors(['serve', '--workers', String(options.workers ?? 1)], {
    env: {
      ...ALL_LISTENERS_OFF,
      VERCORS_DATA: dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_HOSTNAME: 'mx.ac-test.fr',
      VERCORS_LISTEN_SMTP: `127.0.0.1:${ports.smtp}`,
      VERCORS_LISTEN_SUBMISSION: `127.0.0.1:${ports.submission}`,
      VERCORS_LISTEN_SUBMISSIONS: `127.0.0.1:${ports.submissions}`,
      VERCORS_SMTP_GREETING_DELAY: '0s',
      VERCORS_DELIVERY_DNS: 'offline',
      ...options.env,
    },
  });
  await waitForSmtp(ports.smtp, 60_000);
  return { process: server, ports };
}

/** Poll until the port answers a 220 greeting (bounded). */
export async function waitForSmtp(port: number, deadlineMs: number): Promise<void> {
  await waitForGreeting(port, '220', 'QUIT', deadlineMs);
}

export interface StoredEmail {
  readonly subject: string;
  readonly messageId: string | null;
  readonly blobId: string;
  /** Its content is stored, in the database or in a file, and hashes to its id. */
  readonly hasContent: boolean;
  readonly mailboxes: number;
}

/** Every email of `address` in the SQLite store, with whether its content is there. */
export function storedEmails(dataDir: string, address: string): StoredEmail[] {
  const database = new DatabaseSync(join(dataDir, 'vercors.sqlite'), { readOnly: true });
  try {
    const rows = database
      .prepare(
        `select e.subject, e.message_id, e.blob_id,
                (select count(*) from email_mailboxes m where m.email_id = e.id) as mailboxes
           from emails e join accounts a on a.id = e.account_id where a.email = ?`,
      )
      .all(address) as { subject: string; message_id: string | null; blob_id: string; mailboxes: number }[];
    return rows.map((row) => ({
      subject: row.subject,
      messageId: row.message_id,
      blobId: row.blob_id,
      hasContent: hasContent(database, dataDir, row.blob_id),
      mailboxes: Number(row.mailboxes),
    }));
  } finally {
    database.close();
  }
}

/**
 * Small content is a `blob_contents` row (server/src/store/blobs-in-database.ts), larger content a file in the
 * file blob store's layout, blobs/ab/cd/abcd… (server/src/store/blobs-fs/blob-paths.ts).
 */
function hasContent(database: DatabaseSync, dataDir: string, id: string): boolean {
  const row = database.prepare('select content from blob_contents where id = ?').get(id) as
    | { content: Uint8Array }
    | undefined;
  const path = join(dataDir, 'blobs', id.slice(0, 2), id.slice(2, 4), id);
  const content = row?.content ?? (existsSync(path) ? readFileSync(path) : undefined);
  return content !== undefined && createHash('sha256').update(content).digest('hex') === id;
}

/** A Debian tool, or undefined when it is not installed. */
export function findTool(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}
