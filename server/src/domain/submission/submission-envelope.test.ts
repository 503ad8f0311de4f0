// The envelope rules of RFC 8621 §7 and the SMTP parameters a submission may carry: derived from Sender or
// From, recipients deduplicated from To, Cc and Bcc; FUTURERELEASE sets the release; unknown parameters and
// malformed values are refused.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Email } from '#domain/mail';
import { checkEnvelope, deriveEnvelope } from './submission-envelope.ts';
import { SubmissionRefused, type SubmissionEnvelope } from './submission.ts';

const LIMITS = { maxMessageBytes: 1_000_000, maxRecipients: 3, messagesPerHour: 10, recipientsPerHour: 10 };
const OWNED = new Set(['paul@ac-test.fr', 'direction.college@ac-test.fr']);
const NOW = Date.parse('2026-11-30T08:00:00Z');

const address = (value: string) => ({ name: '', address: value });
function email(fields: Partial<Record<'from' | 'sender' | 'to' | 'cc' | 'bcc', string[]>>): Email {
  const list = (key: 'from' | 'sender' | 'to' | 'cc' | 'bcc') => (fields[key] ?? []).map(address);
  return {
    from: list('from'),
    sender: list('sender'),
    to: list('to'),
    cc: list('cc'),
    bcc: list('bcc'),
  } as unknown as Email;
}

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof SubmissionRefused) return error.refusal;
    throw error;
  }
  assert.fail('expected a refusal');
}

const envelope = (
  mailFromParameters: Record<string, string | null> | null,
  rcptTo: SubmissionEnvelope['rcptTo'] = [{ email: 'marie@exemple.org', parameters: null }],
): SubmissionEnvelope => ({ mailFrom: { email: 'paul@ac-test.fr', parameters: mailFromParameters }, rcptTo });

test('the derived envelope takes Sender before From, and the identity when the author is not the account', () => {
  const derived = deriveEnvelope(
    email({
      from: ['paul@ac-test.fr'],
      sender: ['Direction.College@ac-test.fr'],
      to: ['a@exemple.org', 'b@exemple.org'],
      cc: ['A@exemple.org', ''],
      bcc: ['c@exemple.org'],
    }),
    'paul@ac-test.fr',
    OWNED,
  );
  assert.deepEqual(derived, {
    mailFrom: { email: 'direction.college@ac-test.fr', parameters: null },
    rcptTo: ['a@exemple.org', 'b@exemple.org', 'c@exemple.org'].map((value) => ({
      email: value,
      parameters: null,
    })),
  });
  const foreign = deriveEnvelope(email({ from: ['recteur@exemple.org'] }), 'paul@ac-test.fr', OWNED);
  assert.equal(foreign.mailFrom.email, 'paul@ac-test.fr');
});

test('FUTURERELEASE: HOLDFOR and HOLDUNTIL set the release, within the longest delay', () => {
  const now = checkEnvelope(envelope(null), OWNED, LIMITS, NOW);
  assert.deepEqual([now.sendAt.toISOString(), now.isScheduled], ['2026-11-30T08:00:00.000Z', false]);
  const holdFor = checkEnvelope(envelope({ holdfor: '90' }), OWNED, LIMITS, NOW);
  assert.deepEqual([holdFor.sendAt.toISOString(), holdFor.isScheduled], ['2026-11-30T08:01:30.000Z', true]);
  const holdUntil = checkEnvelope(envelope({ HOLDUNTIL: '2026-12-01T09:00:00+01:00' }), OWNED, LIMITS, NOW);
  assert.equal(holdUntil.sendAt.toISOString(), '2026-12-01T08:00:00.000Z');
  const past = checkEnvelope(envelope({ HOLDUNTIL: '2026-11-01T00:00:00Z' }), OWNED, LIMITS, NOW);
  assert.equal(past.sendAt.getTime(), NOW);
  type Parameters = Record<string, string | null>;
  const refused: Parameters[] = [
    { HOLDFOR: '-1' },
    { HOLDFOR: null },
    { HOLDFOR: String(32 * 86_400) },
    { HOLDUNTIL: 'demain' },
    { HOLDFOR: '1', HOLDUNTIL: '2026-12-01T00:00:00Z' },
    { HOLDFOR: '1', holdfor: '2' },
  ];
  for (const parameters of refused) {
    assert.deepEqual(
      refusal(() => checkEnvelope(envelope(parameters), OWNED, LIMITS, NOW)),
      {
        reason: 'invalidProperties',
        properties: ['envelope'],
      },
    );
  }
});

