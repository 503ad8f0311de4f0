// Test support for SEARCH, SORT and THREAD: Paul's inbox with a small school conversation, and a raw client
// logged in with INBOX selected. A first message is expunged before the others arrive, so UIDs (2-6) and
// sequence numbers (1-5) differ and every response shows which of the two it carries.
//
//   seq uid  from          subject                       Date:          received (Paris)  flags
//   1   2    marie.dupont  Menu de la cantine            31 Oct 23:00   31 Oct 23:30      \Seen
//   2   3    paul          Re: Menu de la cantine        1 Nov 00:20    1 Nov 00:30
//   3   4    parents       Réunion parents-professeurs   2 Nov 09:00    2 Nov 09:00
//   4   5    marie.dupont  Re: Menu de la cantine        3 Nov 09:00    3 Nov 09:00       \Seen \Flagged
//   5   6    marie.dupont  Absence de Mme Martin         30 Oct 08:00   4 Nov 09:00

import type { TestContext } from 'node:test';
import { openImapFixture, PAUL, type ImapFixture, type RawImapClient } from '../imap.fixture.ts';

export interface SearchMailbox {
  readonly fixture: ImapFixture;
  readonly inboxId: string;
  /** A client logged in as Paul, INBOX selected. */
  readonly client: RawImapClient;
  /** Another client logged in as Paul, nothing selected. */
  connect(): Promise<RawImapClient>;
}

const MARIE = 'From: Marie Dupont <marie.dupont@ac-grenoble.fr>\nTo: paul@ac-test.fr';

const MESSAGES: readonly {
  readonly raw: string;
  readonly receivedAt: string;
  readonly keywords: string[];
}[] = [
  {
    raw: `${MARIE}\nSubject: Menu de la cantine\nDate: Sat, 31 Oct 2026 23:00:00 +0100\nMessage-ID: <menu@ac-grenoble.fr>\n\nLe menu de la semaine.\n`,
    receivedAt: '2026-10-31T22:30:00Z',
    keywords: ['$seen'],
  },
  {
    raw: 'From: Paul Durand <paul@ac-test.fr>\nTo: marie.dupont@ac-grenoble.fr\nSubject: Re: Menu de la cantine\nDate: Sun, 01 Nov 2026 00:20:00 +0100\nMessage-ID: <re-menu@ac-test.fr>\nIn-Reply-To: <menu@ac-grenoble.fr>\nReferences: <menu@ac-grenoble.fr>\n\nÉlectricité du gymnase : coupure jeudi.\n',
    receivedAt: '2026-10-31T23:30:00Z',
    keywords: [],
  },
  {
    raw: 'From: Bureau des parents <parents@ac-test.fr>\nTo: paul@ac-test.fr\nSubject: =?utf-8?q?R=C3=A9union_parents-professeurs?=\nDate: Mon, 02 Nov 2026 09:00:00 +0100\nMessage-ID: <reunion@ac-test.fr>\n\nOrdre du jour joint.\n',
    receivedAt: '2026-11-02T08:00:00Z',
    keywords: [],
  },
  {
    raw: `${MARIE}\nSubject: Re: Menu de la cantine\nDate: Tue, 03 Nov 2026 09:00:00 +0100\nMessage-ID: <re-re-menu@ac-grenoble.fr>\nIn-Reply-To: <re-menu@ac-test.fr>\nReferences: <menu@ac-grenoble.fr> <re-menu@ac-test.fr>\n\nMerci.\n`,
    receivedAt: '2026-11-03T08:00:00Z',
    keywords: ['$seen', '$flagged'],
  },
  {
    raw: `${MARIE}\nSubject: Absence de Mme Martin\nDate: Fri, 30 Oct 2026 08:00:00 +0100\nMessage-ID: <absence@ac-grenoble.fr>\n\nMme Martin sera absente.\n`,
    receivedAt: '2026-11-04T08:00:00Z',
    keywords: [],
  },
];

export async function openSearchMailbox(t: TestContext): Promise<SearchMailbox> {
  const fixture = await openImapFixture(t);
  const { mail } = fixture.services;
  const accountId = fixture.accounts.paul;
  const inboxId = (await mail.listMailboxes(accountId)).find((mailbox) => mailbox.role === 'inbox')?.id ?? '';
  const store = (raw: string, receivedAt: string, keywords: string[]) =>
    mail.importMessage(accountId, Buffer.from(raw.replace(/\r?\n/g, '\r\n')), {
      mailboxIds: [inboxId],
      receivedAt: new Date(receivedAt),
      keywords,
    });
  await store('Subject: brouillon\n\nx\n', '2026-10-01T08:00:00Z', []);
  await mail.expunge(accountId, inboxId, [1]);
  for (const message of MESSAGES) await store(message.raw, message.receivedAt, message.keywords);

  const connect = async () => {
    const client = await fixture.connectRaw();
    await client.readUntil((line) => line.startsWith('* OK'));
    await client.command('l1', `LOGIN ${PAUL.email} ${PAUL.password}`);
    return client;
  };
  const client = await connect();
  await client.command('s1', 'SELECT INBOX');
  return { fixture, inboxId, client, connect };
}
