import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MARIE, openSmtpFixture, PAUL, type SmtpFixture } from './smtp.fixture.ts';
import type { ListenerKind } from './inbound/session-state.ts';
import { parseTranscript, runTranscript } from '../../test-support/transcript-runner.ts';

const FOLDER = join(import.meta.dirname, 'transcripts');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const VARIABLES = {
  PAUL_PLAIN: b64(`\u0000${PAUL.email}\u0000${PAUL.password}`),
  WRONG_PLAIN: b64(`\u0000${MARIE.email}\u0000not-the-password`),
  PAUL_USER64: b64(PAUL.email),
  PAUL_PASS64: b64(PAUL.password),
};
const EHLO_MX = ['C: EHLO mx.example.org', ...Array<string>(7).fill('S: ^250-'), 'S: ^250 SIZE'];
/** On the submission port: the greeting, EHLO, Paul's AUTH and his MAIL FROM. */
const PAUL_SUBMITS = [
  'S: ^220',
  'C: EHLO phone.local',
  ...Array<string>(7).fill('S: ^250-'),
  'S: ^250 SIZE',
  'C: AUTH PLAIN ${PAUL_PLAIN}',
  'S: ^235',
  'C: MAIL FROM:<paul@ac-test.fr>',
  'S: ^250',
];

/** `paul@ac-test.fr/inbox=1 …` → the expected change of each count during the transcript. */
function expectedStores(
  spec: string | undefined,
): { email: string; role: 'inbox' | 'sent'; delta: number }[] {
  if (!spec) return [];
  return spec.split(/\s+/).map((entry) => {
    const match = /^([^/]+)\/(inbox|sent)=(\d+)$/.exec(entry);
    if (!match) throw new Error(`bad stored spec ${entry}`);
    return { email: match[1] ?? '', role: match[2] as 'inbox' | 'sent', delta: Number(match[3]) };
  });
}

async function run(fixture: SmtpFixture, text: string, port?: number) {
  const transcript = parseTranscript(text, VARIABLES);
  const listener = (transcript.options.listener ?? 'smtp') as ListenerKind;
  const stores = expectedStores(transcript.options.stored);
  const before = await Promise.all(stores.map((store) => fixture.count(store.email, store.role)));
  await runTranscript(transcript, port ?? fixture.ports[listener], listener === 'submissions');
  const after = await Promise.all(stores.map((store) => fixture.count(store.email, store.role)));
  stores.forEach((store, index) => {
    assert.equal(
      (after[index] ?? 0) - (before[index] ?? 0),
      store.delta,
      `${store.email} ${store.role} should have received ${store.delta}`,
    );
  });
}

