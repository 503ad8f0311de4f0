import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { collectingPipeline, headerRecipients } from './collect-on-send.ts';
import { CONTACT_LIMITS } from './contacts-model.ts';
import { openContactsFixture, vcard } from './contacts.fixture.ts';

test('recipients in no book, and not the sender, are collected once, case-insensitively', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount({ aliases: ['alias.contact@ac-test.fr'] });
  await contacts.putCard(
    'system',
    account.id,
    'contacts',
    'k.vcf',
    vcard({ uid: 'k', fn: 'Known', email: 'Known@Example.org' }),
  );
  const added = await contacts.collectAddresses(account.id, [
    { name: 'Known', email: 'known@example.org' },
    { name: '', email: account.email.toUpperCase() },
    { name: '', email: 'alias.contact@ac-test.fr' },
    { name: '', email: 'Parent@Example.org' },
    { name: 'Madame Parent', email: 'parent@example.org' },
    { name: '', email: 'not an address' },
  ]);
  assert.equal(added, 1);
  const collected = await contacts.listCards('system', account.id, 'collected');
  assert.deepEqual(
    collected.map((c) => [c.fullName, c.emails]),
    [['Madame Parent', ['parent@example.org']]],
  );
  assert.equal(await contacts.collectAddresses(account.id, [{ name: '', email: 'PARENT@example.org' }]), 0);
});

test('a message collects at most maxCollectedPerMessage addresses', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const many = Array.from({ length: CONTACT_LIMITS.maxCollectedPerMessage + 5 }, (_, i) => ({
    name: '',
    email: `eleve${i}@example.org`,
  }));
  assert.equal(await contacts.collectAddresses(account.id, many), CONTACT_LIMITS.maxCollectedPerMessage);
});

test('the To, Cc and Bcc of a header are read, folded and encoded', () => {
  const raw = Buffer.from(
    [
      'From: moi@ac-test.fr',
      'To: "Dupont, Jean" <jean@example.org>,',
      ' =?UTF-8?Q?H=C3=A9l=C3=A8ne?= <helene@example.org>',
      'Cc: cc@example.org',
      'Bcc: Caché <bcc@example.org>',
      'Subject: To: not@this.org',
      '',
      'To: body@example.org',
    ].join('\r\n'),
  );
  assert.deepEqual(headerRecipients(raw), [
    { name: 'Dupont, Jean', email: 'jean@example.org' },
    { name: 'Hélène', email: 'helene@example.org' },
    { name: '', email: 'cc@example.org' },
    { name: 'Caché', email: 'bcc@example.org' },
  ]);
});

test('the SMTP pipeline collects from a stored Sent copy only, and a failure never fails the send', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const raw = Buffer.from('From: a@ac-test.fr\r\nTo: Élève <eleve@example.org>\r\n\r\nbody\r\n');
  const request = (role: 'sent' | 'inbox') => ({
    address: role,
    key: role,
    request: { accountId: account.id, raw, options: { mailboxRole: role } },
  });
  const stored = { address: 'x', status: 'delivered' } as const;
  const pipeline = collectingPipeline(
    { storeCopies: (copies: readonly unknown[]) => Promise.resolve(copies.map(() => stored)) } as never,
    { contacts, log: silentLogger() },
  );
  await pipeline.storeCopies([request('inbox')], 'q1');
  assert.equal((await contacts.listCards('system', account.id, 'collected')).length, 0);
  await pipeline.storeCopies([request('sent')], 'q2');
  assert.deepEqual(
    (await contacts.listCards('system', account.id, 'collected')).map((c) => c.fullName),
    ['Élève'],
  );

  const failing = collectingPipeline(
    { storeCopies: (copies: readonly unknown[]) => Promise.resolve(copies.map(() => stored)) } as never,
    {
      contacts: {
        collectAddresses: () => Promise.reject(new Error('store down')),
      },
      log: silentLogger(),
    },
  );
  assert.deepEqual(await failing.storeCopies([request('sent')], 'q3'), [stored]);
});

test('sending through JMAP submission collects the email’s recipients', async (t) => {
  const { services, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await services.mail.ensureDefaultMailboxes(account.id);
  const raw = Buffer.from(
    [
      `From: ${account.email}`,
      'To: "Parent d’élève" <parent@example.org>',
      `Cc: ${account.email}`,
      'Subject: Sortie scolaire',
      'Message-ID: <sortie@ac-test.fr>',
      '',
      'Bonjour.',
      '',
    ].join('\r\n'),
  );
  const email = await services.mail.importMessage(account.id, raw, { mailboxRole: 'drafts' });
  const { identities } = await services.mail.listIdentities(account.id);
  const identity = identities[0];
  assert.ok(identity);
  await services.submission.createSubmission(account.id, { identityId: identity.id, emailId: email.emailId });
  const collected = await services.contacts.listCards('system', account.id, 'collected');
  assert.deepEqual(
    collected.map((c) => [c.fullName, c.emails]),
    [['Parent d’élève', ['parent@example.org']]],
  );
});

test('the services’ inbound pipeline collects from the Sent copy SMTP submission stores', async (t) => {
  const { services, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await services.mail.ensureDefaultMailboxes(account.id);
  const raw = Buffer.from(
    `From: ${account.email}\r\nTo: Inspecteur <ien@example.org>\r\nSubject: Visite\r\n\r\nBonjour.\r\n`,
  );
  const [stored] = await services.inbound.storeCopies(
    [
      {
        address: 'sent',
        key: 'sent-1',
        request: { accountId: account.id, raw, options: { mailboxRole: 'sent' } },
      },
    ],
    'q-test',
  );
  assert.equal(stored?.status, 'delivered');
  const collected = await services.contacts.listCards('system', account.id, 'collected');
  assert.deepEqual(
    collected.map((c) => c.emails),
    [['ien@example.org']],
  );
});
