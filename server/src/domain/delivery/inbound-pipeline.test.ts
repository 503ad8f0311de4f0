import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { silentLogger } from '#core/log';
import { openServices, readConfig, type Services } from '../../main.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { InboundEnvelope } from './inbound-envelope.ts';
import type { MailImporter } from './inbound-ports.ts';
import { createInboundPipeline } from './inbound-pipeline.ts';
import type { AutoReplyDelivery, AutoReplyMessage, AutoResponder } from './pipeline-auto-reply.ts';
import { offlineDnsResolver, type DnsResolver } from './pipeline-authentication.ts';
import type { ListExpander } from './pipeline-lists.ts';
import type { SieveFilter } from './pipeline-sieve.ts';
import type { SpamClassifier } from './pipeline-spam.ts';

const envelope = (rcptTo: string[], overrides: Partial<InboundEnvelope> = {}): InboundEnvelope => ({
  mailFrom: 'alice@example.org',
  rcptTo: rcptTo.map((address) => ({ address })),
  remoteAddress: '192.0.2.10',
  helo: 'mx.example.org',
  isExtended: true,
  isTls: false,
  isAuthenticated: false,
  isSmtpUtf8: false,
  sessionId: 'test',
  ...overrides,
});
const message = (subject: string) =>
  Buffer.from(
    `From: Alice <alice@example.org>\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n\r\nBonjour\r\n`,
  );

/** The stored bytes of an email, as text. */
async function emailText(services: Services, accountId: string, emailId: string): Promise<string> {
  const stream = (await services.mail.getEmailBytes(accountId, emailId)) as
    | AsyncIterable<Uint8Array>
    | undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Real services on the backend under test, a domain, two accounts; the mail importer counts its calls. */
async function open(t: TestContext, resolver: DnsResolver = offlineDnsResolver) {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-inbound-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mx.ac-test.fr',
    ...testDatabase.env,
  });
  const services = await openServices(config, silentLogger(), undefined, { resolver });
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain('ac-test.fr');
  const paul = await services.identity.createAccount({ email: 'paul@ac-test.fr', displayName: 'Paul' });
  const marie = await services.identity.createAccount({ email: 'marie@ac-test.fr', displayName: 'Marie' });
  const calls: number[] = [];
  /** Announcements of an import not withdrawn yet: every delivery must end with none left. */
  let announced = 0;
  const mail: MailImporter = {
    importMessages(requests, options) {
      calls.push(requests.length);
      return services.mail.importMessages(requests, options);
    },
    announceGroupedImport() {
      const announcement = services.mail.announceGroupedImport();
      announced += 1;
      let isWithdrawn = false;
      return {
        withdraw() {
          announcement.withdraw();
          if (!isWithdrawn) announced -= 1;
          isWithdrawn = true;
        },
      };
    },
    ensureDefaultMailboxes: (accountId) => services.mail.ensureDefaultMailboxes(accountId),
  };
  const pipeline = createInboundPipeline({
    database: services.database,
    directory: services.identity,
    mail,
    clock: services.clock,
    log: silentLogger(),
    hostname: 'mx.ac-test.fr',
    resolver,
  });
  const inbox = async (accountId: string) => {
    const mailboxes = await services.mail.listMailboxes(accountId);
    return mailboxes.find((mailbox) => mailbox.role === 'inbox')?.totalEmails ?? 0;
  };
  return { services, pipeline, calls, paul, marie, inbox, announced: () => announced };
}

test('one message to two recipients is one store call, with Return-Path, Received and Authentication-Results prepended', async (t) => {
  const { services, pipeline, calls, paul, marie, inbox } = await open(t);
  const result = await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr', 'marie@ac-test.fr']),
    raw: message('hello'),
  });
  assert.deepEqual(
    result.recipients.map((r) => r.status),
    ['delivered', 'delivered'],
  );
  assert.equal(await inbox(paul.id), 1);
  assert.equal(await inbox(marie.id), 1);
  assert.deepEqual(calls, [2], 'both copies in one store call');
  const first = result.recipients[0];
  assert.ok(first?.status === 'delivered');
  const text = await emailText(services, paul.id, first.emailId);
  assert.match(
    text,
    /^Return-Path: <alice@example\.org>\r\nReceived-SPF: none [^\r]*\r\n[^\r]*\r\nAuthentication-Results: mx\.ac-test\.fr;/,
  );
  assert.match(
    text,
    /\r\nReceived: from mx\.example\.org \(\[192\.0\.2\.10\]\)\r\n\tby mx\.ac-test\.fr \(Vercors\) with ESMTP id q/,
  );
  assert.match(text, /\r\n\r\nBonjour\r\n$/);
});