test('SMTP transcripts against real listeners', async (t) => {
  const fixture = await openSmtpFixture(t, {
    env: { VERCORS_SMTP_MAX_MESSAGE_SIZE: '64k', VERCORS_SUBMISSION_MAX_RECIPIENTS: '100' },
  });
  const files = readdirSync(FOLDER)
    .filter((name) => name.endsWith('.txt'))
    .sort((a, b) => Number(a.includes('bad-auth')) - Number(b.includes('bad-auth')) || a.localeCompare(b));
  assert.ok(files.length >= 10, 'the transcripts are there');
  for (const file of files) {
    await t.test(file, () => run(fixture, readFileSync(join(FOLDER, file), 'utf8')));
  }

  await t.test(
    'a 101st recipient is refused with 452 4.5.3 and the first 100 still get the message',
    async () => {
      const recipients = Array.from({ length: 100 }, (_, index) => [
        `C: RCPT TO:<parent${index}@example.org>`,
        'S: ^250 2\\.1\\.5',
      ]).flat();
      const text = [
        '# listener: submissions',
        '# stored: paul@ac-test.fr/sent=1',
        ...PAUL_SUBMITS,
        ...recipients,
        'C: RCPT TO:<parent100@example.org>',
        'S: ^452 4\\.5\\.3',
        'C: DATA',
        'S: ^354',
        'C: From: paul@ac-test.fr',
        'C: Subject: many',
        'C:',
        'C: hello',
        'C: .',
        'S: ^250 2\\.0\\.0',
        'C: QUIT',
        'S: ^221',
      ].join('\n');
      await run(fixture, text);
    },
  );

  await t.test(
    'submitted to a local address: her copy starts with Return-Path (final delivery), the Sent copy has none, and the one the sender wrote is gone',
    async () => {
      const text = [
        '# listener: submissions',
        '# stored: paul@ac-test.fr/sent=1 marie@ac-test.fr/inbox=1',
        ...PAUL_SUBMITS,
        'C: RCPT TO:<marie@ac-test.fr>',
        'S: ^250',
        'C: DATA',
        'S: ^354',
        'C: Return-Path: <someone-else@example.org>',
        'C: From: paul@ac-test.fr',
        'C: Message-ID: <return-path@ac-test.fr>',
        'C: Subject: Conseil de classe',
        'C:',
        'C: Mardi 18 h.',
        'C: .',
        'S: ^250 2\\.0\\.0',
        'C: QUIT',
        'S: ^221',
      ].join('\n');
      await run(fixture, text);
      const stored = async (accountId: string) => {
        const [emailId] = await fixture.services.mail.findEmailsByMessageId(
          accountId,
          'return-path@ac-test.fr',
        );
        assert.ok(emailId, 'the copy is there');
        const chunks: Uint8Array[] = [];
        for await (const chunk of await fixture.services.mail.getEmailBytes(accountId, emailId))
          chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
      };
      const delivered = await stored(fixture.accounts.marie);
      assert.match(delivered, /^Return-Path: <paul@ac-test\.fr>\r\nReceived: /);
      assert.equal(delivered.match(/^Return-Path:/gim)?.length, 1, delivered);
      const sent = await stored(fixture.accounts.paul);
      assert.match(sent, /^Received: /);
      assert.doesNotMatch(sent, /^Return-Path:/im);
    },
  );

  await t.test('a message with more than 50 Received fields is refused as a loop (554 5.4.6)', async () => {
    const hops = Array.from(
      { length: 51 },
      (_, index) => `C: Received: from hop${index}.example.org by hop${index + 1}.example.org`,
    );
    const text = [
      '# stored: paul@ac-test.fr/inbox=0',
      'S: ^220',
      ...EHLO_MX,
      'C: MAIL FROM:<alice@example.org>',
      'S: ^250',
      'C: RCPT TO:<paul@ac-test.fr>',
      'S: ^250',
      'C: DATA',
      'S: ^354',
      ...hops,
      'C: Subject: looping',
      'C:',
      'C: round and round',
      'C: .',
      'S: ^554 5\\.4\\.6',
      'C: QUIT',
      'S: ^221',
    ].join('\n');
    await run(fixture, text);
  });

  await t.test(
    'a message already delivered to the recipient (Delivered-To) is refused as a loop',
    async () => {
      const text = [
        '# stored: paul@ac-test.fr/inbox=0',
        'S: ^220',
        ...EHLO_MX,
        'C: MAIL FROM:<alice@example.org>',
        'S: ^250',
        'C: RCPT TO:<paul@ac-test.fr>',
        'S: ^250',
        'C: DATA',
        'S: ^354',
        'C: Delivered-To: paul@ac-test.fr',
        'C: Subject: forwarded back',
        'C:',
        'C: again',
        'C: .',
        'S: ^554 5\\.4\\.6',
      ].join('\n');
      await run(fixture, text);
    },
  );

  await t.test('a full mailbox defers at RCPT (452 4.2.2) with SIZE, and at DATA without it', async () => {
    const full = await fixture.services.identity.createAccount({
      email: 'plein@ac-test.fr',
      displayName: 'Boîte pleine',
      quotaBytes: 10 * 1024 * 1024,
    });
    await fixture.services.mail.ensureDefaultMailboxes(full.id);
    const filler = Buffer.from(`Subject: filler\r\n\r\n${'y'.repeat(10 * 1024 * 1024 - 2000)}\r\n`);
    await fixture.services.mail.importMessage(full.id, filler, { mailboxRole: 'inbox', isDurable: true });
    const text = [
      'S: ^220',
      ...EHLO_MX,
      'C: MAIL FROM:<alice@example.org> SIZE=5000',
      'S: ^250',
      'C: RCPT TO:<plein@ac-test.fr>',
      'S: ^452 4\\.2\\.2',
      'C: RSET',
      'S: ^250',
      'C: MAIL FROM:<alice@example.org>',
      'S: ^250',
      'C: RCPT TO:<plein@ac-test.fr>',
      'S: ^250',
      'C: DATA',
      'S: ^354',
      'C: Subject: one more',
      'C:',
      'SEND-BYTES: 5000',
      'C: .',
      'S: ^452 4\\.2\\.2',
      'C: QUIT',
      'S: ^221',
    ].join('\n');
    const before = await fixture.count('plein@ac-test.fr', 'inbox');
    await run(fixture, text);
    assert.equal(await fixture.count('plein@ac-test.fr', 'inbox'), before, 'nothing more was stored');
  });

  await t.test('a client talking before the greeting is refused with 554 and disconnected', async () => {
    const listener = await fixture.extraListener('smtp', { greetingDelay: 400 });
    await run(
      fixture,
      ['C: EHLO impatient.example.net', 'S: ^554 5\\.5\\.1', 'CLOSED'].join('\n'),
      listener.port(),
    );
    await run(fixture, ['WAIT: 500', 'S: ^220', 'C: QUIT', 'S: ^221'].join('\n'), listener.port());
  });

  await t.test('a command line longer than 2048 bytes is refused and the connection closed', async () => {
    await run(
      fixture,
      ['S: ^220', `C: EHLO ${'x'.repeat(3000)}.example.org`, 'S: ^421 ', 'CLOSED'].join('\n'),
    );
  });

  await t.test('a client probing addresses is disconnected after 20 errors (directory harvest)', async () => {
    const probes = Array.from({ length: 19 }, (_, index) => [
      `C: RCPT TO:<guess${index}@ac-test.fr>`,
      'S: ^550 5\\.1\\.1',
    ]).flat();
    const text = [
      'S: ^220',
      ...EHLO_MX,
      'C: MAIL FROM:<harvester@example.net>',
      'S: ^250',
      ...probes,
      'C: RCPT TO:<guess19@ac-test.fr>',
      'S: ^550 5\\.1\\.1',
      'S: ^421 4\\.7\\.0 Too many errors',
      'CLOSED',
    ].join('\n');
    await run(fixture, text);
  });

  await t.test('a client sending more commands per minute than allowed is disconnected', async () => {
    const listener = await fixture.extraListener('smtp', { maxCommandsPerMinute: 60 });
    const noops = Array.from({ length: 59 }, () => 'C: NOOP').concat(
      Array.from({ length: 59 }, () => 'S: ^250'),
    );
    await run(
      fixture,
      [
        'S: ^220',
        'C: EHLO fast.example.net',
        'S: ^250-',
        ...Array<string>(7).fill('S: ^250[- ]'),
        ...noops,
        'S: ^421 4\\.7\\.0 Too many commands',
        'CLOSED',
      ].join('\n'),
      listener.port(),
    );
  });

  await t.test(
    'the metrics count connections, messages by outcome and reason, bytes and delivery time',
    async () => {
      const families = await fixture.registry.collect();
      const family = (name: string) => families.find((f) => f.name === name);
      const sum = (name: string, labels: Record<string, string>) =>
        (family(name)?.samples ?? [])
          .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
          .reduce((total, sample) => total + (sample.value ?? 0), 0);
      assert.ok(sum('vercors_smtp_connections_total', { listener: 'smtp' }) >= 10);
      assert.ok(sum('vercors_smtp_messages_total', { listener: 'smtp', outcome: 'accepted' }) >= 3);
      assert.ok(sum('vercors_smtp_messages_total', { outcome: 'refused', reason: 'loop' }) >= 2);
      assert.ok(sum('vercors_smtp_messages_total', { outcome: 'refused', reason: 'tooBig' }) >= 1);
      assert.ok(sum('vercors_smtp_received_bytes_total', { listener: 'smtp' }) > 0);
      assert.ok((family('vercors_smtp_delivery_seconds')?.samples.length ?? 0) > 0);
      assert.ok(sum('vercors_smtp_auth_total', { result: 'failure' }) >= 3);
    },
  );
});
