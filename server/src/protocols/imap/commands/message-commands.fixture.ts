// Test helpers for the message-changing commands: a raw client logged in as Paul with a mailbox selected,
// messages delivered beforehand, and the store's view of a mailbox to check what a command did.

import type { MailboxViewEntry } from '#domain/mail';
import { type ImapFixture, PAUL, type RawImapClient } from '../imap.fixture.ts';

export interface OpenedMailbox {
  readonly client: RawImapClient;
  readonly uidValidity: number;
  /** The SELECT/EXAMINE response lines. */
  readonly lines: readonly string[];
}

/** A message with CRLF line ends, as clients send and the store keeps. */
export function message(subject: string): string {
  return `From: Marie <marie@ac-test.fr>\r\nTo: paul@ac-test.fr\r\nSubject: ${subject}\r\n\r\nBonjour.\r\n`;
}

/** Deliver `count` messages to Paul's inbox (UIDs 1..count in a fresh fixture). */
export async function deliverMessages(fixture: ImapFixture, count: number): Promise<void> {
  for (let index = 1; index <= count; index++) await fixture.deliver('paul', message(`Message ${index}`));
}

/** Paul logged in, `ENABLE`d what is asked, with `mailbox` selected (or examined). */
export async function openMailbox(
  fixture: ImapFixture,
  options: { readonly mailbox?: string; readonly examine?: boolean; readonly enable?: string } = {},
): Promise<OpenedMailbox> {
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  const login = await client.command('l1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  if (!login.at(-1)?.startsWith('l1 OK')) throw new Error(`login failed: ${login.join(' | ')}`);
  if (options.enable !== undefined) await client.command('l2', `ENABLE ${options.enable}`);
  const verb = options.examine === true ? 'EXAMINE' : 'SELECT';
  const lines = await client.command('l3', `${verb} ${options.mailbox ?? 'INBOX'}`);
  if (!lines.at(-1)?.startsWith('l3 OK')) throw new Error(`${verb} failed: ${lines.join(' | ')}`);
  const uidValidity = Number(/UIDVALIDITY (\d+)/.exec(lines.join('\n'))?.[1]);
  return { client, uidValidity, lines };
}

/** The id of one of Paul's mailboxes, by role. */
export async function mailboxIdOf(fixture: ImapFixture, role: string): Promise<string> {
  const mailboxes = await fixture.services.mail.listMailboxes(fixture.accounts.paul);
  const found = mailboxes.find((mailbox) => mailbox.role === role);
  if (found === undefined) throw new Error(`Paul has no ${role} mailbox`);
  return found.id;
}

/** What the store holds in one of Paul's mailboxes, by role. */
export async function viewOf(fixture: ImapFixture, role: string): Promise<readonly MailboxViewEntry[]> {
  return fixture.services.mail.mailboxView(fixture.accounts.paul, await mailboxIdOf(fixture, role));
}

/** UIDVALIDITY of one of Paul's mailboxes, by role. */
export async function uidValidityOf(fixture: ImapFixture, role: string): Promise<number> {
  const status = await fixture.services.mail.mailboxStatus(
    fixture.accounts.paul,
    await mailboxIdOf(fixture, role),
  );
  return status.uidValidity;
}