test('a UTF-8 reverse path is stored as UTF-8 in every prepended field; a bounce gets Return-Path <>; a sender’s Return-Path is dropped', async (t) => {
  const { services, pipeline, paul } = await open(t);
  const raw = Buffer.concat([Buffer.from('Return-Path: <forged@example.org>\r\n'), message('utf8')]);
  const result = await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr'], { mailFrom: 'élève@exemple.fr', isSmtpUtf8: true }),
    raw,
  });
  const first = result.recipients[0];
  assert.ok(first?.status === 'delivered');
  // Decoded as UTF-8: an invalid byte would read as U+FFFD.
  const text = await emailText(services, paul.id, first.emailId);
  assert.ok(!text.includes('\ufffd'), `the stored header is valid UTF-8:\n${text}`);
  assert.match(text, /^Return-Path: <élève@exemple\.fr>\r\n/);
  assert.match(text, /envelope-from="?élève@exemple\.fr/);
  assert.match(text, /smtp\.mailfrom="?élève@exemple\.fr/);
  assert.equal(text.match(/^Return-Path:/gim)?.length, 1, 'only ours is left');

  const bounce = await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr'], { mailFrom: '' }),
    raw: message('bounce'),
  });
  const stored = bounce.recipients[0];
  assert.ok(stored?.status === 'delivered');
  assert.match(await emailText(services, paul.id, stored.emailId), /^Return-Path: <>\r\n/);
});

test('a retried message is not stored twice for a recipient who already has it', async (t) => {
  const { pipeline, paul, inbox, announced } = await open(t);
  const raw = message('retry');
  const first = await pipeline.deliverInbound({ envelope: envelope(['paul@ac-test.fr']), raw });
  const second = await pipeline.deliverInbound({ envelope: envelope(['paul@ac-test.fr']), raw });
  assert.equal(first.recipients[0]?.status, 'delivered');
  const again = second.recipients[0];
  assert.ok(again?.status === 'delivered' && again.isDuplicate);
  assert.equal(await inbox(paul.id), 1);
  assert.equal(announced(), 0, 'the duplicate, stored by no import, withdrew its announcement');
});

test('concurrent deliveries share store transactions (group commit)', async (t) => {
  const { pipeline, services, paul, inbox, announced } = await open(t);
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, index) =>
      pipeline.deliverInbound({
        envelope: envelope(['paul@ac-test.fr']),
        raw: message(`concurrent ${index}`),
      }),
    ),
  );
  assert.ok(results.every((result) => result.recipients[0]?.status === 'delivered'));
  assert.equal(await inbox(paul.id), 12);
  // A transaction takes one modseq per account: fewer modseqs than messages means shared transactions.
  const modseqs = await services.database.db
    .selectFrom('change_log')
    .select('modseq')
    .distinct()
    .where('account_id', '=', paul.id)
    .where('type', '=', 'Email')
    .where('kind', '=', 'created')
    .execute();
  assert.ok(modseqs.length < 12, `12 messages took ${modseqs.length} transactions`);
  assert.equal(announced(), 0);
});

