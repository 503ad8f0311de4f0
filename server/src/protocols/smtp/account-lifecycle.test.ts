// SMTP and the accounts' lifecycle: mail to a suspended account is kept by default and refused with 550 5.2.1
// (RFC 3463 "mailbox disabled") where lifecycle.suspended-accounts-receive-mail is off; SMTP AUTH counts as the
// account's activity.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTranscript, runTranscript } from '../../test-support/transcript-runner.ts';
import { MARIE, openSmtpFixture, PAUL } from './smtp.fixture.ts';

const EHLO = ['C: EHLO mx.example.org', ...Array<string>(7).fill('S: ^250-'), 'S: ^250 SIZE'];
const plain = (user: string, secret: string) =>
  Buffer.from(`\u0000${user}\u0000${secret}`).toString('base64');

test('mail to a suspended account is kept for its return by default', async (t) => {
  const fixture = await openSmtpFixture(t);
  await fixture.services.identity.suspendAccount(MARIE.email, 'congé long');
  const transcript = [
    'S: ^220',
    ...EHLO,
    'C: MAIL FROM:<alice@example.org>',
    'S: ^250',
    `C: RCPT TO:<${MARIE.email}>`,
    'S: ^250 2\\.1\\.5',
    'C: DATA',
    'S: ^354',
    'C: Subject: Conseil de classe',
    'C:',
    'C: Bonjour.',
    'C: .',
    'S: ^250 2\\.0\\.0',
    'C: QUIT',
    'S: ^221',
  ].join('\n');
  await runTranscript(parseTranscript(transcript), fixture.ports.smtp, false);
  assert.equal(await fixture.count(MARIE.email, 'inbox'), 1);
});

test('where suspended accounts do not receive mail, RCPT answers 550 5.2.1', async (t) => {
  const fixture = await openSmtpFixture(t, {
    env: { VERCORS_LIFECYCLE_SUSPENDED_ACCOUNTS_RECEIVE_MAIL: 'false' },
  });
  await fixture.services.identity.suspendAccount(MARIE.email, 'congé long');
  const transcript = [
    'S: ^220',
    ...EHLO,
    'C: MAIL FROM:<alice@example.org>',
    'S: ^250',
    `C: RCPT TO:<${MARIE.email}>`,
    'S: ^550 5\\.2\\.1 Mailbox disabled, not accepting messages$',
    'C: RCPT TO:<nobody@ac-test.fr>',
    'S: ^550 5\\.1\\.1 ',
    `C: RCPT TO:<${PAUL.email}>`,
    'S: ^250 2\\.1\\.5',
    'C: QUIT',
    'S: ^221',
  ].join('\n');
  await runTranscript(parseTranscript(transcript), fixture.ports.smtp, false);
});

test('SMTP AUTH counts as the account’s activity', async (t) => {
  const fixture = await openSmtpFixture(t);
  const { identity, database } = fixture.services;
  await database.write((tx) =>
    tx.db.updateTable('accounts').set({ last_activity_at: 0 }).where('email', '=', PAUL.email).execute(),
  );
  const transcript = [
    'S: ^220',
    'C: EHLO phone.local',
    ...Array<string>(7).fill('S: ^250-'),
    'S: ^250 SIZE',
    `C: AUTH PLAIN ${plain(PAUL.email, PAUL.password)}`,
    'S: ^235',
    'C: QUIT',
    'S: ^221',
  ].join('\n');
  const before = Date.now();
  await runTranscript(parseTranscript(transcript), fixture.ports.submissions, true);
  const lastActivity = (await identity.findAccount(PAUL.email))?.lastActivityAt?.getTime() ?? 0;
  assert.ok(lastActivity >= before, `last activity ${lastActivity} is the login's`);
});
