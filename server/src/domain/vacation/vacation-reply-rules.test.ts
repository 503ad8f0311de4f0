import assert from 'node:assert/strict';
import { test } from 'node:test';
import { domainToASCII } from 'node:url';
import {
  decideReply,
  headerValues,
  MAX_REPLY_HEADER_BYTES,
  mailboxKey,
  readReplyHeaders,
  type ReplyCheck,
  type ReplySkipReason,
} from './vacation-reply-rules.ts';

const OWN = ['paul.martin@ac-test.fr', 'p.martin@ac-test.fr'];
const SENDER = 'alice@example.org';

/** A message from Alice to Paul, with `extra` header lines added before the blank line. */
function message(extra: string[] = [], to = 'Paul Martin <paul.martin@ac-test.fr>'): Uint8Array {
  return Buffer.from(
    [
      'From: Alice <alice@example.org>',
      `To: ${to}`,
      'Subject: Réunion',
      'Message-ID: <m1@example.org>',
      ...extra,
      '',
      'Bonjour',
      '',
    ].join('\r\n'),
  );
}

function decide(raw: Uint8Array, overrides: Partial<ReplyCheck> = {}) {
  return decideReply({ sender: SENDER, headers: readReplyHeaders(raw), ownAddresses: OWN, ...overrides });
}

function assertSkipped(raw: Uint8Array, reason: ReplySkipReason, overrides: Partial<ReplyCheck> = {}) {
  assert.deepEqual(decide(raw, overrides), { mayReply: false, reason });
}

test('a personal message from a person may be answered', () => {
  assert.deepEqual(decide(message()), { mayReply: true });
});

test('the null sender and unusable reverse paths are never answered', () => {
  assertSkipped(message(), 'nullSender', { sender: '' });
  assertSkipped(message(), 'invalidSender', { sender: 'alice' });
  assertSkipped(message(), 'invalidSender', { sender: 'alice@[192.0.2.1]' });
  assertSkipped(message(), 'invalidSender', { sender: 'a b@example.org' });
  assertSkipped(message(), 'invalidSender', { sender: `${'a'.repeat(260)}@example.org` });
});

test('Auto-Submitted other than "no" stops the reply; "no" does not', () => {
  assertSkipped(message(['Auto-Submitted: auto-replied']), 'autoSubmitted');
  assertSkipped(message(['Auto-Submitted: auto-generated; owner-email="x@example.org"']), 'autoSubmitted');
  assertSkipped(message(['auto-submitted:   Auto-Notified']), 'autoSubmitted');
  assert.deepEqual(decide(message(['Auto-Submitted: No'])), { mayReply: true });
  assert.deepEqual(decide(message(['Auto-Submitted: no (a person wrote this)'])), { mayReply: true });
});

test('Precedence bulk, list and junk stop the reply; other values do not', () => {
  for (const value of ['bulk', 'list', 'JUNK', ' Bulk ']) {
    assertSkipped(message([`Precedence: ${value}`]), 'bulkPrecedence');
  }
  assert.deepEqual(decide(message(['Precedence: first-class'])), { mayReply: true });
});

test('any list field marks list mail', () => {
  for (const field of [
    'List-Id: Profs <profs.ac-test.fr>',
    'List-Unsubscribe: <mailto:leave@example.org>',
    'List-Post: <mailto:profs@example.org>',
    'List-Help: <mailto:help@example.org>',
    'List-Subscribe: <mailto:join@example.org>',
    'List-Owner: <mailto:owner@example.org>',
    'List-Archive: <https://example.org/archive>',
  ]) {
    assertSkipped(message([field]), 'mailingList');
  }
  assert.deepEqual(decide(message(['X-List-Whatever: 1'])), { mayReply: true });
});

test('X-Auto-Response-Suppress All or OOF stops the reply; other values do not', () => {
  assertSkipped(message(['X-Auto-Response-Suppress: All']), 'responseSuppressed');
  assertSkipped(message(['X-Auto-Response-Suppress: DR, OOF, AutoReply']), 'responseSuppressed');
  assert.deepEqual(decide(message(['X-Auto-Response-Suppress: DR, RN, NRN'])), { mayReply: true });
});

test('automated senders are not answered; people whose names look alike are', () => {
  for (const sender of [
    'MAILER-DAEMON@example.org',
    'listserv@example.org',
    'Majordomo@example.org',
    'owner-profs@example.org',
    'profs-request@example.org',
    'postmaster@example.org',
    'noreply@example.org',
    'no-reply@example.org',
    'no_reply+tracking@example.org',
    'do-not-reply@example.org',
    'notifications.noreply@example.org',
    'ne-pas-repondre@ac-test.fr',
    'nepasrepondre@ac-test.fr',
  ]) {
    assertSkipped(message(), 'automatedSender', { sender });
  }
  for (const sender of [
    'owner@example.org',
    'requests@example.org',
    'noreplyman@example.org',
    'noe@example.org',
  ]) {
    assert.deepEqual(decide(message(), { sender }), { mayReply: true }, sender);
  }
});

