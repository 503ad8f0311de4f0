// Bcc removal keeps every other byte: folded Bcc fields go whole, a Bcc-like name (Bcc-Note) or a Bcc line in
// the body stays, CRLF and LF messages alike.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutBcc } from './submission-message.ts';

const strip = (text: string) => Buffer.from(withoutBcc(Buffer.from(text, 'latin1'))).toString('latin1');

test('Bcc fields are removed with their folded lines, whatever their case', () => {
  const message =
    'From: paul@ac-test.fr\r\nBCC: a@exemple.org,\r\n b@exemple.org\r\nTo: marie@ac-test.fr\r\n' +
    'bcc : c@exemple.org\r\nSubject: x\r\n\r\nBcc: stays in the body\r\n';
  assert.equal(
    strip(message),
    'From: paul@ac-test.fr\r\nTo: marie@ac-test.fr\r\nSubject: x\r\n\r\nBcc: stays in the body\r\n',
  );
});

test('a last header field that is Bcc, LF line ends, and fields that only start like Bcc', () => {
  assert.equal(strip('To: a@b.fr\nBcc: c@d.fr\n\nbody\n'), 'To: a@b.fr\n\nbody\n');
  assert.equal(strip('Bcc-Note: kept\nBccx: kept\n\nbody'), 'Bcc-Note: kept\nBccx: kept\n\nbody');
  assert.equal(strip('To: a@b.fr\r\nBcc: c@d.fr'), 'To: a@b.fr\r\n');
});

test('a message without Bcc comes back as the very same bytes', () => {
  const raw = Buffer.from('From: a@b.fr\r\n\r\nBonjour\r\n');
  assert.equal(withoutBcc(raw), raw);
});