test('a recipient RCPT classified is not looked up again; an account deleted since gets no copy', async (t) => {
  const { services, paul, inbox } = await open(t);
  const lookups: string[] = [];
  const pipeline = createInboundPipeline({
    database: services.database,
    directory: {
      findAccount: (address) => {
        lookups.push(address);
        return services.identity.findAccount(address);
      },
      getDomain: (domain) => services.identity.getDomain(domain),
    },
    mail: services.mail,
    clock: services.clock,
    log: silentLogger(),
    hostname: 'mx.ac-test.fr',
    resolver: offlineDnsResolver,
  });
  const paulKind = await pipeline.classifyRecipient('paul@ac-test.fr');
  const marieKind = await pipeline.classifyRecipient('marie@ac-test.fr');
  assert.deepEqual(lookups, ['paul@ac-test.fr', 'marie@ac-test.fr']);
  await services.identity.deleteAccount('marie@ac-test.fr');

  const result = await pipeline.deliverInbound({
    envelope: envelope([], {
      rcptTo: [
        { address: 'paul@ac-test.fr', kind: paulKind },
        { address: 'marie@ac-test.fr', kind: marieKind },
      ],
    }),
    raw: message('checked at RCPT'),
  });
  assert.equal(lookups.length, 2, 'no second lookup after RCPT');
  assert.equal(result.recipients[0]?.status, 'delivered');
  assert.equal(await inbox(paul.id), 1);
  assert.deepEqual(result.recipients[1], {
    address: 'marie@ac-test.fr',
    status: 'permanent',
    code: 'notFound',
    reason: 'unknownRecipient',
  });
});

test('unknown recipients fail permanently, loops fail permanently, nothing is stored', async (t) => {
  const { pipeline, paul, inbox } = await open(t);
  const unknown = await pipeline.deliverInbound({
    envelope: envelope(['nobody@ac-test.fr']),
    raw: message('x'),
  });
  assert.deepEqual(unknown.recipients[0], {
    address: 'nobody@ac-test.fr',
    status: 'permanent',
    code: 'notFound',
    reason: 'unknownRecipient',
  });
  const hops = Array.from({ length: 51 }, (_, i) => `Received: hop ${i}\r\n`).join('');
  const loop = await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr']),
    raw: Buffer.concat([Buffer.from(hops), message('loop')]),
  });
  assert.equal(loop.recipients[0]?.status, 'permanent');
  assert.equal(loop.recipients[0]?.status === 'permanent' && loop.recipients[0].reason, 'loop');
  assert.equal(await inbox(paul.id), 0);
});

test('SPF is checked through the injected resolver and a forged result for our host name is removed', async (t) => {
  const resolver: DnsResolver = (name, rrtype) => {
    if (name === 'example.org' && rrtype === 'TXT')
      return Promise.resolve([['v=spf1 ip4:192.0.2.0/24 -all']]);
    return offlineDnsResolver(name, rrtype);
  };
  const { services, pipeline, paul } = await open(t, resolver);
  const forged = Buffer.concat([
    Buffer.from('Authentication-Results: mx.ac-test.fr; dmarc=pass header.from=example.org\r\n'),
    message('spf'),
  ]);
  const result = await pipeline.deliverInbound({ envelope: envelope(['paul@ac-test.fr']), raw: forged });
  const first = result.recipients[0];
  assert.ok(first?.status === 'delivered');
  const text = await emailText(services, paul.id, first.emailId);
  assert.match(text, /spf=pass/);
  assert.equal(
    text.match(/dmarc=pass header\.from=example\.org/g)?.length ?? 0,
    0,
    'the forged field is gone',
  );
});

/**
 * A pipeline over `services` whose Sieve files Marie's copies in Junk (everyone else's in the inbox, even
 * spam), whose classifier calls spam what carries `X-Test-Spam`, whose lists mark Jean's copies as reached
 * through a list, and whose auto-responder records its calls (or fails, as `responder.respond` says).
 */
function pipelineWithResponder(
  services: Services,
  accounts: { marie: string; jean: string },
  respond: AutoResponder['respond'],
) {
  const sieve: SieveFilter = {
    decide: ({ accountId }) =>
      Promise.resolve({ mailboxRole: accountId === accounts.marie ? 'junk' : 'inbox', keywords: [] }),
  };
  const spam: SpamClassifier = {
    classify: ({ raw }) =>
      Promise.resolve({
        verdict: Buffer.from(raw).includes('X-Test-Spam') ? 'spam' : 'ham',
        headers: '',
      }),
  };
  const lists: ListExpander = {
    expand: (recipients) =>
      Promise.resolve(
        recipients.map((recipient) =>
          recipient.accountId === accounts.jean ? { ...recipient, viaList: 'profs@ac-test.fr' } : recipient,
        ),
      ),
  };
  return createInboundPipeline({
    database: services.database,
    directory: services.identity,
    mail: services.mail,
    clock: services.clock,
    log: silentLogger(),
    hostname: 'mx.ac-test.fr',
    resolver: offlineDnsResolver,
    sieve,
    spam,
    lists,
    autoResponder: { respond },
  });
}

