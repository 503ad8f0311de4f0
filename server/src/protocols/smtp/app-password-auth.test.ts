// SMTP AUTH with app passwords: where the policy requires them, the account password gets 534 5.7.9 with what
// to do; an app password for mail is accepted, one made for calendars and contacts is not.

import { test } from 'node:test';
import { parseTranscript, runTranscript } from '../../test-support/transcript-runner.ts';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import { openSmtpFixture, PAUL } from './smtp.fixture.ts';

const plain = (user: string, secret: string) =>
  Buffer.from(`\u0000${user}\u0000${secret}`).toString('base64');
const EHLO = ['C: EHLO phone.local', ...Array<string>(7).fill('S: ^250-'), 'S: ^250 SIZE'];

test('SMTP AUTH takes an app password for mail where the policy requires one', async (t) => {
  const fixture = await openSmtpFixture(t, { env: { VERCORS_APP_PASSWORDS_REQUIRED: 'true' } });
  const { identity } = fixture.services;
  const mail = await identity.createAppPassword(fixture.accounts.paul, { name: 'Phone', scope: 'mail' }, {});
  const dav = await identity.createAppPassword(fixture.accounts.paul, { name: 'Agenda', scope: 'dav' }, {});
  const transcript = [
    'S: ^220',
    ...EHLO,
    `C: AUTH PLAIN ${plain(PAUL.email, PAUL.password)}`,
    'S: ^534 5\\.7\\.9 This account needs an app password: create one in the webmail settings$',
    `C: AUTH PLAIN ${plain(PAUL.email, dav.secret)}`,
    'S: ^535 5\\.7\\.8 This app password is not for mail',
    `C: AUTH PLAIN ${plain(PAUL.email, mail.secret)}`,
    'S: ^235',
    'C: QUIT',
    'S: ^221',
  ].join('\n');
  await runTranscript(parseTranscript(transcript), fixture.ports.submissions, true);
});

test('with a second factor SMTP AUTH refuses the account password and takes an app password', async (t) => {
  const fixture = await openSmtpFixture(t);
  const { identity, clock } = fixture.services;
  await enrolTotpFor(identity, clock, PAUL);
  const { secret } = await identity.createAppPassword(
    fixture.accounts.paul,
    { name: 'Phone', scope: 'all' },
    {},
  );
  const transcript = [
    'S: ^220',
    ...EHLO,
    `C: AUTH PLAIN ${plain(PAUL.email, PAUL.password)}`,
    'S: ^534 5\\.7\\.9 ',
    `C: AUTH PLAIN ${plain(PAUL.email, secret)}`,
    'S: ^235',
    'C: QUIT',
    'S: ^221',
  ].join('\n');
  await runTranscript(parseTranscript(transcript), fixture.ports.submissions, true);
});
