import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMailboxName, encodeMailboxName, normalizeInboxName } from './mailbox-name.ts';

describe('mailbox names on the wire', () => {
  it('uses modified UTF-7 for IMAP4rev1 clients and UTF-8 as is for UTF-8 clients', () => {
    assert.equal(encodeMailboxName('Boîte & co', { utf8: false }), 'Bo&AO4-te &- co');
    assert.equal(encodeMailboxName('Boîte & co', { utf8: true }), 'Boîte & co');
    assert.equal(decodeMailboxName('Bo&AO4-te &- co', { utf8: false }), 'Boîte & co');
    assert.equal(decodeMailboxName('Bo&AO4-te', { utf8: true }), 'Bo&AO4-te');
  });

  const inbox: [string, string][] = [
    ['inbox', 'INBOX'],
    ['InBoX', 'INBOX'],
    ['inbox/Sent', 'INBOX/Sent'],
    ['Inbox/inbox', 'INBOX/inbox'],
    ['inboxes', 'inboxes'],
    ['inbox.Sent', 'inbox.Sent'],
    ['Archive/inbox', 'Archive/inbox'],
    ['INB', 'INB'],
  ];
  for (const [name, normalized] of inbox) {
    it(`folds INBOX case-insensitively: "${name}" → "${normalized}" (delimiter /)`, () => {
      assert.equal(normalizeInboxName(name, '/'), normalized);
    });
  }
});