test('DSN parameters reach the queue; other parameters are checked or refused', () => {
  const checked = checkEnvelope(
    envelope({ RET: 'full', ENVID: 'abc', SMTPUTF8: null, BODY: '8BITMIME', SIZE: '1234' }, [
      {
        email: 'marie@EXEMPLE.org',
        parameters: { NOTIFY: 'success,delay', ORCPT: 'rfc822;marie@exemple.org' },
      },
      { email: 'jean@exemple.org', parameters: { NOTIFY: 'NEVER' } },
    ]),
    OWNED,
    LIMITS,
    NOW,
  );
  assert.deepEqual(checked.dsn, { ret: 'FULL', envid: 'abc' });
  assert.deepEqual(checked.recipients, [
    {
      address: 'marie@exemple.org',
      dsn: { notify: ['SUCCESS', 'DELAY'], orcpt: 'rfc822;marie@exemple.org' },
    },
    { address: 'jean@exemple.org', dsn: { notify: ['NEVER'] } },
  ]);
  type Parameters = Record<string, string | null> | null;
  const refused: [Parameters, Parameters][] = [
    [{ RET: 'ALL' }, null],
    [{ ENVID: 'a b' }, null],
    [{ BODY: 'BINARY' }, null],
    [{ 'MT-PRIORITY': '3' }, null],
    [null, { NOTIFY: 'NEVER,SUCCESS' }],
    [null, { ORCPT: 'marie' }],
    [null, { XFORWARD: 'x' }],
  ];
  for (const [mailFrom, rcpt] of refused) {
    const rcptTo = [{ email: 'marie@exemple.org', parameters: rcpt }];
    assert.deepEqual(
      refusal(() => checkEnvelope(envelope(mailFrom, rcptTo), OWNED, LIMITS, NOW)),
      {
        reason: 'invalidProperties',
        properties: ['envelope'],
      },
    );
  }
});

test('return path, recipient count and recipient addresses', () => {
  assert.deepEqual(
    refusal(() =>
      checkEnvelope(
        { mailFrom: { email: '', parameters: null }, rcptTo: envelope(null).rcptTo },
        OWNED,
        LIMITS,
        NOW,
      ),
    ),
    { reason: 'forbiddenMailFrom' },
  );
  assert.deepEqual(
    refusal(() => checkEnvelope(envelope(null, []), OWNED, LIMITS, NOW)),
    { reason: 'noRecipients' },
  );
  const four = ['a', 'b', 'c', 'd'].map((local) => ({ email: `${local}@exemple.org`, parameters: null }));
  assert.deepEqual(
    refusal(() => checkEnvelope(envelope(null, four), OWNED, LIMITS, NOW)),
    {
      reason: 'tooManyRecipients',
      maxRecipients: 3,
    },
  );
  const bad = [
    { email: 'ok@exemple.org', parameters: null },
    { email: 'sans-arobase', parameters: null },
    { email: 'a <b>@exemple.org', parameters: null },
  ];
  assert.deepEqual(
    refusal(() => checkEnvelope(envelope(null, bad), OWNED, LIMITS, NOW)),
    {
      reason: 'invalidRecipients',
      invalidRecipients: ['sans-arobase', 'a <b>@exemple.org'],
    },
  );
});