test('the auto-responder gets the copies filed in an inbox just now: not junk, spam, duplicates, lists or unknowns', async (t) => {
  const { services, paul, marie } = await open(t);
  const jean = await services.identity.createAccount({ email: 'jean@ac-test.fr', displayName: 'Jean' });
  const calls: { message: AutoReplyMessage; delivered: readonly AutoReplyDelivery[] }[] = [];
  const pipeline = pipelineWithResponder(
    services,
    { marie: marie.id, jean: jean.id },
    (message, delivered) => {
      calls.push({ message, delivered });
      return Promise.resolve();
    },
  );
  const everyone = ['paul@ac-test.fr', 'marie@ac-test.fr', 'nobody@ac-test.fr', 'jean@ac-test.fr'];
  const raw = message('absent');
  const first = await pipeline.deliverInbound({ envelope: envelope(everyone), raw });
  assert.deepEqual(
    first.recipients.map((recipient) => recipient.status),
    ['delivered', 'delivered', 'permanent', 'delivered'],
  );
  assert.equal(calls.length, 1, 'called once the store answered, before the SMTP reply');
  assert.deepEqual(calls[0]?.delivered, [{ accountId: paul.id, address: 'paul@ac-test.fr' }]);
  assert.equal(calls[0]?.message.envelope.mailFrom, 'alice@example.org');
  const given = Buffer.from(calls[0]?.message.raw ?? new Uint8Array()).toString('utf8');
  assert.ok(given.startsWith('From: Alice'), 'the message as received, without our trace fields');

  // The sender retries: Paul's copy is a duplicate, nobody is called.
  const retry = await pipeline.deliverInbound({ envelope: envelope(everyone), raw });
  assert.ok(retry.recipients[0]?.status === 'delivered' && retry.recipients[0].isDuplicate);
  // Spam filed in Paul's inbox (his Sieve says so) is not answered either.
  await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr']),
    raw: Buffer.concat([Buffer.from('X-Test-Spam: yes\r\n'), message('spam')]),
  });
  assert.equal(calls.length, 1);
});

test('a failing auto-responder never fails the delivery', async (t) => {
  const { services, paul, marie, inbox } = await open(t);
  const failures: AutoResponder['respond'][] = [
    () => Promise.reject(new Error('responder down')),
    () => {
      throw new Error('responder broken');
    },
  ];
  for (const [index, respond] of failures.entries()) {
    const pipeline = pipelineWithResponder(services, { marie: marie.id, jean: '' }, respond);
    const result = await pipeline.deliverInbound({
      envelope: envelope(['paul@ac-test.fr']),
      raw: message(`failing ${index}`),
    });
    assert.equal(result.recipients[0]?.status, 'delivered');
  }
  assert.equal(await inbox(paul.id), 2);
});

test('a suspended account receives its mail, unless the site refuses mail to suspended accounts', async (t) => {
  const { services, pipeline, paul, marie, inbox } = await open(t);
  await services.identity.suspendAccount('paul@ac-test.fr', 'congé long');
  const kept = await pipeline.deliverInbound({
    envelope: envelope(['paul@ac-test.fr']),
    raw: message('kept'),
  });
  assert.equal(kept.recipients[0]?.status, 'delivered');
  assert.equal(await inbox(paul.id), 1);

  const refusing = createInboundPipeline({
    database: services.database,
    directory: services.identity,
    mail: services.mail,
    clock: services.clock,
    log: silentLogger(),
    hostname: 'mx.ac-test.fr',
    resolver: offlineDnsResolver,
    recipientPolicy: { isSuspendedReceiving: false },
  });
  const refused = await refusing.deliverInbound({
    envelope: envelope(['paul@ac-test.fr', 'marie@ac-test.fr']),
    raw: message('refused'),
  });
  assert.deepEqual(refused.recipients[0], {
    address: 'paul@ac-test.fr',
    status: 'permanent',
    code: 'forbidden',
    reason: 'mailboxDisabled',
  });
  assert.equal(refused.recipients[1]?.status, 'delivered', 'the active recipient gets the message');
  assert.equal(await inbox(paul.id), 1);
  assert.equal(await inbox(marie.id), 1);
});
