// Test fixture for `vercors mail import`: small Maildir and mbox trees written in a temporary folder, and a
// look at what an account's mailboxes hold afterwards through the same services the CLI opens.

import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { silentLogger } from '#core/log';
import { openServices, readConfig } from '../../main.ts';
import type { CliFixture } from '../cli.fixture.ts';

/** A temporary folder for a source tree, removed when the test ends. */
export async function sourceFolder(t: TestContext): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vercors-import-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  return root;
}

/** A small message with LF line ends, as Maildir and mbox files hold them. */
export function message(
  subject: string,
  options: { messageId?: string | null; body?: string; date?: string; extra?: string[] } = {},
): string {
  const id =
    options.messageId === undefined ? `<${subject.replace(/\W+/g, '.')}@old.example>` : options.messageId;
  return [
    'From: Marie Dupont <marie.dupont@old.example>',
    'To: jean@ac-test.fr',
    `Subject: ${subject}`,
    `Date: ${options.date ?? 'Tue, 01 Sep 2026 10:00:00 +0200'}`,
    ...(id === null ? [] : [`Message-ID: ${id}`]),
    ...(options.extra ?? []),
    '',
    options.body ?? `Body of ${subject}.`,
    '',
  ].join('\n');
}

/** Write one file (parents made), optionally with a modification time. */
export async function writeSourceFile(path: string, content: string | Buffer, mtime?: Date): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  if (mtime !== undefined) await utimes(path, mtime, mtime);
}

/** An empty Maildir folder (cur, new, tmp). */
export async function maildirFolder(path: string): Promise<void> {
  for (const part of ['cur', 'new', 'tmp']) await mkdir(join(path, part), { recursive: true });
}

export interface StoredEmail {
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly receivedAt: string;
  readonly size: number;
}

/** Every mailbox of the account by path (`Parent/Child`) with its role and emails (subject order). */
export async function accountMail(
  cli: CliFixture,
  address: string,
): Promise<Map<string, { role: string | null; emails: StoredEmail[] }>> {
  const services = await openServices(readConfig(cli.env), silentLogger());
  try {
    const account = await services.identity.findAccount(address);
    if (!account) throw new Error(`no account ${address}`);
    const mailboxes = await services.mail.listMailboxes(account.id);
    const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    const pathOf = (id: string | null): string => {
      const mailbox = id === null ? undefined : byId.get(id);
      if (mailbox === undefined) return '';
      const parent = pathOf(mailbox.parentId);
      return parent === '' ? mailbox.name : `${parent}/${mailbox.name}`;
    };
    const result = new Map<string, { role: string | null; emails: StoredEmail[] }>();
    for (const mailbox of mailboxes) {
      const view = await services.mail.mailboxView(account.id, mailbox.id);
      const emails = await services.mail.getEmails(
        account.id,
        view.map((entry) => entry.emailId),
        [],
      );
      result.set(pathOf(mailbox.id), {
        role: mailbox.role,
        emails: emails
          .map((email) => ({
            subject: email.subject,
            keywords: email.keywords,
            receivedAt: email.receivedAt.toISOString(),
            size: email.size,
          }))
          .sort((a, b) => a.subject.localeCompare(b.subject)),
      });
    }
    return result;
  } finally {
    await services.close();
  }
}
