// A third-party JMAP client (jmap-client-ts 1.0.0, Linagora's TypeScript library, through its own
// FetchTransport) against `vercors serve`: it fetches the session, lists mailboxes, reads a message that came
// in through the MX, writes a draft and sends it with EmailSubmission (moved to Sent on success), and the
// recipient reads it with the same client. The library speaks Bearer by default; it is given the account's
// HTTP Basic credentials through its httpHeaders option, and a JSON content type its transport leaves out.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from 'jmap-client-ts';
import { FetchTransport } from 'jmap-client-ts/lib/utils/fetch-transport.js';
import {
  IMAP_USER,
  plainMessage,
  prepareImapData,
  seedThroughMx,
  startImapServerWithHttp,
  stopImapServer,
  type ImapServer,
} from './imap-server-setup.ts';
import { vercorsCli } from './smtp-server-setup.ts';

const MARC = { email: 'marc@ac-test.fr', password: 'Tilleul-Boussole-Grenat-58' };

const root = await mkdtemp(join(tmpdir(), 'vercors-jmap-client-'));
let server: ImapServer | undefined;
let base = '';

before(async () => {
  const dataDir = join(root, 'data');
  await prepareImapData(dataDir);
  await vercorsCli(
    dataDir,
    ['user', 'add', MARC.email, '--name', 'Marc Bloch', '--password-stdin'],
    `${MARC.password}\n${MARC.password}\n`,
  );
  const started = await startImapServerWithHttp(dataDir);
  ({ server, base } = started);
  await seedThroughMx(started.server.ports.smtp, IMAP_USER.email, 1, () =>
    plainMessage({
      from: 'Principal <principal@exemple.org>',
      subject: 'Emploi du temps',
      messageId: 'edt@exemple.org',
      body: 'Bonjour, voici le nouvel emploi du temps.',
    }),
  );
});

after(async () => {
  await stopImapServer(server);
  await rm(root, { recursive: true, force: true });
});

/** The library's client for `user`, with its session fetched. */
async function clientFor(user: { email: string; password: string }): Promise<Client> {
  const client = new Client({
    sessionUrl: `${base}/.well-known/jmap`,
    accessToken: '',
    transport: new FetchTransport((url: string, init: RequestInit) =>
      fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }),
    ),
    httpHeaders: {
      Authorization: `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
  });
  await client.fetchSession();
  return client;
}

/** Every method goes through the library's one generic request(); its table has no Identity/get. */
function identityGet(client: Client, accountId: string): Promise<{ list: { id: string; email: string }[] }> {
  const generic = client as unknown as { request(name: string, args: unknown): Promise<never> };
  return generic.request('Identity/get', { accountId, ids: null });
}

test('a third-party client lists, reads and sends mail as a user would', async () => {
  const lucie = await clientFor(IMAP_USER);
  const accountId = lucie.getFirstAccountId();
  assert.equal(lucie.getSession().username, IMAP_USER.email);

  const { list: mailboxes } = await lucie.mailbox_get({ accountId, ids: null });
  const role = (name: string) => mailboxes.find((mailbox) => mailbox.role === name)?.id as string;
  assert.ok(role('inbox') && role('drafts') && role('sent'));

  // Read: the inbox lists the message from the MX, and its text reads back.
  const inbox = await lucie.email_query({
    accountId,
    filter: { inMailbox: role('inbox') },
    sort: [{ property: 'receivedAt', isAscending: false }],
  });
  assert.equal(inbox.ids.length, 1);
  const { list: read } = await lucie.email_get({
    accountId,
    ids: inbox.ids,
    properties: ['subject', 'from', 'textBody', 'bodyValues'],
    fetchTextBodyValues: true,
  });
  const [message] = read;
  assert.equal(message?.subject, 'Emploi du temps');
  assert.deepEqual(message?.from, [{ name: 'Principal', email: 'principal@exemple.org' }]);
  const partId = message?.textBody?.[0]?.partId as string;
  assert.match(message?.bodyValues?.[partId]?.value ?? '', /nouvel emploi du temps/);

  // Send: a draft, then a submission that moves it to Sent.
  const { list: identities } = await identityGet(lucie, accountId);
  assert.equal(identities[0]?.email, IMAP_USER.email);
  // The library types a create as a whole Email (every server-set property too): the casts say so.
  const drafted = await lucie.email_set({
    accountId,
    create: {
      draft: {
        mailboxIds: { [role('drafts')]: true },
        keywords: { $draft: true, $seen: true },
        from: [{ name: 'Lucie Aubrac', email: IMAP_USER.email }],
        to: [{ name: 'Marc Bloch', email: MARC.email }],
        subject: 'Réunion de rentrée',
        textBody: [{ partId: 'body', type: 'text/plain' }],
        bodyValues: { body: { value: 'Bonjour Marc,\nla réunion est lundi à 8 h.' } },
      },
    },
  } as never);
  const draftId = (drafted.created as Record<string, { id: string }> | null)?.draft?.id as string;
  assert.ok(draftId, JSON.stringify(drafted.notCreated));
  const submitted = await lucie.emailSubmission_set({
    accountId,
    create: { send: { identityId: identities[0]?.id, emailId: draftId } },
    onSuccessUpdateEmail: {
      '#send': {
        [`mailboxIds/${role('drafts')}`]: null,
        [`mailboxIds/${role('sent')}`]: true,
        'keywords/$draft': null,
      },
    },
  } as never);
  assert.ok(
    (submitted.created as Record<string, unknown> | null)?.send,
    JSON.stringify(submitted.notCreated),
  );
  const { list: sentCopy } = await lucie.email_get({ accountId, ids: [draftId], properties: ['mailboxIds'] });
  assert.deepEqual(sentCopy[0]?.mailboxIds, { [role('sent')]: true });

  // Marc receives it (the queue delivers within a poll interval), and reads it with the same client.
  const marc = await clientFor(MARC);
  const marcAccount = marc.getFirstAccountId();
  let found: string[] = [];
  for (let attempt = 0; attempt < 100 && found.length === 0; attempt++) {
    found = (await marc.email_query({ accountId: marcAccount, filter: { subject: 'Réunion de rentrée' } }))
      .ids;
    if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(found.length, 1);
  const { list: received } = await marc.email_get({
    accountId: marcAccount,
    ids: found,
    properties: ['from'],
  });
  assert.deepEqual(received[0]?.from, [{ name: 'Lucie Aubrac', email: IMAP_USER.email }]);
});
