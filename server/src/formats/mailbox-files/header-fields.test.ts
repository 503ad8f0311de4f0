import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '#formats/mime';
import { messageIdOf, readHeaderFields, toCrlf } from './header-fields.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

test('the Message-ID is read as the MIME codec stores it', async () => {
  const cases = [
    'Message-ID: <a.1@ac-test.fr>\n\nbody',
    'message-id:\n  <folded@ac-test.fr> (comment)\n\nbody',
    'Subject: x\r\nMessage-Id: bare@ac-test.fr\r\n\r\nMessage-ID: <in-body@x>',
    'Message-ID: <first@x>\nMessage-ID: <second@x>\n\n',
    'Message-ID: not an id\n\n',
    'Subject: no id\n\nMessage-ID: <in-body@x>\n',
    'Message-ID: <only-header@x>',
    'From: é <e@x>\nMessage-ID: <caf\xe9@x>\n\n',
  ];
  for (const text of cases) {
    const raw = text.includes('\xe9') ? Buffer.from(text, 'latin1') : bytes(text);
    assert.equal(messageIdOf(raw), (await parseMessage(raw)).messageId, JSON.stringify(text));
  }
});

test('header fields are read from the top-level header only, unfolded', () => {
  const raw = bytes('Status: RO\nX-Status:\n A F\nSubject: x\n\nStatus: D\n');
  const fields = readHeaderFields(raw, new Set(['status', 'x-status', 'date']));
  assert.deepEqual(
    [...fields],
    [
      ['status', 'RO'],
      ['x-status', 'A F'],
    ],
  );
});

test('bare LF line ends become CRLF, and CRLF ones stay', () => {
  assert.equal(Buffer.from(toCrlf(bytes('a\nb\r\nc\n\n'))).toString(), 'a\r\nb\r\nc\r\n\r\n');
  const already = bytes('a\r\nb\r\n');
  assert.equal(toCrlf(already), already, 'nothing to do: the same array');
  assert.equal(Buffer.from(toCrlf(bytes('\nx'))).toString(), '\r\nx');
});
