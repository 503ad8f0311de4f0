import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import PostalMime from 'postal-mime';
import { fixedClock } from '#core/clock';
import { createLogger } from '#core/log';
import type { AutoReplyDelivery, InboundEnvelope, QueueService } from '#domain/delivery';
import { openTestServices } from '../../test-support/test-services.ts';
import { createVacationResponder, type VacationResponderDependencies } from './vacation-responder.ts';
import { VACATION_LIMITS, type VacationResponse } from './vacation.ts';

const START = new Date('2026-07-15T08:00:00Z');
const DAY = 24 * 3_600_000;
const PAUL = 'paul.martin@ac-test.fr';
const ALIAS = 'p.martin@ac-test.fr';

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * Real services (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND) with a clock the test moves, Paul (with an
 * alias) and Marie, and a responder whose queue records each reply composed and whose log lines are kept.
 */
async function open(t: TestContext, queueOverride?: Partial<VacationResponderDependencies['queue']>) {
  const clock = fixedClock(START);
  const services = await openTestServices(t, { clock, hostname: 'mx.ac-test.fr' });
  await services.identity.addDomain('ac-test.fr');
  const paul = await services.identity.createAccount({ email: PAUL, displayName: 'Paul Martin' });
  await services.identity.addAlias(PAUL, ALIAS);
  const marie = await services.identity.createAccount({
    email: 'marie@ac-test.fr',
    displayName: 'Marie',
    locale: 'en',
  });
  const composed: Uint8Array[] = [];
  const queue: Pick<QueueService, 'prepare' | 'enqueue'> = {
    prepare: (raw, options) => {
      composed.push(raw);
      return services.queue.prepare(raw, options);
    },
    enqueue: (target, message, recipients, options) =>
      services.queue.enqueue(target, message, recipients, options),
    ...queueOverride,
  };
  const lines: LogLine[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const responder = createVacationResponder({
    database: services.database,
    clock,
    log,
    queue,
    hostname: 'mx.ac-test.fr',
  });
  /** Turn `accountId`'s response on (or set it as given), as VacationResponse/set stores it. */
  const setVacation = async (accountId: string, fields: Partial<VacationResponse> = {}) => {
    const values = {
      is_enabled: (fields.isEnabled ?? true) ? 1 : 0,
      from_date: fields.fromDate?.getTime() ?? null,
      to_date: fields.toDate?.getTime() ?? null,
      subject: fields.subject ?? null,
      text_body: fields.textBody ?? 'Absent jusqu’au 1er septembre.',
      html_body: fields.htmlBody ?? null,
      updated_at: clock.nowMs(),
    };
    await services.database.write((tx) =>
      tx.db
        .insertInto('vacation_responses')
        .values({ account_id: accountId, ...values })
        .onConflict((conflict) => conflict.column('account_id').doUpdateSet(values))
        .execute(),
    );
  };
  /** The replies in the queue, oldest first. */
  const replies = async () =>
    (await services.queue.listQueue()).filter((message) => message.source === 'autoreply');
  /** Why the responder skipped, in order. */
  const skips = () => lines.filter((line) => line.event === 'vacation.skipped').map((line) => line.reason);
  return { services, clock, paul, marie, responder, composed, lines, setVacation, replies, skips };
}

function envelope(mailFrom: string, rcptTo: string[] = [PAUL]): InboundEnvelope {
  return {
    mailFrom,
    rcptTo: rcptTo.map((address) => ({ address })),
    remoteAddress: '192.0.2.10',
    helo: 'mx.example.org',
    isExtended: true,
    isTls: true,
    isAuthenticated: false,
    isSmtpUtf8: false,
    sessionId: 'test',
  };
}

function raw(options: { from?: string; to?: string; extra?: string[]; subject?: string } = {}): Uint8Array {
  return Buffer.from(
    [
      `From: ${options.from ?? 'Alice <alice@example.org>'}`,
      `To: ${options.to ?? `Paul Martin <${PAUL}>`}`,
      `Subject: ${options.subject ?? 'Conseil de classe'}`,
      'Message-ID: <c1@example.org>',
      ...(options.extra ?? []),
      '',
      'Bonjour Paul',
      '',
    ].join('\r\n'),
  );
}

const toPaul = (accountId: string, address = PAUL): AutoReplyDelivery[] => [{ accountId, address }];

test('an active response queues one reply to the envelope sender, with the null reverse path', async (t) => {
  const { responder, paul, setVacation, replies, composed, lines } = await open(t);
  await setVacation(paul.id, { subject: 'Absent' });
  await responder.respond({ envelope: envelope('alice@example.org'), raw: raw() }, toPaul(paul.id));

  const queued = await replies();
  assert.equal(queued.length, 1);
  const [reply] = queued;
  assert.equal(reply?.sender, '', 'MAIL FROM:<> (RFC 3834 §3.3)');
  assert.equal(reply?.accountId, paul.id);
  assert.deepEqual(
    reply?.recipients.map((recipient) => [recipient.address, recipient.state]),
    [['alice@example.org', 'incoming']],
  );
  assert.equal(composed.length, 1);
  const parsed = await PostalMime.parse(Buffer.from(composed[0] ?? new Uint8Array()));
  assert.equal(parsed.from?.address, PAUL);
  assert.deepEqual(
    parsed.to?.map((to) => to.address),
    ['alice@example.org'],
  );
  assert.equal(parsed.subject, 'Absent');
  assert.equal(parsed.inReplyTo, '<c1@example.org>');
  assert.equal(parsed.text?.trim(), 'Absent jusqu’au 1er septembre.');
  const replied = lines.filter((line) => line.event === 'vacation.replied');
  assert.deepEqual(
    replied.map((line) => [line.level, line.accountId, line.queueId]),
    [['info', paul.id, reply?.id]],
  );
  assert.ok(
    lines.every(
      (line) => !JSON.stringify(line).includes('Bonjour') && !JSON.stringify(line).includes('Conseil'),
    ),
    'no message content in the log',
  );
});

test('a sender is answered once per interval, whatever the case of its address; then again', async (t) => {
  const { responder, paul, clock, setVacation, replies, skips, services } = await open(t);
  await setVacation(paul.id);
  const message = { envelope: envelope('alice@example.org'), raw: raw() };
  await responder.respond(message, toPaul(paul.id));
  clock.advance(VACATION_LIMITS.replyIntervalMs - 1);
  await responder.respond({ envelope: envelope('Alice@Example.org'), raw: raw() }, toPaul(paul.id));
  assert.equal((await replies()).length, 1);
  assert.deepEqual(skips(), ['alreadyAnswered']);

  // Another sender is answered meanwhile.
  await responder.respond({ envelope: envelope('bob@example.org'), raw: raw() }, toPaul(paul.id));
  assert.deepEqual(
    (await replies()).map((reply) => reply.recipients[0]?.address),
    ['alice@example.org', 'bob@example.org'],
  );

  // A full interval after the first reply, Alice is answered again; Bob's recent row stays, stale rows go.
  clock.advance(1);
  await responder.respond(message, toPaul(paul.id));
  assert.equal((await replies()).length, 3);
  const rows = await services.database.db
    .selectFrom('vacation_replies')
    .select(['sender', 'sent_at'])
    .where('account_id', '=', paul.id)
    .orderBy('sender')
    .execute();
  assert.deepEqual(
    rows.map((row) => [row.sender, Number(row.sent_at)]),
    [
      ['alice@example.org', clock.nowMs()],
      ['bob@example.org', clock.nowMs() - 1],
    ],
  );
});

test('rows older than the interval are removed for the account that answers', async (t) => {
  const { responder, paul, marie, clock, setVacation, services } = await open(t);
  await setVacation(paul.id);
  await setVacation(marie.id);
  await responder.respond({ envelope: envelope('old@example.org'), raw: raw() }, toPaul(paul.id));
  await responder.respond(
    { envelope: envelope('old@example.org', ['marie@ac-test.fr']), raw: raw({ to: 'marie@ac-test.fr' }) },
    [{ accountId: marie.id, address: 'marie@ac-test.fr' }],
  );
  clock.advance(VACATION_LIMITS.replyIntervalMs + DAY);
  await responder.respond({ envelope: envelope('new@example.org'), raw: raw() }, toPaul(paul.id));
  const rows = await services.database.db
    .selectFrom('vacation_replies')
    .select(['account_id', 'sender'])
    .orderBy('sender')
    .execute();
  assert.deepEqual(
    rows.map((row) => [row.account_id, row.sender]),
    [
      [paul.id, 'new@example.org'],
      [marie.id, 'old@example.org'],
    ],
  );
});

test('no reply while the response is off, not yet started or over', async (t) => {
  const { responder, paul, clock, setVacation, replies, skips } = await open(t);
  const respond = () =>
    responder.respond({ envelope: envelope('alice@example.org'), raw: raw() }, toPaul(paul.id));
  await respond();
  await setVacation(paul.id, { isEnabled: false });
  await respond();
  await setVacation(paul.id, { fromDate: new Date(START.getTime() + DAY) });
  await respond();
  await setVacation(paul.id, { fromDate: new Date(START.getTime() - 2 * DAY), toDate: START });
  await respond();
  assert.deepEqual(await replies(), []);
  assert.deepEqual(skips(), ['inactive', 'inactive', 'inactive', 'inactive']);
  // Within the period, the same setting answers.
  clock.set(new Date(START.getTime() - DAY));
  await respond();
  assert.equal((await replies()).length, 1);
});

test('list mail, automatic mail, bounces and mail not addressed to the account get no reply', async (t) => {
  const { responder, paul, setVacation, replies, skips, composed } = await open(t);
  await setVacation(paul.id);
  const cases = [
    {
      envelope: envelope('profs-bounces@example.org'),
      raw: raw({ extra: ['List-Id: <profs.example.org>'] }),
    },
    { envelope: envelope('alice@example.org'), raw: raw({ extra: ['Auto-Submitted: auto-replied'] }) },
    { envelope: envelope('alice@example.org'), raw: raw({ extra: ['Precedence: bulk'] }) },
    { envelope: envelope(''), raw: raw() },
    { envelope: envelope('alice@example.org'), raw: raw({ to: 'profs@ac-test.fr' }) },
    { envelope: envelope('MAILER-DAEMON@example.org'), raw: raw() },
    { envelope: envelope(ALIAS), raw: raw() },
  ];
  for (const message of cases) await responder.respond(message, toPaul(paul.id));
  assert.deepEqual(await replies(), []);
  assert.deepEqual(composed, [], 'nothing was even composed');
  assert.deepEqual(skips(), [
    'mailingList',
    'autoSubmitted',
    'bulkPrecedence',
    'nullSender',
    'notAddressed',
    'automatedSender',
    'ownAddress',
  ]);
});

test('mail to an alias is answered once even when it reached the account at two addresses', async (t) => {
  const { responder, paul, setVacation, replies } = await open(t);
  await setVacation(paul.id);
  await responder.respond(
    { envelope: envelope('alice@example.org', [ALIAS, PAUL]), raw: raw({ to: ALIAS }) },
    [
      { accountId: paul.id, address: ALIAS },
      { accountId: paul.id, address: PAUL },
    ],
  );
  assert.equal((await replies()).length, 1);
});

test('two deliveries from the same sender at once send exactly one reply', async (t) => {
  // Both deliveries pass the early check and compose a reply before either records it: the transaction decides.
  const waiting: (() => void)[] = [];
  const fixture = await open(t, {
    prepare: async (message, options) => {
      fixture.composed.push(message);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 2) for (const release of waiting) release();
        // Alone after a while: the other delivery stopped early, which the assertions below report.
        else setTimeout(resolve, 2000).unref();
      });
      return await fixture.services.queue.prepare(message, options);
    },
  });
  const { responder, paul, setVacation, replies, skips, composed } = fixture;
  await setVacation(paul.id);
  const message = { envelope: envelope('alice@example.org'), raw: raw() };
  await Promise.all([
    responder.respond(message, toPaul(paul.id)),
    responder.respond(message, toPaul(paul.id)),
  ]);
  assert.equal(composed.length, 2, 'both deliveries got as far as the transaction');
  assert.equal((await replies()).length, 1);
  assert.deepEqual(skips(), ['alreadyAnswered']);
});

