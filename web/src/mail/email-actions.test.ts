import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JmapMailbox } from '@vercors/contract';
import { changesFor, inverseOf } from './email-actions.ts';

const box = (id: string, role: string | null) => ({ id, role }) as JmapMailbox;
const yes = true as const;
const MAILBOXES = [
  box('in', 'inbox'),
  box('ar', 'archive'),
  box('tr', 'trash'),
  box('jk', 'junk'),
  box('pr', null),
];

// A conversation of three: two in the inbox (one read and flagged), the reply in Sent.
const EMAILS = [
  { id: 'e1', mailboxIds: { in: true }, keywords: { $seen: true, $flagged: true } },
  { id: 'e2', mailboxIds: { in: true }, keywords: {} },
  { id: 'e3', mailboxIds: { se: true }, keywords: { $seen: true } },
] as const;
const ROW = [{ threadId: 't1', emailId: 'e2' }];

test('read and unread change only what differs, in the folder shown', () => {
  assert.deepEqual(changesFor({ kind: 'read' }, EMAILS, ROW, 'in', MAILBOXES), {
    update: { e2: { 'keywords/$seen': true } },
    destroy: [],
  });
  assert.deepEqual(changesFor({ kind: 'unread' }, EMAILS, ROW, 'in', MAILBOXES).update, {
    e1: { 'keywords/$seen': null },
  });
});

test('flag marks the message the row shows; unflag clears every flag of the conversation', () => {
  assert.deepEqual(changesFor({ kind: 'flag' }, EMAILS, ROW, 'in', MAILBOXES).update, {
    e2: { 'keywords/$flagged': true },
  });
  assert.deepEqual(changesFor({ kind: 'unflag' }, EMAILS, ROW, 'in', MAILBOXES).update, {
    e1: { 'keywords/$flagged': null },
  });
});

test('archive, move and junk move the folder’s emails of the conversation, never the Sent copy', () => {
  const archived = changesFor({ kind: 'archive' }, EMAILS, ROW, 'in', MAILBOXES).update;
  assert.deepEqual(archived, {
    e1: { 'mailboxIds/in': null, 'mailboxIds/ar': true },
    e2: { 'mailboxIds/in': null, 'mailboxIds/ar': true },
  });
  assert.deepEqual(
    Object.keys(changesFor({ kind: 'move', mailboxId: 'pr' }, EMAILS, ROW, 'in', MAILBOXES).update),
    ['e1', 'e2'],
  );
  assert.deepEqual(changesFor({ kind: 'junk' }, EMAILS, ROW, 'in', MAILBOXES).update.e2, {
    'mailboxIds/in': null,
    'mailboxIds/jk': true,
    'keywords/$junk': true,
    'keywords/$notjunk': null,
  });
});

test('not junk goes back to the inbox with $notjunk', () => {
  const junk = [{ id: 'j1', mailboxIds: { jk: yes }, keywords: { $junk: yes } }];
  assert.deepEqual(
    changesFor({ kind: 'notJunk' }, junk, [{ threadId: 't', emailId: 'j1' }], 'jk', MAILBOXES).update,
    {
      j1: { 'mailboxIds/jk': null, 'mailboxIds/in': true, 'keywords/$notjunk': true, 'keywords/$junk': null },
    },
  );
});

test('delete moves to the trash, and destroys from the trash', () => {
  assert.deepEqual(changesFor({ kind: 'trash' }, EMAILS, ROW, 'in', MAILBOXES).update.e1, {
    'mailboxIds/in': null,
    'mailboxIds/tr': true,
  });
  const trashed = [{ id: 'x1', mailboxIds: { tr: yes }, keywords: {} }];
  assert.deepEqual(
    changesFor({ kind: 'trash' }, trashed, [{ threadId: 't', emailId: 'x1' }], 'tr', MAILBOXES),
    {
      update: {},
      destroy: ['x1'],
    },
  );
});

test('an account without the folder an action needs changes nothing', () => {
  assert.deepEqual(changesFor({ kind: 'archive' }, EMAILS, ROW, 'in', [box('in', 'inbox')]), {
    update: {},
    destroy: [],
  });
});

test('in search results a row is one email: a move takes it out of every folder, delete from the trash destroys', () => {
  const found: { id: string; mailboxIds: Record<string, true>; keywords: Record<string, true> }[] = [
    { id: 'e1', mailboxIds: { in: yes, pr: yes }, keywords: {} },
    { id: 'e2', mailboxIds: { in: yes }, keywords: {} },
  ];
  const row = [{ threadId: 't1', emailId: 'e1' }];
  assert.deepEqual(changesFor({ kind: 'archive' }, found, row, null, MAILBOXES).update, {
    e1: { mailboxIds: { ar: true } },
  });
  assert.deepEqual(changesFor({ kind: 'read' }, found, row, null, MAILBOXES).update, {
    e1: { 'keywords/$seen': true },
  });
  const trashed = [{ id: 'x1', mailboxIds: { tr: yes }, keywords: {} }];
  assert.deepEqual(
    changesFor({ kind: 'trash' }, trashed, [{ threadId: 't', emailId: 'x1' }], null, MAILBOXES),
    {
      update: {},
      destroy: ['x1'],
    },
  );
});

test('an action is undone by putting back what each message had', () => {
  const junked = changesFor({ kind: 'junk' }, EMAILS, ROW, 'in', MAILBOXES);
  assert.deepEqual(inverseOf(junked, EMAILS), {
    update: {
      e1: { 'mailboxIds/in': true, 'mailboxIds/jk': null, 'keywords/$junk': null, 'keywords/$notjunk': null },
      e2: { 'mailboxIds/in': true, 'mailboxIds/jk': null, 'keywords/$junk': null, 'keywords/$notjunk': null },
    },
    destroy: [],
  });
  const unread = changesFor({ kind: 'unread' }, EMAILS, ROW, 'in', MAILBOXES);
  assert.deepEqual(inverseOf(unread, EMAILS)?.update, { e1: { 'keywords/$seen': true } });
  // A search result moved out of every folder gets its folders back.
  const moved = changesFor({ kind: 'move', mailboxId: 'pr' }, EMAILS, ROW, null, MAILBOXES);
  assert.deepEqual(inverseOf(moved, EMAILS)?.update, { e2: { mailboxIds: { in: true } } });
});

test('what was destroyed cannot be undone', () => {
  const inTrash = [{ id: 'e9', mailboxIds: { tr: yes }, keywords: {} }];
  const destroyed = changesFor(
    { kind: 'trash' },
    inTrash,
    [{ threadId: 't9', emailId: 'e9' }],
    'tr',
    MAILBOXES,
  );
  assert.deepEqual(destroyed.destroy, ['e9']);
  assert.equal(inverseOf(destroyed, inTrash), undefined);
});
