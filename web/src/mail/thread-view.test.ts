import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initiallyUnfolded, MAX_THREAD_SHOWN, threadMembers } from './thread-view.ts';

const member = (id: string, at: string, mailbox = 'inbox', seen = true) => ({
  id,
  mailboxIds: { [mailbox]: true },
  keywords: (seen ? { $seen: true } : {}) as Record<string, boolean>,
  receivedAt: at,
});

test('a thread is shown oldest first, without what is only in the trash or junk', () => {
  const members = [
    member('c', '2026-11-03T00:00:00Z', 'sent'),
    member('a', '2026-11-01T00:00:00Z'),
    member('t', '2026-11-02T00:00:00Z', 'trash'),
    member('b', '2026-11-02T00:00:00Z'),
  ];
  const aside = new Set(['trash', 'junk']);
  assert.deepEqual(
    threadMembers(members, 'c', aside).shown.map((m) => m.id),
    ['a', 'b', 'c'],
  );
  // Opened from the trash: the whole thread, the deleted one included.
  assert.deepEqual(
    threadMembers(members, 't', aside).shown.map((m) => m.id),
    ['a', 'b', 't', 'c'],
  );
});

test('a very long thread shows its newest messages and the open one', () => {
  const members = Array.from({ length: MAX_THREAD_SHOWN + 20 }, (_, i) =>
    member(`m${String(i).padStart(3, '0')}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()),
  );
  const { shown, hidden } = threadMembers(members, 'm000', new Set());
  assert.equal(shown.length, MAX_THREAD_SHOWN);
  assert.equal(hidden, 20);
  assert.ok(shown.some((m) => m.id === 'm000'));
});

test('the open message, the unread ones and the latest start unfolded', () => {
  const members = [
    member('a', '1', 'inbox'),
    member('b', '2', 'inbox', false),
    member('c', '3', 'inbox'),
    member('d', '4', 'inbox'),
  ];
  assert.deepEqual([...initiallyUnfolded(members, 'a')].sort(), ['a', 'b', 'd']);
});