test('a failure is logged with an incident id and never escapes, and other accounts are still answered', async (t) => {
  const fixture = await open(t, {
    prepare: (message, options) => {
      fixture.composed.push(message);
      if (fixture.composed.length === 1) return Promise.reject(new Error('blob store down'));
      return fixture.services.queue.prepare(message, options);
    },
  });
  const { responder, paul, marie, setVacation, replies, lines } = fixture;
  await setVacation(paul.id);
  await setVacation(marie.id);
  await responder.respond(
    {
      envelope: envelope('alice@example.org', [PAUL, 'marie@ac-test.fr']),
      raw: raw({ to: `${PAUL}, marie@ac-test.fr` }),
    },
    [
      { accountId: paul.id, address: PAUL },
      { accountId: marie.id, address: 'marie@ac-test.fr' },
    ],
  );
  const failed = lines.filter((line) => line.msg === 'vacation reply failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]?.level, 'error');
  assert.match(String(failed[0]?.incident), /^[0-9a-f]{12}$/);
  assert.deepEqual(
    (await replies()).map((reply) => reply.accountId),
    [marie.id],
  );
  const english = await PostalMime.parse(Buffer.from(fixture.composed[1] ?? new Uint8Array()));
  assert.equal(english.subject, 'Auto: Conseil de classe', 'in Marie’s language');
  // Paul's sender was not recorded as answered: the next message gets the reply.
  await responder.respond({ envelope: envelope('alice@example.org'), raw: raw() }, toPaul(paul.id));
  assert.equal((await replies()).length, 2);
});