test('the account is not answered when it wrote to itself, under any of its addresses', () => {
  assertSkipped(message(), 'ownAddress', { sender: 'Paul.Martin@ac-test.fr' });
  assertSkipped(message(), 'ownAddress', { sender: 'p.martin+notes@ac-test.fr' });
});

test('only a message naming the account in To, Cc, Bcc or Resent-* is answered', () => {
  assertSkipped(message([], 'Profs <profs@ac-test.fr>'), 'notAddressed');
  assertSkipped(
    message(['X-Original-To: paul.martin@ac-test.fr'], 'undisclosed-recipients:;'),
    'notAddressed',
  );
  for (const field of [
    'Cc: =?utf-8?q?Paul_Martin?= <PAUL.MARTIN@AC-TEST.FR>',
    'Bcc: p.martin@ac-test.fr',
    'Resent-To: paul.martin+vacances@ac-test.fr',
    'Resent-Cc: someone@example.org, paul.martin@ac-test.fr',
    'Resent-Bcc: Équipe: p.martin@ac-test.fr;',
  ]) {
    assert.deepEqual(decide(message([field], 'Profs <profs@ac-test.fr>')), { mayReply: true }, field);
  }
  // The address the mail reached counts as the account's.
  assert.deepEqual(
    decide(message([], 'secretariat@ac-test.fr'), { ownAddresses: [...OWN, 'secretariat@ac-test.fr'] }),
    { mayReply: true },
  );
});

test('addresses compare without case or sub-address, and an IDN in Unicode matches its A-label form', () => {
  const aLabel = domainToASCII('école.fr');
  assert.match(aLabel, /^xn--/);
  assert.equal(mailboxKey('Élise+x@ÉCOLE.fr'), `élise@${aLabel}`);
  assert.equal(mailboxKey('Paul.Martin@AC-TEST.FR'), 'paul.martin@ac-test.fr');
  assert.equal(mailboxKey('no-domain'), undefined);
  assert.deepEqual(decide(message([], 'paul@école.fr'), { ownAddresses: [`paul@${aLabel}`] }), {
    mayReply: true,
  });
  assertSkipped(message([], 'paul@ecole.fr'), 'notAddressed', { ownAddresses: [`paul@${aLabel}`] });
});

test('folded fields are read whole, repeated ones all, only in the header section', () => {
  const raw = Buffer.from(
    'To: profs@ac-test.fr,\r\n\tPaul <paul.martin@ac-test.fr>\r\nCc: a@example.org\r\nCc: b@example.org\r\n' +
      '\r\nAuto-Submitted: auto-replied\r\nList-Id: <x>\r\n',
  );
  const headers = readReplyHeaders(raw);
  assert.deepEqual(headerValues(headers, 'to'), ['profs@ac-test.fr,\tPaul <paul.martin@ac-test.fr>']);
  assert.deepEqual(headerValues(headers, 'cc'), ['a@example.org', 'b@example.org']);
  assert.deepEqual(headerValues(headers, 'auto-submitted'), [], 'the body is not read');
  assert.equal(headers.isTruncated, false);
  assert.deepEqual(decide(raw), { mayReply: true });
});

test('bare LF line ends, a message without a body, and junk lines are tolerated', () => {
  const lf = Buffer.from(
    'To: paul.martin@ac-test.fr\nno colon here\n: empty name\nPrecedence: bulk\n\nbody\n',
  );
  assertSkipped(lf, 'bulkPrecedence');
  const headerOnly = Buffer.from('To: paul.martin@ac-test.fr\r\nAuto-Submitted: auto-generated');
  assertSkipped(headerOnly, 'autoSubmitted');
  const binary = Buffer.concat([
    Buffer.from('To: paul.martin@ac-test.fr\r\nSubject: '),
    Buffer.from([0xff, 0xfe, 0x00, 0x80]),
    Buffer.from('\r\n\r\n'),
  ]);
  assert.deepEqual(decide(binary), { mayReply: true });
  assert.equal(readReplyHeaders(new Uint8Array(0)).isTruncated, false);
  assertSkipped(new Uint8Array(0), 'notAddressed');
});

test('a header section longer than the bound is not answered, and reading it stays bounded', () => {
  const filler = `X-Filler: ${'a'.repeat(998)}\r\n`.repeat(Math.ceil(MAX_REPLY_HEADER_BYTES / 1000) + 1);
  const huge = Buffer.from(`To: paul.martin@ac-test.fr\r\n${filler}Auto-Submitted: auto-replied\r\n\r\nx`);
  const headers = readReplyHeaders(huge);
  assert.equal(headers.isTruncated, true);
  assertSkipped(huge, 'headerTooLarge');
  // Just under the bound, the same message is read to its end.
  const small = Buffer.from(`To: paul.martin@ac-test.fr\r\n${'X-Filler: a\r\n'.repeat(100)}\r\nx`);
  assert.equal(readReplyHeaders(small).isTruncated, false);
  // One endless line without a colon costs a bounded scan, whatever its length.
  const started = performance.now();
  readReplyHeaders(Buffer.alloc(8 * 1024 * 1024, 0x61));
  assert.ok(performance.now() - started < 1000);
});
