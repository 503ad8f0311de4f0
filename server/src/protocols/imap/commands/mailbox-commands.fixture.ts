// Test fixture for the mailbox commands: the IMAP fixture with Paul logged in on a raw client, optionally
// after ENABLE (UTF-8 names, IMAP4rev2).

import type { TestContext } from 'node:test';
import { type ImapFixture, openImapFixture, PAUL, type RawImapClient } from '../imap.fixture.ts';

export interface MailboxSession {
  readonly fixture: ImapFixture;
  readonly client: RawImapClient;
}

export async function openMailboxSession(
  t: TestContext,
  options: { readonly enable?: string } = {},
): Promise<MailboxSession> {
  const fixture = await openImapFixture(t);
  const client = await fixture.connectRaw();
  await client.readUntil((line) => line.startsWith('* OK'));
  const login = await client.command('l1', `LOGIN ${PAUL.email} ${PAUL.password}`);
  if (!(login.at(-1) ?? '').startsWith('l1 OK')) throw new Error(`login failed: ${login.join('\n')}`);
  if (options.enable !== undefined) await client.command('l2', `ENABLE ${options.enable}`);
  return { fixture, client };
}
