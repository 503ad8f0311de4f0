import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from './parse-message.ts';
import { threadKeys } from './thread-keys.ts';

test('parents are In-Reply-To then References newest first, each once, never the message itself', async () => {
  const raw = Buffer.from(
    [
      'Message-ID: <m4@x>',
      'In-Reply-To: <m3@x>',
      'References: <m1@x> <m2@x>',
      ' <m3@x> <m4@x>',
      'Subject: =?utf-8?q?RE_:_TR_:_R=C3=A9union?=',
      '',
      'body',
    ].join('\r\n'),
  );
  assert.deepEqual(threadKeys(await parseMessage(raw)), {
    messageId: 'm4@x',
    parents: ['m3@x', 'm2@x', 'm1@x'],
    normalizedSubject: 'réunion',
  });
});

test('a message without threading headers has no parents', async () => {
  const keys = threadKeys(await parseMessage(Buffer.from('Subject: Bonjour\r\n\r\n')));
  assert.deepEqual(keys, { messageId: undefined, parents: [], normalizedSubject: 'bonjour' });
});
